"""The rules every stage of a framework keeps, written once for the loader, the services and
the stage form. Pure Python: no Django, no clock.

A stage runs from an event (the notification, the decision to review, ...) or from an earlier
stage being completed, and may carry a deadline rule from `threadline.core.domain.deadlines`.
A stage may also carry an outer limit: the same kind of rule with a larger number, for a
timescale a seed gives as a range (seed 004: the whole review within six to nine months).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from threadline.core.domain.deadlines import (
    RULE_KINDS,
    CalendarDaysAfter,
    CalendarMonthsAfter,
    DeadlineRule,
    WorkingDaysAfter,
    WorkingDaysBefore,
)
from threadline.core.domain.errors import RuleError


class FrameworkRuleError(RuleError):
    """A framework change that breaks a rule."""


@dataclass(frozen=True)
class Event:
    """Something a stage's deadline can run from."""

    key: str
    label: str  # as offered in the "runs from" list
    phrase: str  # as it reads after "within 10 working days of ..."
    planned: bool = False  # a date set in advance, which a rule can count back from


EVENTS: tuple[Event, ...] = (
    Event("incident", "The incident", "the incident"),
    Event(
        "awareness",
        "The service becoming aware of the incident",
        "the service becoming aware of the incident",
    ),  # seed 000 §7.3 and the §14 flowchart: the YJS ILR runs from awareness
    Event("notification", "The notification", "the notification"),  # seed 002 §1.4
    Event("decision", "The decision to review", "the decision to review"),  # seed 001 §2.7.6, seed 004
    Event("previous-stage", "The previous stage being completed", "the previous stage being completed"),
    Event(
        "publication-planned",
        "The planned publication date",
        "the planned publication date",
        planned=True,
    ),  # seed 001 §2.7.5
)
EVENTS_BY_KEY = {event.key: event for event in EVENTS}
STAGE_EVENT_PREFIX = "stage:"

# What a person can reasonably mean; anything longer is a typing slip (DESIGN §2 timescales
# run from 10 working days to 9 months).
LIMITS: dict[str, tuple[int, str]] = {
    WorkingDaysAfter.kind: (400, "working days"),
    WorkingDaysBefore.kind: (400, "working days"),
    CalendarDaysAfter.kind: (730, "calendar days"),
    CalendarMonthsAfter.kind: (24, "months"),
}
KIND_LABELS: dict[str, str] = {
    WorkingDaysAfter.kind: "Working days after",
    CalendarDaysAfter.kind: "Calendar days after",
    CalendarMonthsAfter.kind: "Months after",
    WorkingDaysBefore.kind: "Working days before",
}

# A system administrator manages the system but takes no part in reviews, and a national
# body reader's access is read-only (DESIGN §1); neither completes a stage.
ROLES_THAT_CANNOT_COMPLETE = {
    "system-administrator": (
        "A system administrator does not take part in reviews, so cannot complete a stage"
    ),
    "national-body-reader": "A national body reader has read-only access, so cannot complete a stage",
}

KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_NAME = 200
MAX_KEY = 60


def is_key(value: object) -> bool:
    return isinstance(value, str) and len(value) <= MAX_KEY and bool(KEY_PATTERN.match(value))


