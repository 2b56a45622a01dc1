"""Deadline reminders: when the sweep runs, who is told, and what the e-mail says.

The rules of which reminder is due are pure (`domain/reminders.py`); the sending, with its
audit row, is a service (`services/reminders.py`); the background task (`tasks.py`) runs the
sweep. This module holds what they share: reading recipients, writing the e-mail, and
keeping a sweep queued (docs/adr/0007-deadline-reminders.md).

The sweep runs at 07:00 (Europe/London) every weekday, each run queueing the next, and
sooner when an incident's clock changes so that a reminder due today is not left until
tomorrow. Queueing never doubles up: a sweep is only queued if none is already waiting to
run by that moment.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from threadline.core.calendars import calendar_for_organisation, long_date
from threadline.core.models import Role, User
from threadline.core.scheduling import task_ensure_by

from .domain.reminders import DUE_SOON, DueReminder, next_reminder_on, reminders_due
from .models import Incident, IncidentStatus, ReminderSent
from .overview import standings

logger = logging.getLogger(__name__)

SWEEP_TIME = time(7, 0)
SWEEP_TASK_PATH = "threadline.incidents.tasks.send_deadline_reminders"
FALLBACK_ROLES = (Role.SERVICE_MANAGER,)
SWEEP_ACTOR_LABEL = "deadline reminders (background task)"


# --- which reminders are due


@dataclass(frozen=True)
class PlannedReminder:
    incident: Incident
    reminder: DueReminder


def reminders_planned(*, today: date, unsent_only: bool = False) -> list[PlannedReminder]:
    """The reminders due on `today` across every open incident, in incident order; with
    `unsent_only`, without those already sent (what a dry run shows)."""
    incidents = Incident.objects.filter(status=IncidentStatus.OPEN).select_related(
        "child", "lead_organisation", "framework_version__framework"
    )
    planned = []
    calendars = {}
    for standing in standings(incidents.order_by("pk"), today=today):
        incident = standing.incident
        nation = incident.lead_organisation.nation
        if nation not in calendars:
            calendars[nation] = calendar_for_organisation(incident.lead_organisation)
        for reminder in reminders_due(standing.rows, today=today, calendar=calendars[nation]):
            planned.append(PlannedReminder(incident, reminder))
    if unsent_only and planned:
        sent = set(
            ReminderSent.objects.filter(incident__in=[p.incident.pk for p in planned]).values_list(
                "incident_id", "stage__key", "kind", "due"
            )
        )
        planned = [p for p in planned if (p.incident.pk, *p.reminder.key) not in sent]
    return planned


# --- who is told


def recipients_for(incident: Incident, roles) -> list[User]:
    """Active people of the lead organisation with a role that completes the stage; if
    nobody holds one, the lead organisation's service managers."""
    for wanted in (tuple(roles), FALLBACK_ROLES):
        if not wanted:
            continue
        people = list(
            User.objects.filter(
                is_active=True,
                memberships__organisation_id=incident.lead_organisation_id,
                memberships__organisation__is_active=True,
                memberships__role__in=wanted,
            )
            .distinct()
            .order_by("email")
        )
        if people:
            return people
    return []


# --- what they read


def incident_link(incident: Incident) -> str:
    """The incident page as a full address, when the site's address is configured."""
    base = (getattr(settings, "THREADLINE_BASE_URL", "") or "").rstrip("/")
    try:
        path = reverse("incidents:detail", kwargs={"pk": incident.pk})
    except NoReverseMatch:
        return ""
    return f"{base}{path}" if base else ""


def reminder_subject(incident: Incident, reminder: DueReminder) -> str:
    if reminder.kind == DUE_SOON:
        left = reminder.working_days_left or 0
        when = "today" if left == 0 else f"in {left} working day{'s' if left != 1 else ''}"
        return f"Threadline: {reminder.stage_name} for {incident.reference} is due {when}"
    return f"Threadline: deadline missed for {reminder.stage_name}, {incident.reference}"


def reminder_body(incident: Incident, reminder: DueReminder, person: User) -> str:
    """The e-mail text: the incident's reference and the child's pseudonym, never who the
    child is."""
    template = "incidents/email/deadline_due_soon.txt"
    if reminder.kind != DUE_SOON:
        template = "incidents/email/deadline_missed.txt"
    roles = dict(Role.choices)
    return render_to_string(
        template,
        {
            "person": person,
            "incident": incident,
            "reminder": reminder,
            "due": long_date(reminder.due),
            "framework": incident.framework_version.framework.name,
            "organisation": incident.lead_organisation.name,
            "pseudonym": incident.child.pseudonym,
            "roles": [roles.get(r, r) for r in reminder.completed_by] or [roles[Role.SERVICE_MANAGER]],
            "link": incident_link(incident),
            "completes_it": bool(person.roles_in(incident.lead_organisation_id) & set(reminder.completed_by)),
        },
    )


# --- when the sweep runs


def sweep_moment(day: date) -> datetime:
    """07:00 on `day`, London time."""
    return timezone.make_aware(datetime.combine(day, SWEEP_TIME))


def next_daily_sweep(now: datetime) -> datetime:
    """07:00 on the next weekday after `now`; bank holidays differ by nation, so a sweep on
    one simply finds nothing due for that nation."""
    day = timezone.localtime(now).date() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return sweep_moment(day)


def sweep_ensure_by(moment: datetime) -> bool:
    """Queue a sweep to run at `moment` unless one is already waiting to run by then.
    Returns whether it queued one."""
    from .tasks import send_deadline_reminders

    return task_ensure_by(send_deadline_reminders, moment)


def next_sweep_for(incident: Incident, *, now: datetime) -> datetime | None:
    """When the sweep should next run for this incident's reminders, if ever."""
    today = timezone.localtime(now).date()
    incident = Incident.objects.select_related("lead_organisation", "framework_version").get(pk=incident.pk)
    if incident.status != IncidentStatus.OPEN:
        return None
    (standing,) = standings([incident], today=today)
    rows = standing.rows
    day = next_reminder_on(rows, today=today, calendar=calendar_for_organisation(incident.lead_organisation))
    if day is None:
        return None
    return max(sweep_moment(day), now)


def reminders_schedule(incident: Incident) -> None:
    """Make sure a sweep runs when this incident's next reminder falls due."""
    moment = next_sweep_for(incident, now=timezone.now())
    if moment is not None:
        sweep_ensure_by(moment)


def reminders_schedule_on_commit(incident: Incident) -> None:
    """Called inside a service's transaction: schedule once the change is committed, so a
    rolled-back change queues nothing. A failure to queue never undoes the change."""

    def schedule():
        try:
            reminders_schedule(incident)
        except Exception:  # noqa: BLE001 — the daily sweep still finds it; the change is saved
            logger.exception("could not schedule deadline reminders for incident %s", incident.pk)

    transaction.on_commit(schedule)
