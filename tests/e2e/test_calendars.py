"""A system administrator adds a bank holiday announced late, and a deadline moves because of it."""

import pytest
from playwright.sync_api import Locator, expect

from threadline.core.models import ExtraBankHoliday

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
