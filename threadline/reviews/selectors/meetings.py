"""Reads of a review's meetings and events. Every page starts from `review_for` (which 404s
for a review of another organisation); a meeting asked for under a review it does not belong
to is a 404 too."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from ..domain.meetings import TEXT_FIELDS, held_summary
from ..models import Meeting, MeetingAttendee, MeetingKind, MeetingRevision, ReviewTeamMember
from . import reviews_visible_to


def meetings_of(review) -> QuerySet[Meeting]:
    return Meeting.objects.filter(review=review).select_related("created_by", "updated_by")


def meeting_of(review, pk) -> Meeting:
    """The meeting `pk` of this review, or 404."""
    try:
        return meetings_of(review).get(pk=int(pk))
    except (Meeting.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def upcoming_meetings(review, *, now: datetime | None = None) -> QuerySet[Meeting]:
    """Meetings not yet over, cancelled ones included (marked on the page), soonest first."""
    now = now or timezone.now()
    return meetings_of(review).filter(ends_at__gt=now).order_by("starts_at", "pk")


def past_meetings(review, *, now: datetime | None = None) -> QuerySet[Meeting]:
    now = now or timezone.now()
    return meetings_of(review).filter(ends_at__lte=now).order_by("-starts_at", "-pk")


def upcoming_meetings_for(actor, *, now: datetime | None = None, limit: int = 10) -> QuerySet[Meeting]:
    """The next meetings, not cancelled, of the reviews the actor may see (for a home panel)."""
    now = now or timezone.now()
    return (
        Meeting.objects.filter(
            review__in=reviews_visible_to(actor), ends_at__gt=now, cancelled_at__isnull=True
        )
        .select_related("review__incident")
        .order_by("starts_at", "pk")[:limit]
    )


def attendees_of(meeting: Meeting) -> QuerySet[MeetingAttendee]:
    return MeetingAttendee.objects.filter(meeting=meeting).order_by("name", "pk")


def team_to_invite(review) -> QuerySet[ReviewTeamMember]:
    """The current review team, whom a meeting's invitations are usually for."""
    return review.team.filter(removed_at__isnull=True).select_related("organisation").order_by("name", "pk")


def texts_of(meeting: Meeting) -> dict[str, str]:
    return {name: getattr(meeting, name) or "" for name in TEXT_FIELDS}


def revision_texts(meeting: Meeting, version: int) -> dict[str, str]:
    """What the texts were at `version` (nothing at version 0)."""
    if version <= 0:
        return {}
    revision = MeetingRevision.objects.filter(meeting=meeting, version=version).first()
    data = dict(revision.data) if revision else {}
    return {name: str(data.get(name) or "") for name in TEXT_FIELDS}


def editors_since(meeting: Meeting, version: int) -> list[str]:
    """The names of the people who saved the texts after `version`, in order, once each."""
    names: list[str] = []
    revisions = MeetingRevision.objects.filter(meeting=meeting, version__gt=version).select_related(
        "saved_by"
    )
    for revision in revisions.order_by("version"):
        name = str(revision.saved_by) if revision.saved_by else "Someone"
        if name not in names:
            names.append(name)
    return names


def held(review, kind: str, *, now: datetime | None = None) -> QuerySet[Meeting]:
    """Meetings of a kind that have taken place: started, and not cancelled."""
    now = now or timezone.now()
    return meetings_of(review).filter(kind=kind, starts_at__lte=now, cancelled_at__isnull=True)


def recorded_items(review) -> dict[str, str]:
    """What the stage items recorded on the meetings page hold (seed 004: review team
    meetings, practitioner and manager events); no key for an item not yet recorded."""
    found: dict[str, str] = {}
    team = held(review, MeetingKind.TEAM_MEETING).exclude(minutes="").order_by("starts_at")
    events = held(review, MeetingKind.PRACTITIONER_EVENT).order_by("starts_at")
    for key, meetings, one, many in (
        ("team-meetings", team, "team meeting", "team meetings"),
        ("practitioner-and-manager-events", events, "practitioner event", "practitioner events"),
    ):
        starts = list(meetings.values_list("starts_at", flat=True))
        summary = held_summary(
            len(starts), timezone.localdate(starts[-1]) if starts else None, one=one, many=many
        )
        if summary:
            found[key] = summary
    return found
