"""The timeline picture's data: contacts counted per agency per month by the database (nothing
decrypted), the episodes, the gaps and the incident."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from ..domain.gaps import Gap
from ..domain.merged import day_words, days_words, month_words, span_words
from ..domain.timeline import LaneCounts, Picture, Span, describe, draw_timeline, months_between
from ..models import ChronologyEntry
from .merged import (
    chronology_period,
    episodes_of,
    gap_days_of,
    incident_day,
    latest_submitted_versions,
    merged_gaps,
)


@dataclass(frozen=True)
class MonthRow:
    month: date
    label: str
    cells: list[tuple[int, int]]  # (all, significant) per agency, in the lanes' order

    @property
    def total(self) -> int:
        return sum(total for total, _ in self.cells)


@dataclass(frozen=True)
class Timeline:
    picture: Picture | None
    description: str
    agencies: list[str]
    months: list[MonthRow]
    episodes: list[dict]
    gaps: list[dict]
    gap_days: int
    incident_on: date
    incident_words: str


class MonthStart(TruncMonth):
    """The first day of a date's month. SQLite's own strftime, rather than the function Django
    adds to SQLite in Python, which would be called once for each of thousands of rows."""

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"strftime('%%Y-%%m-01', {sql})", params


def _counts(versions) -> dict[int, dict[date, tuple[int, int]]]:
    """For each version, its contacts and significant contacts in each month."""
    rows = (
        ChronologyEntry.objects.filter(version_id__in=[v.pk for v in versions])
        .order_by()
        .annotate(month=MonthStart("occurred_on"))
        .values("version_id", "month")
        .annotate(total=Count("pk"), significant=Count("pk", filter=Q(significant=True)))
    )
    found: dict[int, dict[date, tuple[int, int]]] = {}
    for row in rows:
        found.setdefault(row["version_id"], {})[row["month"]] = (row["total"], row["significant"])
    return found


def timeline_of(review) -> Timeline:
    versions = sorted(latest_submitted_versions(review), key=lambda v: v.chronology.organisation.name)
    counts = _counts(versions)
    version_ids = [v.pk for v in versions]
    lanes = [LaneCounts(v.chronology.organisation.name, counts.get(v.pk, {})) for v in versions]
    incident_on = incident_day(review)
    gap_days = gap_days_of(review)
    gaps: list[Gap] = merged_gaps(review, gap_days=gap_days, version_ids=version_ids)
    episodes = list(episodes_of(review))
    months_with_contact = [month for lane in lanes for month in lane.counts]
    period = chronology_period(review)
    firsts = [d for d in (period[0] if period else None, min(months_with_contact, default=None)) if d]
    lasts = [d for d in (incident_on, max(months_with_contact, default=None)) if d]
    episode_spans = [Span(e.title, e.starts_on, e.ends_on) for e in episodes]
    gap_spans = [Span(f"Gap of {days_words(g.days)}", g.first, g.last) for g in gaps]
    picture = None
    if lanes and firsts:
        picture = draw_timeline(
            lanes=lanes,
            first=min(firsts),
            last=max(lasts),
            episodes=episode_spans,
            gaps=gap_spans,
            incident=incident_on,
        )
    months = []
    if picture is not None:
        for month in months_between(picture.first_month, picture.last_month):
            cells = [lane.counts.get(month, (0, 0)) for lane in lanes]
            months.append(MonthRow(month, month_words(month), cells))
    return Timeline(
        picture=picture,
        description=describe(picture) if picture else "",
        agencies=[lane.name for lane in lanes],
        months=months,
        episodes=[
            {"number": n, "title": e.title, "dates": span_words(e.starts_on, e.ends_on)}
            for n, e in enumerate(sorted(episodes, key=lambda e: (e.starts_on, e.ends_on)), start=1)
        ],
        gaps=[{"dates": span_words(g.first, g.last), "days": days_words(g.days)} for g in gaps],
        gap_days=gap_days,
        incident_on=incident_on,
        incident_words=day_words(incident_on),
    )
