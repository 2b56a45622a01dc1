"""A deadline moved by a delay or a pause says so wherever deadlines are listed, not only on
the incident page: the incident list (a "Delayed" tag and the original date beside the
revised one; "Paused" while the clock stands still, "Moved by a pause" once a pause has
moved the date), the home panels, and the reminder e-mails. And the overdue filter of the
list leaves out incidents merged into another.

Expected dates come from the incident's own timeline, never from which event a framework's
clock runs from."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from threadline.core.calendars import calendar_for_organisation
from threadline.core.calendars import long_date as weekday_date

from .. import services
from ..models import IncidentStatus
from ..overview import deadline_notes, standings
from ..selectors import incident_timeline
from .builders import YJS, framework_version, london, notify, stage_of
from .pages import text

pytestmark = pytest.mark.django_db

ILR = "initial-learning-review"
LIST = reverse("incidents:incident_list")


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def ilr(incident, today=None):
    rows = incident_timeline(incident, today=today or timezone.localdate())
    return next(row for row in rows if row.stage.key == ILR)


def notified_days_ago(manager, organisation, days: int, **changes):
    with time_machine.travel(timezone.now() - timedelta(days=days), tick=False):
        return notify(actor=manager, organisation=organisation, version=framework_version(YJS), **changes)


def delay_ilr(manager, incident, *, revised_due: date, reason: str = "The risk panel moved"):
    return services.incident_deadline_delay(
        actor=manager,
        incident=incident,
        stage=stage_of(incident.framework_version, ILR),
        reason=reason,
        revised_due=revised_due,
    )


def pause(manager, incident, *, started_on: date, ended_on: date | None = None):
    paused = services.incident_clock_pause(
        actor=manager, incident=incident, reason="Criminal proceedings", started_on=started_on
    )
    if ended_on is not None:
        services.incident_clock_resume(actor=manager, pause=paused, ended_on=ended_on)
    return paused


def list_row(client, incident, **query) -> str:
    """The incident's row of the list, as the person reads it."""
    body = text(client.get(LIST, query))
    start = body.index(f">{incident.reference}</a>")
    return body[start : body.index("</tr>", start)]


def section(body: str, title: str) -> str:
    return body.split(title, 1)[1].split("</section>", 1)[0]


# --- the incident list


def test_the_list_shows_a_delayed_deadline_with_its_tag_and_the_original_date(client, manager, organisation):
    incident = notified_days_ago(manager, organisation, 1)
    original = ilr(incident).status.due
    revised = original + timedelta(days=21)
    delay_ilr(manager, incident, revised_due=revised)
    client.force_login(manager)
    row = list_row(client, incident)
    assert long_date(revised) in row and f"Originally {long_date(original)}" in row
    assert '<strong class="govuk-tag govuk-tag--orange">Delayed</strong>' in row


def test_the_list_shows_a_paused_deadline_as_paused(client, manager, organisation):
    incident = notified_days_ago(manager, organisation, 5)
    pause(manager, incident, started_on=timezone.localdate() - timedelta(days=2))
    client.force_login(manager)
    row = list_row(client, incident)
    assert '<strong class="govuk-tag govuk-tag--purple">Paused</strong>' in row
    assert "Delayed" not in row and "Moved by a pause" not in row


def test_the_list_says_a_pause_that_ended_moved_the_date_and_shows_the_original(
    client, manager, organisation
):
    incident = notified_days_ago(manager, organisation, 9)
    before = ilr(incident).status.due
    today = timezone.localdate()
    pause(manager, incident, started_on=today - timedelta(days=7), ended_on=today - timedelta(days=1))
    status = ilr(incident).status
    assert status.due > before and status.original_due == before, "the pause moved the date"
    client.force_login(manager)
    row = list_row(client, incident)
    assert '<strong class="govuk-tag govuk-tag--purple">Moved by a pause</strong>' in row
    assert long_date(status.due) in row and f"Originally {long_date(before)}" in row
    assert ">Paused<" not in row, "the clock runs again"


def test_a_deadline_nothing_moved_has_no_extra_tag_or_original_date(client, manager, organisation):
    incident = notified_days_ago(manager, organisation, 1)
    client.force_login(manager)
    row = list_row(client, incident)
    assert long_date(ilr(incident).status.due) in row
    assert "Originally" not in row and "govuk-tag" not in row


def test_a_late_delayed_deadline_shows_both_tags(client, manager, organisation):
    incident = notified_days_ago(manager, organisation, 40)
    today = timezone.localdate()
    with time_machine.travel(timezone.now() - timedelta(days=20), tick=False):
        delay_ilr(manager, incident, revised_due=today - timedelta(days=10))
    client.force_login(manager)
    row = list_row(client, incident)
    assert "working days late</strong>" in row and ">Delayed</strong>" in row
    assert f"Originally {long_date(ilr(incident).status.original_due)}" in row


# --- the overdue filter


def test_the_overdue_filter_leaves_out_an_incident_merged_into_another(client, manager, organisation):
    kept = notified_days_ago(manager, organisation, 40)
    duplicate = notified_days_ago(manager, organisation, 40)
    # The state merging leaves a duplicate in (who may merge is tested with the merge service).
    duplicate.status, duplicate.merged_into = IncidentStatus.MERGED, kept
    duplicate.save(update_fields=["status", "merged_into"])
    assert ilr(duplicate).state == "late", "its own clock would still show it overdue"
    client.force_login(manager)
    body = text(client.get(LIST, {"overdue": "on"}))
    assert kept.reference in body and duplicate.reference not in body
    assert duplicate.reference in text(client.get(LIST)), "without the filter it is still listed"


