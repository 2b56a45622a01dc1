"""Suggested matches between agencies' entries (issue 6 item 5), kept up to date by a background
task: an agency's submission queues it (`review_matches_refresh_later`), and so may a reviewer.

A refresh reads the latest submitted version of every agency, suggests pairs
(domain/matching.py) and stores them by the entries' uids. Decisions already made are kept as
they are; suggestions nobody decided that no longer apply are removed; new ones are added.
Nothing is ever worked out while a page is shown.
"""

from __future__ import annotations

import logging
import uuid

from django.db import transaction

from threadline.core.access import require
from threadline.core.models import AuditAction
from threadline.core.services import audit_record
from threadline.reviews.models import Review

from .. import policies
from ..domain.matching import MatchEntry, Suggestion, suggest_matches
from ..models import EntryMatch, MatchStatus
from ..selectors.matches import refresh_waiting
from ..selectors.merged import latest_entries

logger = logging.getLogger(__name__)

MATCHES_ACTOR_LABEL = "possible matches (background task)"


def _entries_to_match(review) -> list[MatchEntry]:
    entries = latest_entries(review).select_related("version__chronology__organisation").order_by("pk")
    return [
        MatchEntry(
            uid=str(entry.uid),
            agency_id=entry.version.chronology.organisation_id,
            agency=entry.version.chronology.organisation.name,
            on=entry.occurred_on,
            precision=entry.precision,
            at=entry.occurred_time,
            what_happened=entry.what_happened,
            who_was_present=entry.who_was_present,
        )
        for entry in entries.iterator(chunk_size=2000)
    ]


def review_matches_refresh(*, review_id: int) -> dict[str, int]:
    """Bring the stored suggestions up to date with the agencies' latest submissions. Run by
    the background task, with no person acting. Returns how many were added, updated, removed."""
    review = Review.objects.select_related("lead_organisation").filter(pk=review_id).first()
    if review is None:
        return {"added": 0, "updated": 0, "removed": 0}
    suggestions = suggest_matches(_entries_to_match(review))
    with transaction.atomic():
        stored = {
            frozenset((m.entry_a, m.entry_b)): m
            for m in EntryMatch.objects.select_for_update().filter(review=review)
        }
        wanted: dict[frozenset, Suggestion] = {
            frozenset((uuid.UUID(s.first), uuid.UUID(s.second))): s for s in suggestions
        }
        added, changed = [], []
        for pair, suggestion in wanted.items():
            match = stored.get(pair)
            if match is None:
                added.append(
                    EntryMatch(
                        review=review,
                        entry_a=uuid.UUID(suggestion.first),
                        entry_b=uuid.UUID(suggestion.second),
                        score=suggestion.score,
                        reasons=suggestion.reasons,
                    )
                )
            elif match.status == MatchStatus.SUGGESTED and (
                match.score != suggestion.score or match.reasons != suggestion.reasons
            ):
                match.score, match.reasons = suggestion.score, suggestion.reasons
                changed.append(match)
        stale = [
            m.pk for pair, m in stored.items() if pair not in wanted and m.status == MatchStatus.SUGGESTED
        ]
        # A second run racing this one may have added the same pair: the pair is unique.
        EntryMatch.objects.bulk_create(added, ignore_conflicts=True, batch_size=500)
        EntryMatch.objects.bulk_update(changed, ["score", "reasons"], batch_size=500)
        EntryMatch.objects.filter(pk__in=stale, status=MatchStatus.SUGGESTED).delete()
        counts = {"added": len(added), "updated": len(changed), "removed": len(stale)}
        audit_record(
            actor=None,
            actor_label=MATCHES_ACTOR_LABEL,
            action=AuditAction.CHANGE,
            target=review,
            organisation=review.lead_organisation,
            detail={"matches": "refreshed", **counts},
        )
    return counts


def _queue_on_commit(review) -> None:
    def queue():
        from ..tasks_matches import refresh_entry_matches

        try:
            if not refresh_waiting(review):
                refresh_entry_matches.enqueue(review.pk)
        except Exception:  # noqa: BLE001 — the change is saved; a reviewer can ask again from the page
            logger.exception("could not queue the refresh of possible matches for review %s", review.pk)

    transaction.on_commit(queue)


def review_matches_refresh_later(*, review, actor=None) -> None:
    """Called inside another service's transaction (an agency's submission): once it commits,
    the suggestions are brought up to date in the background. A rolled-back change queues
    nothing, and a refresh already waiting is not queued twice."""
    _queue_on_commit(review)
    audit_record(
        actor=actor,
        actor_label="" if actor else MATCHES_ACTOR_LABEL,
        action=AuditAction.CHANGE,
        target=review,
        organisation=review.lead_organisation_id,
        detail={"matches": "refresh queued"},
    )


def review_matches_refresh_request(*, actor, review) -> None:
    """A reviewer asks for the suggestions to be looked for again."""
    require(policies.can_analyse(actor, review))
    with transaction.atomic():
        _queue_on_commit(review)
        audit_record(
            actor=actor, action=AuditAction.CHANGE, target=review, detail={"matches": "refresh asked"}
        )
