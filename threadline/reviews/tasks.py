"""Background tasks of reviews, run by `manage.py db_worker` (django-tasks, database backend)."""

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def send_meeting_invitations(meeting_id: int, sequence: int) -> int:
    """E-mail the calendar entry of a meeting, at the `sequence` it was queued for, to everyone
    invited with an e-mail address: an invitation, an update or a cancellation. A run queued
    for an earlier sequence sends nothing (a later run sends the newer entry). Returns how many
    were sent."""
    from .services.meetings_invitations import review_meeting_invitations_send

    sent = review_meeting_invitations_send(meeting_id=meeting_id, sequence=sequence)
    logger.info("sent %d invitations for meeting %d at sequence %d", sent, meeting_id, sequence)
    return sent
