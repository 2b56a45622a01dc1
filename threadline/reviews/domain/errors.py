"""Errors a person reads: each names the field it belongs to, so a page can show it there."""

from __future__ import annotations

from collections.abc import Sequence


class ReviewRuleError(ValueError):
    """A review change that breaks a rule.

    `field` names the form field of the first problem; `problems` holds every (field,
    message) found, so that completing a stage can name each missing part at once.
    """

    def __init__(
        self,
        message: str,
        field: str | None = None,
        problems: Sequence[tuple[str | None, str]] | None = None,
    ):
        super().__init__(message)
        self.field = field
        self.problems = list(problems) if problems else [(field, message)]

    @classmethod
    def from_problems(cls, problems: Sequence[tuple[str | None, str]]) -> ReviewRuleError:
        field, message = problems[0]
        return cls(message, field, problems)


class StageRecordConflict(Exception):
    """Someone saved the stage after the version this edit started from: nothing is saved."""

    def __init__(self, *, base_version: int, current_version: int, changed_by: Sequence[str]):
        names = " and ".join(changed_by) if changed_by else "Someone"
        super().__init__(f"{names} changed this stage while you were editing")
        self.base_version = base_version
        self.current_version = current_version
        self.changed_by = list(changed_by)
