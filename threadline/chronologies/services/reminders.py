"""Reminding an agency of its chronology's due date: two working days before and on the first
working day after it was missed, once each, to the agency's partner agency leads (or its service
managers if it has none). Run by the daily sweep (`tasks.send_chronology_reminders`) and the
command of the same name; no person acts, so the audit rows name the sweep.

The e-mails name the incident's reference and the agency, never the child.
"""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from threadline.core.models import AuditAction, Role
from threadline.core.services import audit_record

from ..domain.reminders import DUE_SOON
from ..domain.requests import long_date
from ..models import ChronologyReminderSent
from ..selectors.chronologies import PlannedReminder, chronology_reminders_planned, reminder_recipients

logger = logging.getLogger(__name__)

SWEEP_ACTOR_LABEL = "chronology reminders (background task)"


def _link(chronology) -> str:
    base = (getattr(settings, "THREADLINE_BASE_URL", "") or "").rstrip("/")
    path = reverse("chronologies:chronology", kwargs={"pk": chronology.pk})
    return f"{base}{path}" if base else ""


def _subject(planned: PlannedReminder) -> str:
    chronology, reminder = planned.chronology, planned.reminder
    reference = chronology.review.incident.reference
    if reminder.kind == DUE_SOON:
        left = reminder.working_days_left or 0
        when = "today" if left == 0 else f"in {left} working day{'s' if left != 1 else ''}"
        return f"Threadline: the chronology for {reference} is due {when}"
    return f"Threadline: the chronology for {reference} was due on {long_date(reminder.due_on)}"


def _body(planned: PlannedReminder, person) -> str:
    chronology, reminder = planned.chronology, planned.reminder
    template = "chronologies/email/reminder_due_soon.txt"
    if reminder.kind != DUE_SOON:
        template = "chronologies/email/reminder_missed.txt"
    return render_to_string(
        template,
        {
            "person": person,
            "reference": chronology.review.incident.reference,
            "agency": chronology.organisation.name,
            "lead": chronology.review.lead_organisation.name,
            "reminder": reminder,
            "due": long_date(reminder.due_on),
            "period_from": long_date(chronology.period_from),
            "period_to": long_date(chronology.period_to),
            "link": _link(chronology),
            "is_lead": person.has_role_in(chronology.organisation_id, Role.PARTNER_AGENCY_LEAD),
        },
    )


def _messages(planned: PlannedReminder, people) -> list[EmailMessage]:
    """One e-mail per person, so no one sees who else was told."""
    return [
        EmailMessage(
            subject=_subject(planned),
            body=_body(planned, person),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[person.email],
        )
        for person in people
    ]


def chronology_reminders_send(*, today: date) -> list[ChronologyReminderSent]:
    """Send every chronology reminder due on `today` not sent yet.

    Each is claimed by inserting its `ChronologyReminderSent` row (unique per chronology, kind
    and due date) and sent in the same transaction: a second worker waits on the row and then
    skips it, and a failed send rolls the claim back so the next sweep tries again.
    """
    sent = []
    for planned in chronology_reminders_planned(today=today, unsent_only=True):
        chronology, reminder = planned.chronology, planned.reminder
        people = reminder_recipients(chronology)
        if not people:
            logger.warning(
                "no one to remind about chronology %s: the agency has no active lead or manager",
                chronology.pk,
            )
            continue  # nothing recorded, so it goes once someone can receive it
        try:
            with transaction.atomic():
                row = ChronologyReminderSent.objects.create(
                    chronology=chronology, kind=reminder.kind, due_on=reminder.due_on
                )
                audit_record(
                    actor=None,
                    actor_label=SWEEP_ACTOR_LABEL,
                    action=AuditAction.CREATE,
                    target=row,
                    organisation=chronology.organisation,
                    detail={
                        "chronology": chronology.pk,
                        "review": chronology.review_id,
                        "kind": reminder.kind,
                        "due_on": reminder.due_on.isoformat(),
                        "recipients": [person.email for person in people],
                    },
                )
                get_connection(fail_silently=False).send_messages(_messages(planned, people))
        except IntegrityError:
            continue  # another worker claimed this reminder first and has sent it
        except OSError:  # smtplib's errors are OSErrors: the claim is rolled back, to try again
            logger.exception("could not send the %s reminder of chronology %s", reminder.kind, chronology.pk)
            continue
        sent.append(row)
    return sent
