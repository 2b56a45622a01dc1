"""Sending deadline reminders: each one once, to the people whose role completes the stage.

Run by the background task (`tasks.send_deadline_reminders`) and the management command of
the same name; there is no person acting, so the audit rows name the sweep.
"""

import logging
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction

from threadline.core.models import AuditAction
from threadline.core.services import audit_record

from ..models import ReminderSent
from ..reminders import (
    SWEEP_ACTOR_LABEL,
    PlannedReminder,
    recipients_for,
    reminder_body,
    reminder_subject,
    reminders_planned,
)

logger = logging.getLogger(__name__)


def deadline_reminders_send(*, today: date) -> list[ReminderSent]:
    """Send every reminder due on `today` that has not been sent yet.

    Each reminder is claimed by inserting its `ReminderSent` row (unique per incident, stage,
    kind and due date) and sent in the same transaction: a second worker doing the same
    waits on the row and then skips it, and a failed send rolls the claim back so the next
    sweep tries again. One audit row per reminder, naming who was told.
    """
    sent = []
    for planned in reminders_planned(today=today):
        incident, reminder = planned.incident, planned.reminder
        stage = incident.framework_version.stages.get(key=reminder.stage_key)
        if _already_sent(incident, stage, reminder):
            continue
        people = recipients_for(incident, reminder.completed_by)
        if not people:
            logger.warning(
                "no one to remind about %s of %s: the lead organisation has no active service manager",
                reminder.stage_key,
                incident.reference,
            )
            continue  # nothing recorded, so it goes once someone can receive it
        try:
            with transaction.atomic():
                row = ReminderSent.objects.create(
                    incident=incident,
                    stage=stage,
                    kind=reminder.kind,
                    due=reminder.due,
                    recipients=[person.email for person in people],
                )
                audit_record(
                    actor=None,
                    actor_label=SWEEP_ACTOR_LABEL,
                    action=AuditAction.CREATE,
                    target=row,
                    organisation=incident.lead_organisation,
                    detail={
                        "incident": incident.reference,
                        "stage": reminder.stage_key,
                        "kind": reminder.kind,
                        "due": reminder.due.isoformat(),
                        "recipients": row.recipients,
                    },
                )
                get_connection(fail_silently=False).send_messages(_messages(planned, people))
        except IntegrityError:
            continue  # another worker claimed this reminder first and has sent it
        except OSError:  # smtplib's errors are OSErrors: the claim is rolled back, to try again
            logger.exception("could not send the %s reminder for %s", reminder.kind, incident.reference)
            continue
        sent.append(row)
    return sent


def _already_sent(incident, stage, reminder) -> bool:
    """A quick look before claiming; the unique constraint is what guarantees once."""
    return ReminderSent.objects.filter(
        incident=incident, stage=stage, kind=reminder.kind, due=reminder.due
    ).exists()


def _messages(planned: PlannedReminder, people) -> list[EmailMessage]:
    """One e-mail per person, so no one sees who else was told."""
    incident, reminder = planned.incident, planned.reminder
    return [
        EmailMessage(
            subject=reminder_subject(incident, reminder),
            body=reminder_body(incident, reminder, person),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[person.email],
        )
        for person in people
    ]
