"""Sending a meeting's calendar entry by e-mail (issue 5 item 7): run by the background task
(tasks.send_meeting_invitations) that the meeting services queue on commit, with no person
acting, so the audit row names the task."""

from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone

from threadline.core.models import AuditAction
from threadline.core.services import audit_record

from ..calendar_invites import CANCEL, REQUEST, invitation_messages
from ..models import Meeting, MeetingAttendee

INVITATIONS_ACTOR_LABEL = "meeting invitations (background task)"


def review_meeting_invitations_send(*, meeting_id: int, sequence: int) -> int:
    """Send the meeting's calendar entry at `sequence` by e-mail; run by the background task,
    with no person acting. A cancellation goes to those who were sent the invitation; an
    invitation or update to everyone invited with an e-mail address. Returns how many were
    sent (0 when a newer change has superseded this one)."""
    meeting = (
        Meeting.objects.select_related("review__incident", "review__lead_organisation")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None or meeting.sequence != sequence:
        return 0
    method = CANCEL if meeting.cancelled_at is not None else REQUEST
    attendees = [a for a in meeting.attendees.all() if a.email]
    recipients = [a for a in attendees if method == REQUEST or a.invited_at is not None]
    if not recipients:
        return 0
    review = meeting.review
    now = timezone.now()
    messages = invitation_messages(
        meeting, recipients=recipients, method=method, reference=review.incident.reference, stamp=now
    )
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting_id)
        if locked.sequence != sequence:
            return 0  # changed again while the e-mails were written: the newer run sends
        if method == REQUEST:
            MeetingAttendee.objects.filter(pk__in=[a.pk for a in recipients], invited_at__isnull=True).update(
                invited_at=now
            )
        audit_record(
            actor=None,
            actor_label=INVITATIONS_ACTOR_LABEL,
            action=AuditAction.CHANGE,
            target=review,
            organisation=review.lead_organisation,
            detail={
                "meeting": meeting_id,
                "method": method,
                "sequence": sequence,
                "recipients": len(messages),
            },
        )
        # Sent inside the transaction: if the mail server refuses, nothing is marked as sent
        # and the task fails where the worker's log shows it.
        get_connection(fail_silently=False).send_messages(messages)
    return len(messages)
