"""The error every app raises when a person's input breaks a rule."""

from __future__ import annotations

from collections.abc import Sequence


class RuleError(ValueError):
    """A change that breaks a rule; the message is shown to the person.

    `field` names the form field the first problem belongs to, so a page can show it there;
    `problems` holds every (field, message) found, so a form can show them all at once.
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
    def from_problems(cls, problems: Sequence[tuple[str | None, str]]):
        field, message = problems[0]
        return cls(message, field, problems)
