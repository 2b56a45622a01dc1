"""The merged chronology: every agency's entries as it last submitted them, in order.

Ordering is done by the database on plain columns (the day, the precision rank, the time, the
agency, the agency's own order), so a page of 20,000 entries is one indexed query and only the
entries shown are decrypted. Gaps read plain date columns only; matches are read as stored (the
background task finds them), never worked out while a page is shown.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Max, Min, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from threadline.core.models import AuditAction
from threadline.core.services import audit_record
from threadline.reviews.selectors import review_for

from .. import policies
from ..domain.entries import PRECISION_RANK
from ..domain.gaps import Gap, find_gaps
from ..domain.merged import Marker, gap_marker, incident_marker, overlaps, place_markers, when_words
from ..models import (
    AgencyChronology,
    AnalysisNote,
    ChronologyEntry,
    ChronologyVersion,
    EntryMatch,
    MatchStatus,
    MergeSettings,
    PracticeEpisode,
)

MERGED_ORDER = (
    "occurred_on",
    "precision_rank",
    "occurred_time",
    "version__chronology__organisation__name",
    "position",
    "pk",
)
ENTRY_RELATED = "version__chronology__organisation"
PAGE_SIZE = 100
DEFAULT_GAP_DAYS = 90


def merged_review_for(actor, pk):
    """The review, when the actor may read its agencies' chronologies; otherwise 404, written
    to the audit log (an agency taking part sees its own chronology only, not the others')."""
    review = review_for(actor, pk)
    if not policies.can_read_review_chronologies(actor, review):
        audit_record(actor=actor, action=AuditAction.PERMISSION_DENIED, target=review)
        raise Http404
    return review


def latest_submitted_versions(review) -> QuerySet[ChronologyVersion]:
    """Each agency's latest submitted version (an agency that has not submitted has none)."""
    latest = (
        ChronologyVersion.objects.filter(chronology=OuterRef("chronology"), submitted_at__isnull=False)
        .order_by()
        .values("chronology")
        .annotate(number=Max("number"))
        .values("number")
    )
    return ChronologyVersion.objects.filter(
        chronology__review=review,
        chronology__withdrawn_at__isnull=True,
        submitted_at__isnull=False,
        number=Subquery(latest),
    ).select_related("chronology__organisation")


def latest_version_ids(review) -> list[int]:
    return list(latest_submitted_versions(review).values_list("pk", flat=True))


def latest_entries(review, *, version_ids: list[int] | None = None) -> QuerySet[ChronologyEntry]:
    """Every entry of the merged chronology, unordered and unfiltered."""
    versions = latest_version_ids(review) if version_ids is None else version_ids
    return ChronologyEntry.objects.filter(version_id__in=versions)


def merged_entries(
    review,
    *,
    organisation_ids=None,
    date_from: date | None = None,
    date_to: date | None = None,
    significant_only: bool = False,
    version_ids: list[int] | None = None,
) -> QuerySet[ChronologyEntry]:
    """The merged chronology's entries, filtered, in order. A month-only entry is inside a
    period when any of its days is."""
    entries = latest_entries(review, version_ids=version_ids)
    if organisation_ids:
        entries = entries.filter(version__chronology__organisation_id__in=list(organisation_ids))
    if date_from is not None:
        # A month entry is dated the 1st: it belongs to a period starting later that month.
        entries = entries.filter(occurred_on__gte=date_from.replace(day=1))
        entries = entries.exclude(occurred_on__lt=date_from, precision__in=["day", "time"])
    if date_to is not None:
        entries = entries.filter(occurred_on__lte=date_to)
    if significant_only:
        entries = entries.filter(significant=True)
    return entries.select_related("version__chronology__organisation").order_by(*MERGED_ORDER)


def agencies_in(review) -> QuerySet[AgencyChronology]:
    """The agencies asked for a chronology, with or without a submission, by name."""
    return (
        AgencyChronology.objects.filter(review=review, withdrawn_at__isnull=True)
        .select_related("organisation")
        .order_by("organisation__name")
    )


@dataclass(frozen=True)
class Submission:
    chronology: AgencyChronology
    version: ChronologyVersion | None


def submissions_of(review) -> list[Submission]:
    """Each agency asked, with the version the merged chronology reads (None before a submission)."""
    versions = {v.chronology_id: v for v in latest_submitted_versions(review)}
    return [Submission(c, versions.get(c.pk)) for c in agencies_in(review)]


# --- the period, the gaps and the incident


def incident_day(review) -> date:
    return timezone.localdate(review.incident.occurred_at)


def gap_days_of(review) -> int:
    settings = MergeSettings.objects.filter(review=review).first()
    return settings.gap_days if settings else DEFAULT_GAP_DAYS


def chronology_period(review) -> tuple[date, date] | None:
    """From the earliest day any agency was asked to cover to the day of the incident."""
    first = (
        AgencyChronology.objects.filter(review=review, withdrawn_at__isnull=True)
        .aggregate(first=Min("period_from"))
        .get("first")
    )
    if first is None:
        return None
    return first, incident_day(review)


def contacts_of(review, *, version_ids: list[int] | None = None) -> list[tuple[date, str]]:
    """Each (day, precision) with at least one entry: plain columns, nothing decrypted. The
    precision is read by its rank, which the entries' ordering index holds, so the database
    answers from the index alone."""
    entries = latest_entries(review, version_ids=version_ids).order_by()
    by_rank = {rank: precision for precision, rank in PRECISION_RANK.items()}
    pairs = entries.values_list("occurred_on", "precision_rank").distinct()
    return [(on, by_rank[rank]) for on, rank in pairs]


def merged_gaps(review, *, gap_days: int | None = None, version_ids: list[int] | None = None) -> list[Gap]:
    period = chronology_period(review)
    if period is None:
        return []
    longer_than = gap_days_of(review) if gap_days is None else gap_days
    contacts = contacts_of(review, version_ids=version_ids)
    return find_gaps(contacts, period_from=period[0], period_to=period[1], longer_than=longer_than)


# --- the review's own analysis


def episodes_of(review) -> QuerySet[PracticeEpisode]:
    return PracticeEpisode.objects.filter(review=review, removed_at__isnull=True).order_by("starts_on", "pk")


def episode_of(review, pk) -> PracticeEpisode | None:
    return episodes_of(review).filter(pk=pk).first() if str(pk).isdigit() else None


def general_notes_of(review) -> QuerySet[AnalysisNote]:
    notes = AnalysisNote.objects.filter(review=review, entry_uid__isnull=True, episode__isnull=True)
    return notes.select_related("author")


def episode_notes_of(review) -> dict[int, list[AnalysisNote]]:
    found: dict[int, list[AnalysisNote]] = {}
    notes = AnalysisNote.objects.filter(review=review, episode__isnull=False).select_related("author")
    for note in notes:
        found.setdefault(note.episode_id, []).append(note)
    return found


def entry_of(review, uid) -> ChronologyEntry | None:
    """The entry as the merged chronology reads it (its agency's latest submitted version)."""
    try:
        uid = uuid.UUID(str(uid))
    except ValueError:
        return None
    return latest_entries(review).select_related("version__chronology__organisation").filter(uid=uid).first()


# --- one page of the merged chronology


@dataclass(frozen=True)
class MergedFilters:
    organisation_ids: tuple[int, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    significant_only: bool = False

    @property
    def any(self) -> bool:
        return bool(self.organisation_ids or self.date_from or self.date_to or self.significant_only)


@dataclass(frozen=True)
class MatchLink:
    """Another agency's entry that may be (or is) the same event as this one."""

    match: EntryMatch
    agency: str
    when: str

    @property
    def confirmed(self) -> bool:
        return self.match.status == MatchStatus.CONFIRMED


@dataclass
class EntryRow:
    entry: ChronologyEntry
    when: str
    agency: str
    episodes: list[PracticeEpisode] = field(default_factory=list)
    matches: list[MatchLink] = field(default_factory=list)
    notes: list[AnalysisNote] = field(default_factory=list)
    before: list[Marker] = field(default_factory=list)
    note_href: str = ""


@dataclass
class MergedPage:
    page: Page
    rows: list[EntryRow]
    after: list[Marker]
    gaps: list[Gap]
    gap_days: int
    episodes: list[PracticeEpisode]
    incident_on: date


def _matches_for(review, uids: list, version_ids: list[int]) -> dict:
    """Stored matches (not rejected) touching these entries, with the other entry's agency and
    date read from plain columns."""
    matches = list(
        EntryMatch.objects.filter(review=review)
        .exclude(status=MatchStatus.REJECTED)
        .filter(Q(entry_a__in=uids) | Q(entry_b__in=uids))
    )
    if not matches:
        return {}
    others = {m.entry_a for m in matches} | {m.entry_b for m in matches}
    described = {
        row["uid"]: row
        for row in latest_entries(review, version_ids=version_ids)
        .filter(uid__in=others)
        .values("uid", "occurred_on", "precision", "occurred_time", "version__chronology__organisation__name")
    }
    found: dict = {}
    for match in matches:
        for mine, other in ((match.entry_a, match.entry_b), (match.entry_b, match.entry_a)):
            if mine in uids and other in described:
                row = described[other]
                when = when_words(row["occurred_on"], row["precision"], row["occurred_time"])
                found.setdefault(mine, []).append(
                    MatchLink(match, row["version__chronology__organisation__name"], when)
                )
    return found


def merged_page(review, *, filters: MergedFilters, page_number=1, per_page: int = PAGE_SIZE) -> MergedPage:
    """One page of the merged chronology with what the review marks on it."""
    version_ids = latest_version_ids(review)
    entries = merged_entries(
        review,
        organisation_ids=filters.organisation_ids,
        date_from=filters.date_from,
        date_to=filters.date_to,
        significant_only=filters.significant_only,
        version_ids=version_ids,
    )
    page = Paginator(entries, per_page).get_page(page_number)
    # The order is found on narrow rows (ids and days), then only the page's entries are read
    # whole and decrypted; the day just before the page comes with it, for placing the gaps.
    first = page.start_index() - 1 if page.paginator.count else 0
    keys = list(entries.values_list("pk", "occurred_on")[max(first - 1, 0) : first + per_page])
    day_before = keys[0][1] if first > 0 and keys else None
    ids = [pk for pk, _ in (keys[1:] if first > 0 else keys)]
    found = {e.pk: e for e in ChronologyEntry.objects.filter(pk__in=ids).select_related(ENTRY_RELATED)}
    shown = [found[pk] for pk in ids if pk in found]
    page.object_list = shown
    uids = [entry.uid for entry in shown]
    gap_days = gap_days_of(review)
    gaps = merged_gaps(review, gap_days=gap_days, version_ids=version_ids)
    incident_on = incident_day(review)
    start = filters.date_from or date.min
    end = filters.date_to or date.max
    markers = [gap_marker(gap) for gap in gaps if gap.first <= end and gap.last >= start]
    if start <= incident_on <= end:
        markers.append(incident_marker(incident_on))
    before, after = place_markers(
        [entry.occurred_on for entry in shown],
        markers,
        day_before_page=day_before,
        last_page=not page.has_next(),
    )
    episodes = list(episodes_of(review))
    matches = _matches_for(review, uids, version_ids)
    notes: dict = {}
    for note in AnalysisNote.objects.filter(review=review, entry_uid__in=uids).select_related("author"):
        notes.setdefault(note.entry_uid, []).append(note)
    rows = [
        EntryRow(
            entry=entry,
            when=when_words(entry.occurred_on, entry.precision, entry.occurred_time),
            agency=entry.version.chronology.organisation.name,
            episodes=[
                e for e in episodes if overlaps(entry.occurred_on, entry.precision, e.starts_on, e.ends_on)
            ],
            matches=matches.get(entry.uid, []),
            notes=notes.get(entry.uid, []),
            before=markers_before,
        )
        for entry, markers_before in zip(shown, before, strict=True)
    ]
    return MergedPage(page, rows, after, gaps, gap_days, episodes, incident_on)
