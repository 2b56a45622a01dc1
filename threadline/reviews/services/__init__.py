from ..domain.costs import CostRuleError
from ..domain.errors import ReviewRuleError, StageRecordConflict
from .costs import review_cost_apportionment_set, review_cost_set
from .decisions import review_decision_record
from .proceedings import review_proceeding_end, review_proceeding_start
from .records import stage_record_save
from .stages import review_stage_complete, review_stage_reopen
from .start import review_start

__all__ = [
    "CostRuleError",
    "review_cost_apportionment_set",
    "review_cost_set",
    "ReviewRuleError",
    "StageRecordConflict",
    "review_decision_record",
    "review_proceeding_end",
    "review_proceeding_start",
    "review_stage_complete",
    "review_stage_reopen",
    "review_start",
    "stage_record_save",
]
