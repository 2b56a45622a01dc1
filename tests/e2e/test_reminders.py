"""A notified incident's deadline is chased: the background worker e-mails the people who
complete the stage two working days before it is due and again when it is missed, and the
manager's home page shows it coming up and then overdue."""

from datetime import datetime, time

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from threadline.core.calendars import calendar_for_organisation
from threadline.incidents.models import Incident
from threadline.incidents.selectors import incident_timeline

from .journey import already_signed_in
from .test_incidents import frameworks, notify  # noqa: F401 — the fixture is used by name

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

ILR = "Initial Learning Review (ILR)"


def run_worker_at(day) -> None:
    """Run the task worker as it would run at 08:00 that day, until the queue is empty."""
    with time_machine.travel(timezone.make_aware(datetime.combine(day, time(8, 0))), tick=False):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def reminders_to(person) -> list[str]:
    return [m.subject for m in mail.outbox if person.email in m.to]


def test_a_deadline_is_chased_by_e_mail_and_on_the_home_page(
    open_browser,
    practitioner,
    manager,
    organisation,
    frameworks,  # noqa: F811
):
    pat = open_browser()
    already_signed_in(pat, practitioner)
    notify(pat, "YJS serious incident review", child="Skye Example")
    pat.press("Notify the incident")
    incident = Incident.objects.get()

    today = timezone.localdate()
    ilr = next(r for r in incident_timeline(incident, today=today) if r.stage.name == ILR)
    due = ilr.status.due
    calendar = calendar_for_organisation(organisation)
    two_before = calendar.subtract(due, 2)

    run_worker_at(calendar.subtract(two_before, 1))
    assert reminders_to(manager) == [], "nothing is sent before the time"

    run_worker_at(two_before)
    assert reminders_to(manager) == [f"Threadline: {ILR} for {incident.reference} is due in 2 working days"]
    assert reminders_to(practitioner) == [], "practitioners do not complete the ILR"
    run_worker_at(two_before)
    assert len(reminders_to(manager)) == 1, "each reminder is sent once"

    with time_machine.travel(timezone.make_aware(datetime.combine(two_before, time(9, 0))), tick=False):
        mia = open_browser()
        already_signed_in(mia, manager)
        mia.visit("/")
        soon = mia.page.get_by_role("region", name="Deadlines in the next 10 working days")
        expect(soon.get_by_text(incident.reference)).to_be_visible()

    first_day_late = calendar.add(due, 1)
    run_worker_at(first_day_late)
    assert reminders_to(manager)[-1] == f"Threadline: deadline missed for {ILR}, {incident.reference}"
    body = mail.outbox[-1].body
    assert incident.reference in body and "Skye Example" not in body, (
        "e-mails name the child by pseudonym only"
    )

    with time_machine.travel(timezone.make_aware(datetime.combine(first_day_late, time(9, 0))), tick=False):
        mia = open_browser()
        already_signed_in(mia, manager)
        mia.visit("/")
        overdue = mia.page.get_by_role("region", name="Overdue deadlines")
        expect(overdue.get_by_text(incident.reference)).to_be_visible()
