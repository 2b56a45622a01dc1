"""Learning (issue 7): findings with their evidence, CLEAR recommendations, and the actions
that carry them out across agencies, chased until they are evidenced and checked back."""

from .actions import (
    Action,
    ActionEvidence,
    ActionLevel,
    ActionStatus,
    ActionUpdate,
    EmbedMeasure,
    EmbedMeasureKind,
    EmbedMeasureShows,
)
from .chasing import ActionReminderSent, BoardDigestSent
from .findings import Finding, FindingKind, Recommendation, Theme

__all__ = [
    "Action",
    "ActionEvidence",
    "ActionLevel",
    "ActionReminderSent",
    "ActionStatus",
    "ActionUpdate",
    "BoardDigestSent",
    "EmbedMeasure",
    "EmbedMeasureKind",
    "EmbedMeasureShows",
    "Finding",
    "FindingKind",
    "Recommendation",
    "Theme",
]
