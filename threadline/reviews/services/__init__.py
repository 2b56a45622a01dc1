from ..domain.errors import ReviewRuleError, StageRecordConflict
from .decisions import review_decision_record
from .records import stage_record_save
from .stages import review_stage_complete, review_stage_reopen
from .start import review_start

__all__ = [
    "ReviewRuleError",
    "StageRecordConflict",
    "review_decision_record",
    "review_stage_complete",
    "review_stage_reopen",
    "review_start",
    "stage_record_save",
]
