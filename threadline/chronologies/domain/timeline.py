"""The geometry of the timeline picture (issue 6 item 6): a lane per agency with a bar per month
for its contacts (the significant ones drawn darker and marked), the practice episodes and the
gaps as shaded bands across every lane, and the incident as a line.

Pure numbers in a fixed coordinate space (the SVG's viewBox); the template only draws them,
so the picture is the same on the screen, in print and in a test.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from .merged import day_words, month_words, span_words

WIDTH = 1000
LABEL_WIDTH = 200
RIGHT_MARGIN = 16
TOP = 44  # the row of episode numbers and the incident's label
LANE_HEIGHT = 60
LANE_PADDING = 6
AXIS_HEIGHT = 46
MIN_LABEL_SPACING = 30
BAR_SHARE = 0.72
MAX_NAME = 24
LABEL_LINE_HEIGHT = 17
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60)


@dataclass(frozen=True)
class LaneCounts:
    """One agency's contacts: for each month (its first day), how many and how many significant."""

    name: str
    counts: Mapping[date, tuple[int, int]]


@dataclass(frozen=True)
class Span:
    label: str
    first: date
    last: date


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    y: float
    height: float
    significant_y: float
    significant_height: float
    month: date
    total: int
    significant: int

    @property
    def title(self) -> str:
        text = f"{month_words(self.month)}: {self.total} contact{'s' if self.total != 1 else ''}"
        return text + (f", {self.significant} significant" if self.significant else "")

    @property
    def marker_x(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def marker_y(self) -> float:
        return round(self.y - 1, 1)


@dataclass(frozen=True)
class LabelLine:
    text: str
    y: float


@dataclass(frozen=True)
class Lane:
    name: str
    label: list[LabelLine]
    y: float
    height: float
    bars: list[Bar]

    @property
    def baseline(self) -> float:
        return round(self.y + self.height - LANE_PADDING, 1)


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    year: str  # shown under the month at each January and at the start


@dataclass(frozen=True)
class Band:
    x: float
    width: float
    number: int
    span: Span

    @property
    def middle(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def words(self) -> str:
        return f"{self.span.label}, {span_words(self.span.first, self.span.last)}"


@dataclass(frozen=True)
class IncidentLine:
    x: float
    on: date
    anchor: str  # where the label sits against the line: "start" or "end"

    @property
    def label_x(self) -> float:
        return round(self.x + (4 if self.anchor == "start" else -4), 1)

    @property
    def words(self) -> str:
        return f"Incident, {day_words(self.on)}"


@dataclass(frozen=True)
class Picture:
    width: int
    height: float
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    first_month: date
    last_month: date
    month_width: float
    lanes: list[Lane]
    ticks: list[Tick]
    grid: list[float]
    episodes: list[Band] = field(default_factory=list)
    gaps: list[Band] = field(default_factory=list)
    incident: IncidentLine | None = None
    largest: int = 0

    @property
    def band_label_y(self) -> float:
        return round(self.plot_top - 5, 1)

    @property
    def month_label_y(self) -> float:
        return round(self.plot_bottom + 18, 1)

    @property
    def year_label_y(self) -> float:
        return round(self.plot_bottom + 36, 1)

    @property
    def lanes_height(self) -> float:
        return round(self.plot_bottom - self.plot_top, 1)

    @property
    def plot_width(self) -> float:
        return round(self.plot_right - self.plot_left, 1)


def months_between(first: date, last: date) -> list[date]:
    """The first day of every month from `first`'s month to `last`'s, both included."""
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _days_in_month(day: date) -> int:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return (following - day.replace(day=1)).days


def _short(name: str) -> str:
    return name if len(name) <= MAX_NAME else name[: MAX_NAME - 1].rstrip() + "…"


def label_lines(name: str, width: int = MAX_NAME) -> list[str]:
    """An agency's name on at most two lines of `width` characters, cut short with '…' past that."""
    lines: list[str] = []
    for word in name.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    return [_short(line) for line in lines] or [""]


def draw_timeline(
    *,
    lanes: Sequence[LaneCounts],
    first: date,
    last: date,
    episodes: Sequence[Span] = (),
    gaps: Sequence[Span] = (),
    incident: date | None = None,
) -> Picture:
    """The picture of the months from `first` to `last` (whole months)."""
    if last < first:
        first, last = last, first
    months = months_between(first, last)
    first_month, last_month = months[0], months[-1]
    plot_left, plot_right = float(LABEL_WIDTH), float(WIDTH - RIGHT_MARGIN)
    month_width = (plot_right - plot_left) / len(months)
    plot_top = float(TOP)
    plot_bottom = plot_top + LANE_HEIGHT * max(len(lanes), 1)
    end = date(last_month.year + last_month.month // 12, last_month.month % 12 + 1, 1)

    def x_of(day: date) -> float:
        if day >= end:
            return plot_right
        if day < first_month:
            return plot_left
        index = (day.year - first_month.year) * 12 + day.month - first_month.month
        return plot_left + (index + (day.day - 1) / _days_in_month(day)) * month_width

    largest = max((total for lane in lanes for total, _ in lane.counts.values()), default=0)
    bar_room = LANE_HEIGHT - 2 * LANE_PADDING
    bar_width = max(1.0, month_width * BAR_SHARE)
    drawn_lanes = []
    for number, lane in enumerate(lanes):
        top = plot_top + number * LANE_HEIGHT
        baseline = top + LANE_HEIGHT - LANE_PADDING
        bars = []
        for index, month in enumerate(months):
            total, significant = lane.counts.get(month, (0, 0))
            if not total:
                continue
            height = max(2.0, bar_room * total / largest)
            significant_height = max(2.0, bar_room * significant / largest) if significant else 0.0
            x = plot_left + index * month_width + (month_width - bar_width) / 2
            bars.append(
                Bar(
                    x=round(x, 1),
                    width=round(bar_width, 1),
                    y=round(baseline - height, 1),
                    height=round(height, 1),
                    significant_y=round(baseline - significant_height, 1),
                    significant_height=round(significant_height, 1),
                    month=month,
                    total=total,
                    significant=significant,
                )
            )
        lines = label_lines(lane.name)
        first_y = top + LANE_HEIGHT / 2 + 5 - (LABEL_LINE_HEIGHT / 2) * (len(lines) - 1)
        label = [LabelLine(text, round(first_y + i * LABEL_LINE_HEIGHT, 1)) for i, text in enumerate(lines)]
        drawn_lanes.append(Lane(lane.name, label, round(top, 1), float(LANE_HEIGHT), bars))

    step = next((s for s in MONTH_STEPS if s * month_width >= MIN_LABEL_SPACING), MONTH_STEPS[-1])
    ticks = []
    for index, month in enumerate(months):
        x = round(plot_left + (index + 0.5) * month_width, 1)
        if step < 12 and (month.month - 1) % step == 0:
            ticks.append(Tick(x, f"{month:%b}", str(month.year) if month.month == 1 or not ticks else ""))
        elif step >= 12 and month.month == 1 and month.year % (step // 12) == 0:
            ticks.append(Tick(x, str(month.year), ""))

    def bands(spans: Sequence[Span]) -> list[Band]:
        found = []
        for number, span in enumerate(sorted(spans, key=lambda s: (s.first, s.last)), start=1):
            if span.last < first_month or span.first >= end:
                continue
            left, right = x_of(span.first), x_of(span.last + timedelta(days=1))
            found.append(Band(round(left, 1), round(max(right - left, 1.5), 1), number, span))
        return found

    line = None
    if incident is not None and first_month <= incident < end:
        x = x_of(incident) + month_width / _days_in_month(incident) / 2
        near_the_end = x > plot_left + (plot_right - plot_left) * 0.7
        line = IncidentLine(round(x, 1), incident, "end" if near_the_end else "start")

    return Picture(
        width=WIDTH,
        height=round(plot_bottom + AXIS_HEIGHT, 1),
        plot_left=plot_left,
        plot_right=plot_right,
        plot_top=plot_top,
        plot_bottom=round(plot_bottom, 1),
        first_month=first_month,
        last_month=last_month,
        month_width=round(month_width, 2),
        lanes=drawn_lanes,
        ticks=ticks,
        grid=[round(plot_left + i * month_width, 1) for i in range(len(months) + 1)],
        episodes=bands(episodes),
        gaps=bands(gaps),
        incident=line,
        largest=largest,
    )


def describe(picture: Picture) -> str:
    """The picture in words, for its <desc> (a screen reader reads this, or the table)."""
    parts = [
        f"Contacts each month from {month_words(picture.first_month)} to {month_words(picture.last_month)}, "
        f"one lane for each of {len(picture.lanes)} agenc{'y' if len(picture.lanes) == 1 else 'ies'}"
    ]
    if picture.largest:
        parts.append(f"the tallest bar is {picture.largest} contacts in a month")
    if picture.episodes:
        parts.append("practice episodes: " + "; ".join(band.words for band in picture.episodes))
    if picture.gaps:
        parts.append(
            "gaps with no contact: " + "; ".join(span_words(b.span.first, b.span.last) for b in picture.gaps)
        )
    if picture.incident is not None:
        parts.append(f"the incident on {day_words(picture.incident.on)}")
    sentences = ". ".join(part[0].upper() + part[1:] for part in parts)
    return f"{sentences}. The tables after the picture hold the same."
