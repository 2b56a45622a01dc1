"""Which of a framework's criteria lists a notification chooses from, and which criteria of
those lists fit the category of the incident. Pure Python: the callers pass the lists in.

A framework holds other lists too (the English framework's criteria for a local review, for
commissioning a reviewer ...): those are for later decisions, not for notifying.
"""

from collections.abc import Sequence
from dataclasses import dataclass

# The lists a notification is made against, per built-in framework (one place only).
NOTIFICATION_CRITERIA_GROUPS: dict[str, tuple[str, ...]] = {
    "yjs-serious-incident-review": ("safeguarding", "youth-justice-board"),  # seed 000 §6.1
    "national-youth-justice-incident": ("mandatory", "discretionary"),  # seed 002 §1.1
    "english-practice-review": ("serious-case",),  # seed 001 §2.3
    "local-board-learning-review": ("triggers",),  # seed 003
    "scottish-learning-review": ("learning-review",),  # seed 004
}


@dataclass(frozen=True)
class CriterionChoice:
    pk: int
    group: str
    category: str  # "" when the criterion has none
    text: str


def notification_groups(framework_key: str, group_keys: Sequence[str]) -> list[str]:
    """The lists of `group_keys` (a version's lists, in order) a notification chooses from.

    A framework Threadline does not know (one a system administrator made) offers all its
    lists; a copy of a built-in one keeps the built-in choice of lists.
    """
    wanted = NOTIFICATION_CRITERIA_GROUPS.get(framework_key)
    if wanted is None:
        return list(group_keys)
    chosen = [key for key in group_keys if key in wanted]
    return chosen or list(group_keys)


def criteria_for_category(criteria: Sequence[CriterionChoice], category: str) -> list[CriterionChoice]:
    """The criteria that fit the incident's category: those of that category and those with
    none. If no criterion fits (a framework whose lists are all of the other category), all
    are offered rather than none."""
    if not category or not any(c.category for c in criteria):
        return list(criteria)
    fitting = [c for c in criteria if c.category in ("", category)]
    return fitting or list(criteria)


# The stage that notifying in Threadline itself completes, per built-in framework. The
# English framework's first stage is telling the national panel (seed 001 §2.3): it is done
# when the notification says the panel was told, on that day.
NOTIFICATION_STAGE = "notification"
STAGE_DONE_BY_TELLING: dict[str, str] = {"english-practice-review": "panel"}
NOTIFYING_COMPLETES: frozenset[str] = frozenset(
    {"yjs-serious-incident-review", "national-youth-justice-incident", "scottish-learning-review"}
)


def notification_stage_done_on(framework_key: str, *, notified_on, told: Sequence[tuple]) -> object | None:
    """The day the framework's notification stage is done by this notification, or None."""
    if framework_key in NOTIFYING_COMPLETES:
        return notified_on
    party = STAGE_DONE_BY_TELLING.get(framework_key)
    if party:
        days = [on for who, on, *_ in told if who == party]
        return min(days) if days else None
    return None
