"""Meetings and events of a review (issue 5 item 7): arranging them with calendar invitations,
moving and cancelling them (the invitations follow), their minutes, decisions and actions
arising (versioned, so two people editing cannot overwrite each other: issue 5 item 12), and
who attended.

E-mail leaves only through the background task, queued on commit: a rolled-back change never
sends anything, and a page never waits on a mail server.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, time

from django.db import transaction
from django.utils import timezone

from threadline.core.access import require
from threadline.core.models import AuditAction
from threadline.core.services import audit_record

from .. import policies
from ..domain.errors import ReviewRuleError
from ..domain.meetings import (
    MAX_LOCATION,
    MAX_REASON,
    MAX_TEXT,
    MAX_TITLE,
    TEXT_FIELDS,
    TEXT_LABELS,
    MeetingTextsConflict,
    changed_texts,
    identifying_words,
    meeting_times,
    mentions_the_child,
    parse_invitees,
)
from ..models import Meeting, MeetingAttendee, MeetingKind, MeetingRevision
from ..selectors.meetings import editors_since
from ..tasks import send_meeting_invitations

NAMES_THE_CHILD = (
    "{what} goes in the calendar invitations: it must not name the child or give their identifiers"
)


def _text(value) -> str:
    return str(value or "").replace("\r\n", "\n").strip()


def _texts(meeting: Meeting) -> dict[str, str]:
    return {name: getattr(meeting, name) for name in TEXT_FIELDS}


def _public_text_problems(review, **texts: str) -> list[tuple[str, str]]:
    """Title and place leave Threadline in every invitation: neither may name the child."""
    child = review.incident.child
    words = identifying_words(child.full_name, child.identifiers)
    labels = {"title": "The title", "location": "The place"}
    return [
        (name, NAMES_THE_CHILD.format(what=labels[name]))
        for name, text in texts.items()
        if mentions_the_child(text, words)
    ]


def _place_problems(review, *, location: str) -> list[tuple[str, str]]:
    if len(location) > MAX_LOCATION:
        return [("location", f"The place must be {MAX_LOCATION} characters or fewer")]
    return _public_text_problems(review, location=location)


def _queue_invitations(meeting: Meeting) -> None:
    meeting_id, sequence = meeting.pk, meeting.sequence
    transaction.on_commit(lambda: send_meeting_invitations.enqueue(meeting_id, sequence))


def _not_over(meeting: Meeting) -> bool:
    return meeting.ends_at > timezone.now()


def review_meeting_schedule(
    *,
    actor,
    review,
    kind: str,
    title: str = "",
    day: date | None,
    start_time: time | None,
    end_time: time | None,
    location: str = "",
    agenda: str = "",
    team_member_ids: Sequence[int] = (),
    other_invitees: str = "",
    send_invitations: bool = True,
) -> Meeting:
    """Arrange a meeting of the review and invite people: members of the review team (by id)
    and others typed one a line as "Name <email>, organisation". Invitations go by e-mail
    with a calendar entry, unless the meeting is already over (a meeting recorded afterwards)
    or `send_invitations` is off."""
    require(policies.can_manage_meetings(actor, review))
    problems: list[tuple[str, str]] = []
    if kind not in MeetingKind.values:
        problems.append(("kind", "Choose the kind of meeting"))
    title = _text(title) or (MeetingKind(kind).label if kind in MeetingKind.values else "")
    location, agenda = _text(location), _text(agenda)
    if len(title) > MAX_TITLE:
        problems.append(("title", f"The title must be {MAX_TITLE} characters or fewer"))
    problems += _public_text_problems(review, title=title)
    try:
        starts_at, ends_at = meeting_times(day, start_time, end_time)
    except ReviewRuleError as error:
        problems += error.problems
    problems += _place_problems(review, location=location)
    if len(agenda) > MAX_TEXT:
        problems.append(("agenda", f"The agenda must be {MAX_TEXT:,} characters or fewer"))
    wanted = {int(pk) for pk in team_member_ids}
    members = list(review.team.filter(removed_at__isnull=True, pk__in=wanted).select_related("organisation"))
    if len(members) != len(wanted):
        problems.append(("team_members", "Choose people who are on the review team"))
    try:
        others = parse_invitees(other_invitees, already=[m.email for m in members])
    except ReviewRuleError as error:
        problems += error.problems
        others = []
    if problems:
        raise ReviewRuleError.from_problems(problems)
    now = timezone.now()
    with transaction.atomic():
        meeting = Meeting.objects.create(
            review=review,
            kind=kind,
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
            location=location,
            agenda=agenda,
            version=1,
            created_by=actor,
            created_at=now,
            updated_by=actor,
            updated_at=now,
        )
        MeetingRevision.objects.create(
            meeting=meeting, version=1, data=_texts(meeting), saved_by=actor, saved_at=now
        )
        MeetingAttendee.objects.bulk_create(
            [
                MeetingAttendee(
                    meeting=meeting,
                    person=member.person,
                    name=member.name,
                    email=member.email,
                    organisation_name=member.organisation.name,
                    role=member.get_role_display(),
                )
                for member in members
            ]
            + [
                MeetingAttendee(
                    meeting=meeting, name=other.name, email=other.email, organisation_name=other.organisation
                )
                for other in others
            ]
        )
        inviting = send_invitations and _not_over(meeting) and any(p.email for p in [*members, *others])
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=review,
            detail={
                "meeting": meeting.pk,
                "kind": kind,
                "starts_at": starts_at.isoformat(),
                "attendees": len(members) + len(others),
                "invitations": inviting,
            },
        )
        if inviting:
            _queue_invitations(meeting)
    return meeting


def _conflict(meeting: Meeting, base_version: int) -> MeetingTextsConflict:
    meeting.refresh_from_db()
    return MeetingTextsConflict(
        base_version=base_version,
        current_version=meeting.version,
        changed_by=editors_since(meeting, base_version),
    )


def review_meeting_texts_save(
    *, actor, meeting: Meeting, values: Mapping[str, str], base_version: int
) -> Meeting:
    """Save the agenda, minutes, decisions and actions arising as the version after
    `base_version`. If someone saved since, nothing is written: MeetingTextsConflict. The
    version check is part of the UPDATE, so two saves racing from one version cannot both win."""
    review = meeting.review
    require(policies.can_manage_meetings(actor, review))
    texts = {name: _text(values.get(name)) for name in TEXT_FIELDS}
    problems = [
        (name, f"{TEXT_LABELS[name]} must be {MAX_TEXT:,} characters or fewer")
        for name, text in texts.items()
        if len(text) > MAX_TEXT
    ]
    if problems:
        raise ReviewRuleError.from_problems(problems)
    with transaction.atomic():
        current = Meeting.objects.get(pk=meeting.pk)
        if current.version != base_version:
            raise _conflict(current, base_version)
        changed = changed_texts(_texts(current), texts)
        if not changed:
            return current
        now = timezone.now()
        saved = Meeting.objects.filter(pk=meeting.pk, version=base_version).update(
            **texts, version=base_version + 1, updated_by=actor, updated_at=now
        )
        if saved != 1:
            raise _conflict(current, base_version)
        MeetingRevision.objects.create(
            meeting=current, version=base_version + 1, data=texts, saved_by=actor, saved_at=now
        )
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=review,
            detail={"meeting": meeting.pk, "version": base_version + 1, "fields_changed": changed},
        )
    current.refresh_from_db()
    return current


def review_meeting_change(
    *,
    actor,
    meeting: Meeting,
    day: date | None,
    start_time: time | None,
    end_time: time | None,
    location: str = "",
) -> Meeting:
    """Move a meeting or change its place. The calendar entry keeps its UID and goes out again
    with the next SEQUENCE, so people's calendars move the entry they have."""
    review = meeting.review
    require(policies.can_manage_meetings(actor, review))
    if meeting.cancelled_at is not None:
        raise ReviewRuleError("This meeting is cancelled: arrange a new one instead", "day")
    location = _text(location)
    problems: list[tuple[str, str]] = []
    try:
        starts_at, ends_at = meeting_times(day, start_time, end_time)
    except ReviewRuleError as error:
        problems += error.problems
    problems += _place_problems(review, location=location)
    if problems:
        raise ReviewRuleError.from_problems(problems)
    with transaction.atomic():
        current = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if current.cancelled_at is not None:
            raise ReviewRuleError("This meeting is cancelled: arrange a new one instead", "day")
        if (current.starts_at, current.ends_at, current.location) == (starts_at, ends_at, location):
            return current
        moved = (current.starts_at, current.ends_at) != (starts_at, ends_at)
        location_changed = current.location != location
        current.starts_at, current.ends_at, current.location = starts_at, ends_at, location
        current.sequence += 1
        current.updated_by, current.updated_at = actor, timezone.now()
        current.save(
            update_fields=["starts_at", "ends_at", "location", "sequence", "updated_by", "updated_at"]
        )
        inviting = _not_over(current) and current.attendees.exclude(email="").exists()
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=review,
            detail={
                "meeting": current.pk,
                "starts_at": starts_at.isoformat(),
                "moved": moved,
                "location_changed": location_changed,
                "sequence": current.sequence,
                "invitations": inviting,
            },
        )
        if inviting:
            _queue_invitations(current)
    return current


