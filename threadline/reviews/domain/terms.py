"""Terms of reference (issue 5 item 4): a living document, every saved version kept.

Terms of reference define the scope of the review and may be amended as the review learns more;
the partnership (or committee) is told of, and agrees, each change (seed 004 "Terms of
reference"). So every save is a new numbered version, two versions can be compared part by
part, and one version at a time is the agreed one. A save names the version it started from and
is refused when someone saved in between (issue 5 item 12), as a stage record's is.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .errors import ReviewRuleError
from .methods import Method, check_methods

MAX_TEXT = 20_000
MAX_AGREED_BY = 300
# seed 004 "Collecting and collating further information": two to three years before the
# incident is usually enough for the chronologies, so the scope starts there unless changed.
DEFAULT_SCOPE_YEARS = 3


class PartKind(StrEnum):
    TEXT = "text"
    DATE = "date"
    METHODS = "methods"


@dataclass(frozen=True)
class Part:
    key: str
    label: str
    kind: PartKind = PartKind.TEXT


KEY_LINES = "key-lines-of-enquiry"
SCOPE_FROM = "scope-from"
SCOPE_TO = "scope-to"
AGENCIES = "agencies"
METHODS = "methods"
RATIONALE = "method-rationale"
TIMESCALE = "timescale"

PARTS: tuple[Part, ...] = (
    Part(KEY_LINES, "Key lines of enquiry"),
    Part(SCOPE_FROM, "Scope period from", PartKind.DATE),
    Part(SCOPE_TO, "Scope period to", PartKind.DATE),
    Part(AGENCIES, "Agencies involved"),
    Part(METHODS, "Method", PartKind.METHODS),
    Part(RATIONALE, "Rationale for the method"),
    Part(TIMESCALE, "Timescale"),
)
PART_KEYS = tuple(part.key for part in PARTS)
PARTS_BY_KEY = {part.key: part for part in PARTS}


class TermsConflict(Exception):
    """Someone saved the terms of reference after the version this edit started from: nothing
    is saved."""

    def __init__(self, *, base_version: int, current_version: int, changed_by: Sequence[str]):
        names = " and ".join(changed_by) if changed_by else "Someone"
        super().__init__(f"{names} changed the terms of reference while you were editing")
        self.base_version = base_version
        self.current_version = current_version
        self.changed_by = list(changed_by)


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def default_scope(incident_day: date) -> tuple[date, date]:
    return years_before(incident_day, DEFAULT_SCOPE_YEARS), incident_day


def _text(value) -> str:
    return str(value or "").replace("\r\n", "\n").strip()


def method_keys(value) -> list[str]:
    """Chosen method keys from a list, or from the comma-separated text a merge carries."""
    if isinstance(value, str):
        value = value.split(",")
    keys: list[str] = []
    for key in value or []:
        key = str(key).strip()
        if key and key not in keys:
            keys.append(key)
    return keys


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


NOT_A_DATE = {
    SCOPE_FROM: "The start of the scope period must be a real date",
    SCOPE_TO: "The end of the scope period must be a real date",
}


def clean_terms(values: Mapping, *, offered: Sequence[Method]) -> dict:
    """The stored shape of the terms from a form's or a merge's values (dates as YYYY-MM-DD,
    methods as a list of keys or comma-separated text); every problem is named by its part."""
    data: dict = {}
    problems: list[tuple[str, str]] = []
    for part in PARTS:
        if part.kind is PartKind.METHODS:
            data[part.key] = method_keys(values.get(part.key))
            continue
        text = _text(values.get(part.key))
        if part.kind is PartKind.DATE:
            if text and not _is_date(text):
                problems.append((part.key, NOT_A_DATE[part.key]))
        elif len(text) > MAX_TEXT:
            problems.append((part.key, f"{part.label} must be {MAX_TEXT:,} characters or fewer"))
        data[part.key] = text
    problems += check_scope(data)
    problems += check_methods(data[METHODS], data[RATIONALE], offered)
    if problems:
        problems.sort(key=lambda problem: PART_KEYS.index(problem[0]))
        raise ReviewRuleError.from_problems(problems)
    return data


def check_scope(data: Mapping) -> list[tuple[str, str]]:
    try:
        start = date.fromisoformat(data.get(SCOPE_FROM) or "")
        end = date.fromisoformat(data.get(SCOPE_TO) or "")
    except ValueError:
        return []
    if start >= end:
        return [(SCOPE_FROM, "The start of the scope period must be before its end")]
    return []


def flat(data: Mapping) -> dict[str, str]:
    """Each part as text, for merging: methods as their keys separated by commas."""
    data = data if isinstance(data, Mapping) else {}
    values = {}
    for part in PARTS:
        value = data.get(part.key)
        values[part.key] = ",".join(method_keys(value)) if part.kind is PartKind.METHODS else _text(value)
    return values


def changed_parts(before: Mapping, after: Mapping) -> list[str]:
    """The keys of the parts that differ, for the audit log (never their text)."""
    old, new = flat(before), flat(after)
    return [key for key in PART_KEYS if old[key] != new[key]]


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def part_text(part: Part, data: Mapping, method_names: Callable[[list[str]], list[str]]) -> str:
    """A part as a person reads it: dates in words, methods by name, one a line."""
    value = flat(data)[part.key]
    if part.kind is PartKind.DATE and value:
        try:
            return long_date(date.fromisoformat(value))
        except ValueError:
            return value
    if part.kind is PartKind.METHODS:
        return "\n".join(method_names(method_keys(value)))
    return value


# --- comparing two versions


class Change(StrEnum):
    SAME = "same"
    ADDED = "added"
    REMOVED = "removed"


@dataclass(frozen=True)
class Segment:
    change: Change
    text: str


@dataclass(frozen=True)
class PartDifference:
    part: Part
    older: str
    newer: str
    segments: tuple[Segment, ...]

    @property
    def changed(self) -> bool:
        return self.older != self.newer


_WORDS = re.compile(r"\s+|[^\s]+")
_LINES = re.compile(r"\n|[^\n]+")


def word_diff(older: str, newer: str, *, by_line: bool = False) -> tuple[Segment, ...]:
    """The newer text as words kept, added and removed (a changed word is removed then added);
    `by_line` compares whole lines, for lists such as the methods chosen."""
    tokens = _LINES if by_line else _WORDS
    old, new = tokens.findall(older), tokens.findall(newer)
    segments: list[Segment] = []

    def add(change: Change, tokens: list[str]) -> None:
        text = "".join(tokens)
        if not text:
            return
        if segments and segments[-1].change is change:
            segments[-1] = Segment(change, segments[-1].text + text)
        else:
            segments.append(Segment(change, text))

    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for opcode, a1, a2, b1, b2 in matcher.get_opcodes():
        if opcode == "equal":
            add(Change.SAME, new[b1:b2])
        else:
            add(Change.REMOVED, old[a1:a2])
            add(Change.ADDED, new[b1:b2])
    return tuple(segments)


def compare(
    older: Mapping, newer: Mapping, method_names: Callable[[list[str]], list[str]]
) -> list[PartDifference]:
    """Every part of two versions, with the words changed from the older to the newer."""
    differences = []
    for part in PARTS:
        was, now = part_text(part, older, method_names), part_text(part, newer, method_names)
        segments = word_diff(was, now, by_line=part.kind is PartKind.METHODS) if was != now else ()
        differences.append(PartDifference(part, was, now, segments))
    return differences


# --- agreeing a version


def check_agreement(
    *,
    version: int,
    agreed_by: str,
    agreed_on: date | None,
    saved_on: date,
    today: date,
    latest_agreed: int | None,
) -> list[tuple[str, str]]:
    """Problems with recording that `version` was agreed, by field. An agreement is not undone
    or moved back to an older version: the terms change by saving a new version and agreeing it."""
    problems: list[tuple[str, str]] = []
    if latest_agreed is not None and version <= latest_agreed:
        message = (
            f"Version {version} is already agreed"
            if version == latest_agreed
            else f"Version {latest_agreed}, a later version, is already agreed"
        )
        problems.append(("version", message))
    who = _text(agreed_by)
    if not who:
        problems.append(("agreed_by", "Enter who agreed the terms of reference"))
    elif len(who) > MAX_AGREED_BY:
        problems.append(("agreed_by", f"Who agreed them must be {MAX_AGREED_BY} characters or fewer"))
    if agreed_on is None:
        problems.append(("agreed_on", "Enter the date the terms of reference were agreed"))
    elif agreed_on > today:
        problems.append(("agreed_on", "The date they were agreed must be today or in the past"))
    elif agreed_on < saved_on:
        problems.append(
            (
                "agreed_on",
                f"The date they were agreed cannot be before version {version} was saved "
                f"({long_date(saved_on)})",
            )
        )
    return problems
