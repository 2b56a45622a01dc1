"""A system administrator adds a bank holiday announced late, and a deadline moves because of it:
on the calendar's own check, and on the page of an incident whose clock is running."""

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, expect

from threadline.core.calendars import calendar_for_organisation
from threadline.core.models import ExtraBankHoliday
from threadline.frameworks.services import frameworks_load_builtin
from threadline.incidents.selectors import incident_timeline
from threadline.incidents.tests.builders import YJS, framework_version, notify

from .journey import Visitor, already_signed_in, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

FUNERAL = "Bank holiday for the state funeral"


def test_an_administrator_adds_a_non_working_day_and_a_deadline_moves_because_of_it(open_browser, sysadmin):
    admin = open_browser()
    already_signed_in(admin, sysadmin)
    admin.visit("/")
    admin.follow("Bank holidays")
    assert admin.heading() == "Bank holidays"
    expect(admin.page.get_by_role("tab", name="Scotland")).to_be_visible()

    check_deadline(admin, start=("1", "6", "2027"), days="5")
    expect(answer(admin)).to_contain_text("5 working days after Tuesday 1 June 2027 is Tuesday 8 June 2027")

    add_day(admin, ("5", "6", "2027"), FUNERAL)
    expect(admin.page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(add_form(admin).get_by_text("Saturday 5 June 2027 is at the weekend")).to_be_visible()
    assert not ExtraBankHoliday.objects.exists()

    add_day(admin, ("4", "6", "2027"), FUNERAL)
    expect(
        admin.page.get_by_text(f"{FUNERAL} added: Friday 4 June 2027 is not a working day")
    ).to_be_visible()
    england_and_wales = admin.page.get_by_role("tabpanel", name="England and Wales")
    added = england_and_wales.get_by_role("table", name="Non-working days added here")
    expect(added.get_by_role("row", name=f"Friday 4 June 2027 {FUNERAL}")).to_be_visible()
    screenshot(admin, "bank-holidays")

    check_deadline(admin, start=("1", "6", "2027"), days="5")
    expect(answer(admin)).to_contain_text("5 working days after Tuesday 1 June 2027 is Wednesday 9 June 2027")
    expect(answer(admin)).to_contain_text(f"Friday 4 June 2027: {FUNERAL} (added here)")


def test_a_day_added_inside_an_incidents_ilr_window_moves_its_deadline_on_the_incident_page(
    open_browser, sysadmin, manager, organisation
):
    frameworks_load_builtin()
    incident = notify(actor=manager, organisation=organisation, version=framework_version(YJS))
    before = ilr_of(incident)
    calendar = calendar_for_organisation(organisation)
    # A working day inside the window: after the day the clock started, up to the due date.
    added = calendar.subtract(before.status.due, 1)
    assert before.starts_on < added <= before.status.due and calendar.is_working_day(added)

    mia = open_browser()
    already_signed_in(mia, manager)
    mia.visit(incident.get_absolute_url())
    expect(due_cell(mia)).to_have_text(long_date(before.status.due))

    admin = open_browser()
    already_signed_in(admin, sysadmin)
    admin.visit("/")
    admin.follow("Bank holidays")
    add_day(admin, (str(added.day), str(added.month), str(added.year)), FUNERAL)
    expect(admin.page.get_by_text(f"{FUNERAL} added:")).to_be_visible()

    after = ilr_of(incident)
    assert after.status.due == calendar.add(before.status.due, 1), "one working day later"
    assert after.starts_on == before.starts_on, "the day the clock started has not changed"
    mia.visit(incident.get_absolute_url())
    expect(due_cell(mia)).to_have_text(long_date(after.status.due))
    expect(mia.page.locator("#stage-initial-learning-review")).not_to_contain_text(
        long_date(before.status.due)
    )


def ilr_of(incident):
    rows = incident_timeline(incident, today=timezone.localdate())
    return next(row for row in rows if row.stage.key == "initial-learning-review")


def due_cell(visitor: Visitor) -> Locator:
    """The "Due" cell of the ILR's row in the incident's deadlines table."""
    return visitor.page.locator("#stage-initial-learning-review td").nth(2)


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def add_form(admin: Visitor) -> Locator:
    return admin.page.locator("form").filter(has=admin.page.get_by_role("button", name="Add non-working day"))


def add_day(admin: Visitor, day: tuple[str, str, str], name: str) -> None:
    form = add_form(admin)
    form.get_by_label("England and Wales", exact=True).check()
    fill_date(form, day)
    form.get_by_label("Name", exact=True).fill(name)
    admin.press("Add non-working day")


def check_deadline(admin: Visitor, *, start: tuple[str, str, str], days: str) -> None:
    form = admin.page.locator("form").filter(has=admin.page.get_by_role("button", name="Check deadline"))
    form.get_by_label("England and Wales", exact=True).check()
    fill_date(form, start)
    form.get_by_label("Number of working days").fill(days)
    admin.press("Check deadline")


def fill_date(form: Locator, day: tuple[str, str, str]) -> None:
    for label, value in zip(("Day", "Month", "Year"), day, strict=True):
        form.get_by_label(label, exact=True).fill(value)


def answer(admin: Visitor) -> Locator:
    return admin.page.locator("#deadline-answer")
