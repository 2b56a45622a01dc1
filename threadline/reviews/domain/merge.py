"""Two people editing the same stage (issue 5 item 12): nothing is silently overwritten.

Every save names the version it started from. When someone else saved in between, the
second person's save is refused and they see, field by field, what changed: a field only
they changed keeps their text, a field only the other person changed keeps the other
person's text, and a field both changed differently is theirs to choose or combine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

THEIRS = "theirs"
YOURS = "yours"
COMBINE = "combine"


@dataclass(frozen=True)
class MergeResult:
    merged: dict[str, str]  # each field after taking the one-sided changes
    conflicts: tuple[str, ...]  # changed by both, differently: the person chooses
    theirs_only: tuple[str, ...]  # changed only by the other person: their text is kept


def three_way_merge(
    *,
    names: Sequence[str],
    base: Mapping[str, str],
    theirs: Mapping[str, str],
    yours: Mapping[str, str],
) -> MergeResult:
    merged: dict[str, str] = {}
    conflicts: list[str] = []
    theirs_only: list[str] = []
    for name in names:
        was, their, your = base.get(name, ""), theirs.get(name, ""), yours.get(name, "")
        if their == your:
            merged[name] = your
        elif their == was:
            merged[name] = your
        elif your == was:
            merged[name] = their
            theirs_only.append(name)
        else:
            merged[name] = your
            conflicts.append(name)
    return MergeResult(merged, tuple(conflicts), tuple(theirs_only))


def combined(theirs: str, yours: str) -> str:
    """Both texts, theirs first, as the starting point for combining them."""
    return f"{theirs.rstrip()}\n\n{yours.strip()}".strip()


def resolve(
    result: MergeResult,
    *,
    choices: Mapping[str, str],
    theirs: Mapping[str, str],
    yours: Mapping[str, str],
    combinations: Mapping[str, str],
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The values after the person's choices, and a problem for each conflict left unchosen."""
    values = dict(result.merged)
    problems: list[tuple[str, str]] = []
    for name in result.conflicts:
        choice = choices.get(name, "")
        if choice == THEIRS:
            values[name] = theirs.get(name, "")
        elif choice == YOURS:
            values[name] = yours.get(name, "")
        elif choice == COMBINE:
            values[name] = combinations.get(name, "")
        else:
            problems.append((name, "Select which text to keep"))
    return values, problems
