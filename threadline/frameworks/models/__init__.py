from .content import Criterion, CriterionCategory, CriterionGroup, ReviewMethod, Stage
from .versions import Framework, FrameworkVersion, FrameworkVersionLocked, VersionStatus

__all__ = [
    "Criterion",
    "CriterionCategory",
    "CriterionGroup",
    "Framework",
    "FrameworkVersion",
    "FrameworkVersionLocked",
    "ReviewMethod",
    "Stage",
    "VersionStatus",
]
