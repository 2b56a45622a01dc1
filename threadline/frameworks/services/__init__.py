"""Every change to frameworks: one transaction, the actor checked first, one audit row.

Only a draft version can change. Publishing freezes it: reviews are pinned to the version
they started under, so a published version's stages and rules never change underneath them;
to change a framework, copy a version into a new draft, edit it and publish that.
"""

from .stages import stage_add, stage_move, stage_remove, stage_update
from .versions import (
    framework_version_copy,
    framework_version_discard,
    framework_version_publish,
    framework_version_retire,
    frameworks_load_builtin,
)

__all__ = [
    "framework_version_copy",
    "framework_version_discard",
    "framework_version_publish",
    "framework_version_retire",
    "frameworks_load_builtin",
    "stage_add",
    "stage_move",
    "stage_remove",
    "stage_update",
]
