"""What every write to a review's stage checks first."""

from . import selectors
from .domain.errors import ReviewRuleError
from .models import ReviewStatus


def check_stage_of(review, stage) -> None:
    if stage.version_id != review.incident.framework_version_id:
        raise ReviewRuleError("That stage is not part of this review's framework", "stage")


def check_open(review, stage) -> None:
    """A completed stage (or review) changes only after the chair reopens it."""
    check_stage_of(review, stage)
    if selectors.is_stage_done(review, stage):
        raise ReviewRuleError(f"‘{stage.name}’ is complete. Ask the review chair to reopen it to change it.")
    if review.status == ReviewStatus.COMPLETED:
        raise ReviewRuleError("This review is complete. Ask the review chair to reopen a stage to change it.")