def to_key(text: str) -> str:
    """'Rationale for the decision' -> 'rationale-for-the-decision' (letters, digits, hyphens)."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("'", "").replace("\u2019", ""))
    return "-".join(words)[:MAX_KEY].strip("-")


def humanise(key: str) -> str:
    """'rationale-for-the-decision' -> 'Rationale for the decision'."""
    text = key.replace("-", " ").strip()
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class StageDraft:
    """A stage as a person or a fixture gives it, before it is known to be right."""

    name: str
    completed_by: Sequence[str]
    runs_from: str
    deadline_kind: str = ""  # "" for no deadline
    deadline_n: int | None = None
    outer_limit_n: int | None = None
    records: Sequence[str] = ()


def _count_problems(field: str, kind: str, n: object) -> list[tuple[str, str]]:
    limit, unit = LIMITS[kind]
    what = "the outer limit" if field == "outer_limit_n" else "the deadline"
    if n is None or n == "":
        return [(field, f"Enter how many {unit} {what} allows")]
    if isinstance(n, bool) or not isinstance(n, int):
        return [(field, f"Enter the number of {unit} as a whole number, like 10")]
    if n < 0:
        return [(field, f"The number of {unit} must be 0 or more")]
    if n > limit:
        return [(field, f"The number of {unit} must be {limit} or fewer")]
    return []


def deadline_problems(kind: str, n: object, outer_n: object) -> list[tuple[str, str]]:
    if not kind:
        if outer_n not in (None, ""):
            return [("outer_limit_n", "An outer limit needs a deadline: choose how the deadline is counted")]
        return []
    if kind not in RULE_KINDS:
        return [("deadline_kind", "Select how the deadline is counted from the list")]
    problems = _count_problems("deadline_n", kind, n)
    if outer_n in (None, ""):
        return problems
    if kind == WorkingDaysBefore.kind:
        return [
            *problems,
            ("outer_limit_n", "A deadline counted back from a date cannot have an outer limit"),
        ]
    outer = _count_problems("outer_limit_n", kind, outer_n)
    if not outer and not problems and outer_n < n:  # type: ignore[operator]
        outer = [("outer_limit_n", f"The outer limit must be at least the deadline ({n})")]
    return [*problems, *outer]


def runs_from_problems(
    runs_from: str, *, earlier_stage_keys: Sequence[str], kind: str = ""
) -> list[tuple[str, str]]:
    if not runs_from:
        return [("runs_from", "Select what the stage runs from")]
    if runs_from.startswith(STAGE_EVENT_PREFIX):
        if runs_from[len(STAGE_EVENT_PREFIX) :] not in earlier_stage_keys:
            return [("runs_from", "A stage can only run from a stage that comes before it")]
        event = None
    elif runs_from in EVENTS_BY_KEY:
        event = EVENTS_BY_KEY[runs_from]
        if runs_from == "previous-stage" and not earlier_stage_keys:
            return [("runs_from", "The first stage cannot run from a previous stage")]
    else:
        return [("runs_from", "Select an event or an earlier stage from the list")]
    if kind == WorkingDaysBefore.kind and not (event and event.planned):
        return [
            (
                "runs_from",
                "A deadline counted back must run from a planned date, like the planned publication date",
            )
        ]
    return []


def roles_problems(completed_by: Iterable[str], known_roles: Iterable[str]) -> list[tuple[str, str]]:
    roles = list(completed_by)
    if not roles:
        return [("completed_by", "Select who completes the stage")]
    known = set(known_roles)
    for role in roles:
        if role not in known:
            message = f"‘{role}’ is not a role in Threadline: choose roles from the list"
            return [("completed_by", message)]
        if role in ROLES_THAT_CANNOT_COMPLETE:
            return [("completed_by", ROLES_THAT_CANNOT_COMPLETE[role])]
    if len(set(roles)) != len(roles):
        return [("completed_by", "Each role can be chosen only once")]
    return []


def records_problems(records: Iterable[str]) -> list[tuple[str, str]]:
    seen: set[str] = set()
    for record in records:
        if not is_key(record):
            return [
                (
                    "records",
                    f"‘{record}’ is not a name for a record: use lower-case letters, digits and hyphens",
                )
            ]
        if record in seen:
            return [("records", f"‘{record}’ is listed twice")]
        seen.add(record)
    return []


def stage_problems(
    draft: StageDraft, *, earlier_stage_keys: Sequence[str], known_roles: Iterable[str]
) -> list[tuple[str, str]]:
    """Everything wrong with one stage, in the order the stage form shows its fields."""
    problems: list[tuple[str, str]] = []
    name = (draft.name or "").strip()
    if not name:
        problems.append(("name", "Enter the stage's name"))
    elif len(name) > MAX_NAME:
        problems.append(("name", f"The stage's name must be {MAX_NAME} characters or fewer"))
    problems += records_problems(draft.records)
    problems += roles_problems(draft.completed_by, known_roles)
    problems += deadline_problems(draft.deadline_kind, draft.deadline_n, draft.outer_limit_n)
    problems += runs_from_problems(
        draft.runs_from, earlier_stage_keys=earlier_stage_keys, kind=draft.deadline_kind
    )
    return problems


def rules_of(draft: StageDraft) -> tuple[DeadlineRule | None, DeadlineRule | None]:
    """The deadline rule and outer limit of a stage already checked by `stage_problems`."""
    if not draft.deadline_kind:
        return None, None
    rule_type = RULE_KINDS[draft.deadline_kind]
    rule = rule_type(n=draft.deadline_n)
    outer = rule_type(n=draft.outer_limit_n) if draft.outer_limit_n is not None else None
    return rule, outer


def runs_from_label(runs_from: str, stage_names: dict[str, str] | None = None) -> str:
    """How the "runs from" of a stage reads in a table: 'The notification'."""
    if runs_from.startswith(STAGE_EVENT_PREFIX):
        key = runs_from[len(STAGE_EVENT_PREFIX) :]
        name = (stage_names or {}).get(key, humanise(key))
        return f"‘{name}’ being completed"
    event = EVENTS_BY_KEY.get(runs_from)
    return event.label if event else runs_from


def _runs_from_phrase(runs_from: str, stage_names: dict[str, str] | None) -> str:
    if runs_from.startswith(STAGE_EVENT_PREFIX):
        return runs_from_label(runs_from, stage_names)
    event = EVENTS_BY_KEY.get(runs_from)
    return event.phrase if event else runs_from


def describe_deadline(
    rule: DeadlineRule | None,
    outer_limit: DeadlineRule | None = None,
    runs_from: str = "",
    stage_names: dict[str, str] | None = None,
) -> str:
    """The deadline in words: 'Within 10 working days of the notification'."""
    if rule is None:
        return "No deadline"
    phrase = _runs_from_phrase(runs_from, stage_names) if runs_from else ""
    if isinstance(rule, WorkingDaysBefore):
        text = f"{rule.describe()} {phrase}".strip()
    else:
        text = f"{rule.describe()} of {phrase}" if phrase else rule.describe()
        if outer_limit is not None:
            unit = LIMITS[outer_limit.kind][1]
            if outer_limit.n == 1:
                unit = unit.rstrip("s")
            text += f", and no later than {outer_limit.n} {unit}"
    return text[:1].upper() + text[1:]
