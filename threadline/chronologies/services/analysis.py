"""The review's work on the merged chronology (issue 6 item 5): the gap length, key practice
episodes, analysis notes, and a person's decision on each suggested match.

Everything here belongs to the review and is kept apart from the agencies' entries: a note is
about an entry (by its uid, which survives new versions), never written into it, and a
confirmed match links two entries without merging them.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.db import transaction
from django.utils import timezone

from threadline.core.access import require
from threadline.core.models import AuditAction
from threadline.core.services import audit_record
from threadline.reviews.domain.errors import ReviewRuleError

from .. import policies
from ..models import AnalysisNote, EntryMatch, MatchStatus, MergeSettings, PracticeEpisode
from ..selectors.merged import latest_entries

MIN_GAP_DAYS = 1
MAX_GAP_DAYS = 3650
MAX_TITLE = 200
MAX_DESCRIPTION = 5000
MAX_NOTE = 10_000


def review_gap_days_set(*, actor, review, gap_days: int | None) -> MergeSettings:
    """Set how many days without contact make a gap on the merged chronology."""
    require(policies.can_analyse(actor, review))
    if gap_days is None:
        raise ReviewRuleError("Enter the number of days, like 90", "gap_days")
    if not MIN_GAP_DAYS <= gap_days <= MAX_GAP_DAYS:
        raise ReviewRuleError(
            f"The number of days must be between {MIN_GAP_DAYS} and {MAX_GAP_DAYS:,}", "gap_days"
        )
    with transaction.atomic():
        settings, _ = MergeSettings.objects.select_for_update().get_or_create(review=review)
        before = settings.gap_days
        settings.gap_days = gap_days
        settings.updated_by = actor
        settings.updated_at = timezone.now()
        settings.save()
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=review,
            detail={"gap_days": gap_days, "gap_days_before": before},
        )
    return settings


def _episode_problems(title: str, starts_on: date | None, ends_on: date | None, description: str):
    problems = []
    if not title:
        problems.append(("title", "Enter a title for the episode"))
    elif len(title) > MAX_TITLE:
        problems.append(("title", f"The title must be {MAX_TITLE} characters or fewer"))
    if starts_on is None:
        problems.append(("starts_on", "Enter the date the episode starts"))
    if ends_on is None:
        problems.append(("ends_on", "Enter the date the episode ends"))
    elif starts_on is not None and ends_on < starts_on:
        problems.append(("ends_on", "The episode must end on or after the day it starts"))
    if len(description) > MAX_DESCRIPTION:
        problems.append(("description", f"The description must be {MAX_DESCRIPTION:,} characters or fewer"))
    return problems


def review_episode_add(
    *, actor, review, title: str, starts_on: date | None, ends_on: date | None, description: str = ""
) -> PracticeEpisode:
    """Mark a key practice episode (seed 004) on the merged chronology."""
    require(policies.can_analyse(actor, review))
    title, description = (title or "").strip(), (description or "").strip()
    problems = _episode_problems(title, starts_on, ends_on, description)
    if problems:
        raise ReviewRuleError.from_problems(problems)
    with transaction.atomic():
        episode = PracticeEpisode.objects.create(
            review=review,
            title=title,
            starts_on=starts_on,
            ends_on=ends_on,
            description=description,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=review,
            detail={
                "episode": episode.pk,
                "starts_on": starts_on.isoformat(),
                "ends_on": ends_on.isoformat(),
            },
        )
    return episode


def review_episode_remove(*, actor, episode: PracticeEpisode) -> PracticeEpisode:
    """Take an episode off the chronology; it is kept, with its notes, for the record."""
    review = episode.review
    require(policies.can_analyse(actor, review))
    with transaction.atomic():
        current = PracticeEpisode.objects.select_for_update().get(pk=episode.pk)
        if current.removed_at is not None:
            raise ReviewRuleError("This episode has already been removed", "episode")
        current.removed_at = timezone.now()
        current.save(update_fields=["removed_at"])
        audit_record(actor=actor, action=AuditAction.DELETE, target=review, detail={"episode": current.pk})
    return current


def _entry_belongs_to(review, entry_uid) -> bool:
    return latest_entries(review).filter(uid=entry_uid).exists()


def review_note_add(
    *, actor, review, text: str, entry_uid=None, episode: PracticeEpisode | None = None
) -> AnalysisNote:
    """The review's analysis: about one entry, one episode, or (with neither) the whole period."""
    require(policies.can_analyse(actor, review))
    text = (text or "").strip()
    if not text:
        raise ReviewRuleError("Enter the note", "text")
    if len(text) > MAX_NOTE:
        raise ReviewRuleError(f"The note must be {MAX_NOTE:,} characters or fewer", "text")
    if entry_uid is not None and episode is not None:
        raise ReviewRuleError("A note is about one entry or one episode, not both", "text")
    if entry_uid is not None:
        try:
            entry_uid = uuid.UUID(str(entry_uid))
        except ValueError:
            raise ReviewRuleError("This entry is not in the review's merged chronology", "text") from None
        if not _entry_belongs_to(review, entry_uid):
            raise ReviewRuleError("This entry is not in the review's merged chronology", "text")
    if episode is not None and (episode.review_id != review.pk or episode.removed_at is not None):
        raise ReviewRuleError("This episode is not on the review's merged chronology", "text")
    with transaction.atomic():
        note = AnalysisNote.objects.create(
            review=review, entry_uid=entry_uid, episode=episode, text=text, author=actor
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=review,
            detail={
                "analysis_note": note.pk,
                "entry": str(entry_uid) if entry_uid else None,
                "episode": episode.pk if episode else None,
            },
        )
    return note


def review_match_decide(*, actor, match: EntryMatch, same_event: bool) -> EntryMatch:
    """A person's decision on a suggested match: the same event reported by two agencies, or
    not. The entries stay two records either way; a decision may be changed."""
    review = match.review
    require(policies.can_analyse(actor, review))
    status = MatchStatus.CONFIRMED if same_event else MatchStatus.REJECTED
    with transaction.atomic():
        current = EntryMatch.objects.select_for_update().filter(pk=match.pk).first()
        if current is None:
            raise ReviewRuleError("This suggestion no longer applies: the entries have changed", "decision")
        before = current.status
        current.status = status
        current.decided_by = actor
        current.decided_at = timezone.now()
        current.save(update_fields=["status", "decided_by", "decided_at"])
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=review,
            detail={"match": current.pk, "status": status.value, "status_before": before},
        )
    return current
