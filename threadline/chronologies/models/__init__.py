"""Chronologies (issue 6): each agency's account of its contacts with the child and family,
versioned by submission, and the review's merged chronology with its analysis."""

from .chronology import (
    AgencyChronology,
    ChronologyEntry,
    ChronologyReminderSent,
    ChronologyVersion,
    Precision,
)
from .jobs import ChronologyExport, ChronologyImport, ExportFormat, ImportStatus, JobStatus
from .merged import AnalysisNote, EntryMatch, MatchStatus, MergeSettings, PracticeEpisode
from .requests import ChronologyWithdrawal

__all__ = [
    "AgencyChronology",
    "AnalysisNote",
    "ChronologyEntry",
    "ChronologyExport",
    "ChronologyImport",
    "ChronologyReminderSent",
    "ChronologyVersion",
    "ChronologyWithdrawal",
    "EntryMatch",
    "ExportFormat",
    "ImportStatus",
    "JobStatus",
    "MatchStatus",
    "MergeSettings",
    "PracticeEpisode",
    "Precision",
]
