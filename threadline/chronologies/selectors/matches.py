"""Reading the suggested matches: each pair with both agencies' entries in full, as the agencies
last submitted them."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from ..domain.matching import shared_words
from ..domain.merged import when_words
from ..models import ChronologyEntry, EntryMatch, MatchStatus
from .merged import latest_entries

MATCHES_PER_PAGE = 20


def refresh_waiting(review) -> bool:
    """Whether a refresh of this review's suggestions is queued and has not run yet."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from ..tasks_matches import refresh_entry_matches

    waiting = DBTaskResult.objects.filter(
        task_path=refresh_entry_matches.module_path, status=TaskResultStatus.READY
    )
    return any(list(result.args_kwargs.get("args", [])) == [review.pk] for result in waiting)


def matches_of(review, status: str | None = None) -> QuerySet[EntryMatch]:
    matches = EntryMatch.objects.filter(review=review).select_related("decided_by")
    if status:
        matches = matches.filter(status=status)
    return matches.order_by("-score", "pk")


def match_of(review, pk) -> EntryMatch | None:
    return matches_of(review).filter(pk=pk).first() if str(pk).isdigit() else None


@dataclass(frozen=True)
class ShownEntry:
    entry: ChronologyEntry
    agency: str
    when: str


@dataclass(frozen=True)
class MatchPair:
    match: EntryMatch
    first: ShownEntry
    second: ShownEntry

    @property
    def words_in_common(self) -> list[str]:
        return shared_words(
            f"{self.first.entry.what_happened} {self.first.entry.who_was_present}",
            f"{self.second.entry.what_happened} {self.second.entry.who_was_present}",
        )

    @property
    def decided(self) -> bool:
        return self.match.status != MatchStatus.SUGGESTED


def _shown(entry: ChronologyEntry) -> ShownEntry:
    return ShownEntry(
        entry,
        entry.version.chronology.organisation.name,
        when_words(entry.occurred_on, entry.precision, entry.occurred_time),
    )


def pairs_of(review, matches) -> list[MatchPair]:
    """The matches whose two entries are both still in the merged chronology, with the entries."""
    matches = list(matches)
    uids = {m.entry_a for m in matches} | {m.entry_b for m in matches}
    entries = {
        e.uid: e
        for e in latest_entries(review)
        .filter(uid__in=uids)
        .select_related("version__chronology__organisation")
    }
    return [
        MatchPair(m, _shown(entries[m.entry_a]), _shown(entries[m.entry_b]))
        for m in matches
        if m.entry_a in entries and m.entry_b in entries
    ]


def pair_of(review, match: EntryMatch) -> MatchPair | None:
    found = pairs_of(review, [match])
    return found[0] if found else None


@dataclass(frozen=True)
class MatchesPage:
    page: Page
    pairs: list[MatchPair]
    counts: dict[str, int]


def matches_page(review, *, status: str, page_number=1) -> MatchesPage:
    counts = {value: 0 for value in MatchStatus.values}
    for value in matches_of(review).order_by().values_list("status", flat=True):
        counts[value] += 1
    page = Paginator(matches_of(review, status), MATCHES_PER_PAGE).get_page(page_number)
    return MatchesPage(page, pairs_of(review, page.object_list), counts)
