"""Embed (seed 003 Phase 4): whether practice changed, read from the indicator readings and
audit results recorded against a review's actions.

The readings of one measure on one action form a series in date order. The board sees the
first and the latest result, the change between them when both are figures, and what the
latest reading was judged to show. Whether a rise is good depends on the measure (more
same-day referrals is better, more repeat missing episodes is worse), so the change is stated
neutrally and the judgement is the person's, recorded with each reading.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

# What a reading shows; the model's choices use the same values.
CHANGED = "changed"
PARTLY = "partly"
NOT_YET = "not-yet"
WORSE = "worse"
# Readings recorded before the question was asked carry no judgement.
NOT_SAID = ""

JUDGEMENTS = (CHANGED, PARTLY, NOT_YET, WORSE)
JUDGEMENT_LABELS = {
    CHANGED: "Practice has changed",
    PARTLY: "Practice has partly changed",
    NOT_YET: "Practice has not changed yet",
    WORSE: "Practice has got worse",
    NOT_SAID: "Not said",
}

# A figure: "88", "1,204", "61.5", "88%", "88 %", "88 per cent", "-3".
_FIGURE = re.compile(
    r"^\s*(?P<number>[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(?P<percent>%|per\s?cent)?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Figure:
    value: Decimal
    percent: bool

    def __str__(self) -> str:
        return f"{_plain(self.value)}{'%' if self.percent else ''}"


def parse_figure(result: str) -> Figure | None:
    """The result as a number or a percentage, or None when it is words ('good', '12 of 20')."""
    match = _FIGURE.match(result or "")
    if match is None:
        return None
    return Figure(Decimal(match["number"].replace(",", "")), bool(match["percent"]))


def _plain(value: Decimal) -> str:
    """61, 61.5, 1,204: no trailing zeros, no exponent."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def change_between(first: str, latest: str) -> str:
    """'61% → 88%, up 27 points', '14 → 9, down 5', '88% → 88%, no change'; '' when either
    result is not a figure or one is a percentage and the other is not."""
    a, b = parse_figure(first), parse_figure(latest)
    if a is None or b is None or a.percent != b.percent:
        return ""
    difference = b.value - a.value
    if difference == 0:
        movement = "no change"
    else:
        unit = ""
        if a.percent:
            unit = " point" if abs(difference) == 1 else " points"
        movement = f"{'up' if difference > 0 else 'down'} {_plain(abs(difference))}{unit}"
    return f"{a} → {b}, {movement}"


@dataclass(frozen=True)
class Reading:
    """One recorded measure, plain values only."""

    pk: int
    action_id: int
    kind: str
    name: str
    measured_on: date
    result: str
    shows: str = NOT_SAID
    note: str = ""


@dataclass(frozen=True)
class ActionFacts:
    pk: int
    checked_back: bool


def series_key(name: str) -> str:
    """Readings named 'Case file audit' and 'case file  audit ' belong to one series."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class Series:
    """The readings of one measure on one action, oldest first."""

    action_id: int
    readings: tuple[Reading, ...]

    @property
    def name(self) -> str:
        return self.latest.name

    @property
    def kind(self) -> str:
        return self.latest.kind

    @property
    def first(self) -> Reading:
        return self.readings[0]

    @property
    def latest(self) -> Reading:
        return self.readings[-1]

    @property
    def change(self) -> str:
        if len(self.readings) < 2:
            return ""
        return change_between(self.first.result, self.latest.result)

    @property
    def judgement(self) -> str:
        """What the latest reading was judged to show (an older judgement would be stale)."""
        return self.latest.shows if self.latest.shows in JUDGEMENTS else NOT_SAID

    @property
    def judgement_label(self) -> str:
        return JUDGEMENT_LABELS[self.judgement]


def series_of(readings: Iterable[Reading]) -> dict[int, list[Series]]:
    """Per action, its series in the order each measure was first taken, then by name."""
    grouped: dict[tuple[int, str], list[Reading]] = {}
    for reading in readings:
        grouped.setdefault((reading.action_id, series_key(reading.name)), []).append(reading)
    out: dict[int, list[Series]] = {}
    for (action_id, _), found in grouped.items():
        found.sort(key=lambda r: (r.measured_on, r.pk))
        out.setdefault(action_id, []).append(Series(action_id, tuple(found)))
    for found in out.values():
        found.sort(key=lambda s: (s.first.measured_on, series_key(s.name), s.first.pk))
    return out


@dataclass(frozen=True)
class EmbedSummary:
    """One review's embedding at a glance, as the board reads it."""

    actions: int
    actions_measured: int
    changed: int
    partly: int
    not_yet: int
    worse: int
    not_said: int
    checked_back_unmeasured: tuple[int, ...]

    @property
    def series(self) -> int:
        return self.changed + self.partly + self.not_yet + self.worse + self.not_said

    @property
    def warning(self) -> bool:
        return bool(self.checked_back_unmeasured)


def summarise(actions: Iterable[ActionFacts], series: dict[int, list[Series]]) -> EmbedSummary:
    """Counts over the review's live actions; `series` as `series_of` gives them. An action
    checked back without any measure is named: its change was signed off unevidenced."""
    actions = list(actions)
    live = {a.pk for a in actions}
    judgements = [s.judgement for pk, found in series.items() if pk in live for s in found]
    return EmbedSummary(
        actions=len(actions),
        actions_measured=sum(1 for a in actions if series.get(a.pk)),
        changed=judgements.count(CHANGED),
        partly=judgements.count(PARTLY),
        not_yet=judgements.count(NOT_YET),
        worse=judgements.count(WORSE),
        not_said=judgements.count(NOT_SAID),
        checked_back_unmeasured=tuple(a.pk for a in actions if a.checked_back and not series.get(a.pk)),
    )
