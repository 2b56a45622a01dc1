"""Errors a person reads: each names the field it belongs to, so a page can show it there."""

from __future__ import annotations

from collections.abc import Sequence

from threadline.core.domain.errors import RuleError


class ReviewRuleError(RuleError):
    """A review change that breaks a rule, e.g. completing a stage with parts missing."""


class StageRecordConflict(Exception):
    """Someone saved the stage after the version this edit started from: nothing is saved."""

    def __init__(self, *, base_version: int, current_version: int, changed_by: Sequence[str]):
        names = " and ".join(changed_by) if changed_by else "Someone"
        super().__init__(f"{names} changed this stage while you were editing")
        self.base_version = base_version
        self.current_version = current_version
        self.changed_by = list(changed_by)