# --- the home panels


def test_the_coming_up_panel_says_a_deadline_was_delayed_from_its_original_date(
    client, manager, organisation
):
    incident = notified_days_ago(manager, organisation, 1)
    original = ilr(incident).status.due
    delay_ilr(manager, incident, revised_due=original + timedelta(days=1), reason="Chair unwell.")
    client.force_login(manager)
    panel = section(text(client.get("/")), "Deadlines in the next 10 working days")
    assert f"{incident.reference}: Initial Learning Review (ILR)" in panel
    assert f"Delayed from {long_date(original)}: Chair unwell." in panel


def test_the_overdue_panel_says_a_pause_moved_the_date(client, manager, organisation):
    incident = notified_days_ago(manager, organisation, 40)
    before = ilr(incident).status.due
    today = timezone.localdate()
    pause(manager, incident, started_on=today - timedelta(days=38), ended_on=today - timedelta(days=35))
    assert ilr(incident).state == "late"
    client.force_login(manager)
    panel = section(text(client.get("/")), "Overdue deadlines")
    assert incident.reference in panel and f"Moved by a pause from {long_date(before)}." in panel


def test_the_notes_say_delayed_then_moved_by_a_pause(manager, organisation):
    incident = notified_days_ago(manager, organisation, 10)
    today = timezone.localdate()
    original = ilr(incident).status.due
    with time_machine.travel(timezone.now() - timedelta(days=8), tick=False):
        delay_ilr(manager, incident, revised_due=original + timedelta(days=30), reason="Panel moved")
    pause(manager, incident, started_on=today - timedelta(days=6), ended_on=today - timedelta(days=2))
    (standing,) = standings([incident], today=today)
    notes = deadline_notes(standing.row_for(ILR), incident)
    assert notes.delayed and notes.moved_by_pause and not notes.paused_now
    assert notes.revised_due == original + timedelta(days=30) and notes.due > notes.revised_due
    assert [tag["text"] for tag in notes.tags] == ["Delayed", "Moved by a pause"]
    assert notes.sentence() == f"Delayed from {long_date(original)}: Panel moved. Moved by a pause."


# --- the reminder e-mails


@pytest.fixture
def december_incident(manager, organisation):
    """Notified on Friday 19 December 2025 in England, as in test_reminders."""
    with time_machine.travel(london(2025, 12, 19, 10, 0), tick=False):
        return notify(
            actor=manager,
            organisation=organisation,
            version=framework_version(YJS),
            occurred_at=london(2025, 12, 17, 20, 0),
            aware_at=london(2025, 12, 19, 9, 0),
            told=[],
        )


def sweep(day: date):
    with time_machine.travel(london(day.year, day.month, day.day, 7, 0), tick=False):
        return services.deadline_reminders_send(today=day)


def body_to(person) -> str:
    (message,) = [m for m in mail.outbox if m.to == [person.email]]
    return message.body


def test_a_reminder_for_a_delayed_deadline_gives_the_original_and_revised_dates_and_the_reason(
    december_incident, manager, organisation
):
    incident = december_incident
    original = ilr(incident, date(2025, 12, 19)).status.due
    revised = original + timedelta(days=7)
    with time_machine.travel(london(2025, 12, 22, 12, 0), tick=False):
        delay_ilr(manager, incident, revised_due=revised, reason="The risk panel moved to the following week")
    assert ilr(incident, revised).status.due == revised
    two_before = calendar_for_organisation(organisation).subtract(revised, 2)
    assert [r.kind for r in sweep(two_before)] == ["due-soon"]
    body = body_to(manager)
    assert (
        f"This deadline was delayed: the original date was {weekday_date(original)}, "
        f"and it was revised to {weekday_date(revised)}." in body
    )
    assert "Reason for the delay: The risk panel moved to the following week" in body
    assert "A pause of the clock" not in body


def test_a_missed_deadline_reminder_says_a_pause_moved_the_date(december_incident, manager, organisation):
    incident = december_incident
    original = ilr(incident, date(2025, 12, 19)).status.due
    with time_machine.travel(london(2025, 12, 22, 12, 0), tick=False):
        paused = pause(manager, incident, started_on=date(2025, 12, 22))
    with time_machine.travel(london(2025, 12, 24, 12, 0), tick=False):
        services.incident_clock_resume(actor=manager, pause=paused, ended_on=date(2025, 12, 24))
    moved = ilr(incident, date(2025, 12, 24)).status.due
    assert moved > original
    day_after = calendar_for_organisation(organisation).add(moved, 1)
    assert [r.kind for r in sweep(day_after)] == ["missed"]
    body = body_to(manager)
    assert (
        f"A pause of the clock moved this deadline from {weekday_date(original)} to {weekday_date(moved)}."
        in body
    )
    assert "This deadline was delayed" not in body


def test_a_reminder_for_a_deadline_nothing_moved_mentions_neither(december_incident, manager, organisation):
    due = ilr(december_incident, date(2025, 12, 19)).status.due
    sweep(calendar_for_organisation(organisation).subtract(due, 2))
    body = body_to(manager)
    assert "This deadline was delayed" not in body and "A pause of the clock" not in body