def review_meeting_cancel(*, actor, meeting: Meeting, reason: str) -> Meeting:
    """Cancel a meeting: everyone who was sent the invitation is sent METHOD:CANCEL for the
    same entry. The reason is kept on the meeting for the review's record; it is not sent
    (what people type about a case stays in Threadline)."""
    review = meeting.review
    require(policies.can_manage_meetings(actor, review))
    reason = _text(reason)
    if not reason:
        raise ReviewRuleError("Enter why the meeting is cancelled", "reason")
    if len(reason) > MAX_REASON:
        raise ReviewRuleError(f"The reason must be {MAX_REASON:,} characters or fewer", "reason")
    with transaction.atomic():
        current = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if current.cancelled_at is not None:
            raise ReviewRuleError("This meeting is already cancelled", "reason")
        now = timezone.now()
        current.cancelled_at, current.cancelled_by, current.cancellation_reason = now, actor, reason
        current.sequence += 1
        current.updated_by, current.updated_at = actor, now
        current.save(
            update_fields=[
                "cancelled_at",
                "cancelled_by",
                "cancellation_reason",
                "sequence",
                "updated_by",
                "updated_at",
            ]
        )
        inviting = _not_over(current) and current.attendees.filter(invited_at__isnull=False).exists()
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=review,
            detail={
                "meeting": current.pk,
                "cancelled": True,
                "sequence": current.sequence,
                "invitations": inviting,
            },
        )
        if inviting:
            _queue_invitations(current)
    return current


def review_meeting_attendance_record(
    *, actor, meeting: Meeting, attended: Mapping[int, bool | None]
) -> Meeting:
    """Record who attended (True), who did not (False) and who is not known (None), by
    attendee id."""
    review = meeting.review
    require(policies.can_manage_meetings(actor, review))
    if meeting.cancelled_at is not None:
        raise ReviewRuleError("This meeting was cancelled: no one attended it")
    if meeting.starts_at > timezone.now():
        raise ReviewRuleError("Record who attended once the meeting has started")
    attendees = {a.pk: a for a in meeting.attendees.all()}
    unknown = set(attended) - set(attendees)
    if unknown:
        raise ReviewRuleError("Those people were not invited to this meeting")
    with transaction.atomic():
        changed = [attendees[pk] for pk, value in attended.items() if attendees[pk].attended is not value]
        for attendee in changed:
            attendee.attended = attended[attendee.pk]
        MeetingAttendee.objects.bulk_update(changed, ["attended"])
        values = [attended.get(pk, a.attended) for pk, a in attendees.items()]
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=review,
            detail={
                "meeting": meeting.pk,
                "attended": values.count(True),
                "did_not_attend": values.count(False),
                "not_known": values.count(None),
            },
        )
    return meeting
