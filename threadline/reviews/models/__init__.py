"""The models of reviews, one module per part of a review."""

from .documents import ReviewDocument
from .family import (
    ConsentStatus,
    ConsentSubject,
    ContactMethod,
    DraftReportFeedback,
    FamilyConsent,
    FamilyContact,
    FamilyLiaisonStrategy,
    FamilyView,
)
from .governance import GovernanceSubmission, SubmissionOutcome
from .meetings import Meeting, MeetingAttendee, MeetingKind, MeetingRevision
from .review import (
    CostApportionment,
    Decision,
    ParallelProceeding,
    ProceedingKind,
    ProceedingStatus,
    Review,
    ReviewCost,
    ReviewStatus,
    StageRecord,
    StageRecordRevision,
    StageReopening,
)
from .team import Independence, InvolvedAgency, ReviewTeamMember, TeamRole
from .terms import TermsOfReference, TermsOfReferenceVersion

__all__ = [
    "ConsentStatus",
    "ConsentSubject",
    "ContactMethod",
    "CostApportionment",
    "Decision",
    "DraftReportFeedback",
    "FamilyConsent",
    "FamilyContact",
    "FamilyLiaisonStrategy",
    "FamilyView",
    "GovernanceSubmission",
    "Independence",
    "InvolvedAgency",
    "Meeting",
    "MeetingAttendee",
    "MeetingKind",
    "MeetingRevision",
    "ParallelProceeding",
    "ProceedingKind",
    "ProceedingStatus",
    "Review",
    "ReviewCost",
    "ReviewDocument",
    "ReviewStatus",
    "ReviewTeamMember",
    "StageRecord",
    "StageRecordRevision",
    "StageReopening",
    "SubmissionOutcome",
    "TeamRole",
    "TermsOfReference",
    "TermsOfReferenceVersion",
]
