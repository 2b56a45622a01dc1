"""Bank holidays: the calendar every deadline counts on, the one-off days a system
administrator adds to it, and the page where they do it."""

from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from threadline.core.access import NotAllowed
from threadline.core.calendars import (
    CalendarRuleError,
    calendar_for_nation,
    calendar_for_organisation,
    deadline_check,
    published_bank_holidays,
)
from threadline.core.domain.working_days import Nation, bank_holidays
from threadline.core.models import AuditAction, AuditEvent, ExtraBankHoliday
from threadline.core.services import extra_bank_holiday_add, extra_bank_holiday_remove
from threadline.core.testing import make_organisation

from .support import error_summary, exactly_one_audit_row, field_error, page_text, page_title

pytestmark = pytest.mark.django_db

EW = Nation.ENGLAND_AND_WALES
TUESDAY = date(2027, 6, 1)  # the day after the spring bank holiday
FRIDAY = date(2027, 6, 4)
FIVE_DAYS_ON = date(2027, 6, 8)  # Wed 2, Thu 3, Fri 4, Mon 7, Tue 8
FIVE_DAYS_ON_WITHOUT_FRIDAY = date(2027, 6, 9)

LIST = reverse("core:calendar_list")


def remove_url(holiday) -> str:
    return reverse("core:extra_bank_holiday_remove", args=[holiday.pk])


@pytest.fixture
def funeral(sysadmin):
    return extra_bank_holiday_add(actor=sysadmin, nation=EW, date=FRIDAY, name="State funeral")


def workingdays(*args: str) -> str:
    out = StringIO()
    call_command("workingdays", *args, stdout=out)
    return out.getvalue().strip()


# --- the calendar every deadline counts on


def test_a_friday_added_for_england_and_wales_pushes_a_deadline_back_one_working_day(sysadmin):
    assert calendar_for_nation(EW).add(TUESDAY, 5) == FIVE_DAYS_ON
    extra_bank_holiday_add(actor=sysadmin, nation=EW, date=FRIDAY, name="State funeral")
    assert calendar_for_nation(EW).add(TUESDAY, 5) == FIVE_DAYS_ON_WITHOUT_FRIDAY
    assert calendar_for_nation("england-and-wales").is_working_day(FRIDAY) is False
    assert calendar_for_nation(Nation.SCOTLAND).add(TUESDAY, 5) == FIVE_DAYS_ON, "only that nation's days"


def test_removing_the_day_makes_it_a_working_day_again(sysadmin, funeral):
    extra_bank_holiday_remove(actor=sysadmin, holiday=funeral)
    assert calendar_for_nation(EW).add(TUESDAY, 5) == FIVE_DAYS_ON
    assert calendar_for_nation(EW).is_working_day(FRIDAY)


@pytest.mark.parametrize(
    ("organisation_nation", "counts_the_day"),
    [("england", True), ("wales", True), ("scotland", False), ("northern-ireland", False)],
)
def test_an_organisations_nation_picks_the_calendar(funeral, organisation_nation, counts_the_day):
    organisation = make_organisation(nation=organisation_nation)
    due = calendar_for_organisation(organisation).add(TUESDAY, 5)
    assert due == (FIVE_DAYS_ON_WITHOUT_FRIDAY if counts_the_day else FIVE_DAYS_ON)


def test_the_workingdays_command_counts_the_added_day(sysadmin):
    question = ("add", "--nation", "wales", "--start", "2027-06-01", "--days", "5")
    assert workingdays(*question) == "2027-06-08"
    extra_bank_holiday_add(actor=sysadmin, nation="england", date=FRIDAY, name="State funeral")
    assert workingdays(*question) == "2027-06-09"
    assert (
        workingdays("between", "--nation", "england", "--start", "2027-06-01", "--end", "2027-06-09") == "5"
    )
    assert workingdays("add", "--nation", "scotland", "--start", "2027-06-01", "--days", "5") == "2027-06-08"


@pytest.mark.parametrize("nation", list(Nation))
@pytest.mark.parametrize("year", [2015, 2022, 2026, 2027, 2040])
def test_the_published_list_shown_is_the_one_deadlines_count_on(nation, year):
    shown = {day for day, _ in published_bank_holidays(nation, year)}
    assert shown == bank_holidays(nation, year, year)


def test_a_deadline_check_lists_the_weekdays_it_did_not_count(funeral):
    answer = deadline_check(nation=EW, start=date(2027, 5, 28), days=5)
    assert answer.due == date(2027, 6, 8)  # Tue 1, Wed 2, Thu 3, Mon 7, Tue 8
    assert [(off.day, off.name, off.added_here) for off in answer.passed_over] == [
        (date(2027, 5, 31), "Spring Bank Holiday", False),
        (FRIDAY, "State funeral", True),
    ]


# --- the services


def test_adding_a_day_writes_exactly_one_audit_row(sysadmin):
    with exactly_one_audit_row() as written:
        holiday = extra_bank_holiday_add(actor=sysadmin, nation="scotland", date=FRIDAY, name=" Local day ")
    assert (holiday.nation, holiday.date, holiday.name, holiday.added_by) == (
        "scotland",
        FRIDAY,
        "Local day",
        sysadmin,
    )
    row = written.row
    assert (row.action, row.actor, row.target_id) == (AuditAction.CREATE, sysadmin, str(holiday.pk))
    assert row.detail == {"nation": "scotland", "date": "2027-06-04", "name": "Local day"}


def test_removing_a_day_writes_exactly_one_audit_row(sysadmin, funeral):
    pk = funeral.pk
    with exactly_one_audit_row() as written:
        extra_bank_holiday_remove(actor=sysadmin, holiday=funeral)
    assert not ExtraBankHoliday.objects.filter(pk=pk).exists()
    row = written.row
    assert (row.action, row.target_id) == (AuditAction.DELETE, str(pk))
    assert row.detail == {"nation": "england-and-wales", "date": "2027-06-04", "name": "State funeral"}


@pytest.mark.parametrize(
    ("nation", "day", "name", "field", "message"),
    [
        (EW, date(2027, 6, 5), "Day", "date", "Saturday 5 June 2027 is at the weekend"),
        (EW, date(2027, 6, 6), "Day", "date", "Sunday 6 June 2027 is at the weekend"),
        (
            EW,
            date(2027, 12, 27),
            "Day",
            "date",
            "Monday 27 December 2027 is already a bank holiday in England and Wales (Christmas Day (observed))",
        ),
        (
            Nation.SCOTLAND,
            date(2027, 1, 4),
            "Day",
            "date",
            "already a bank holiday in Scotland",
        ),
        (
            EW,
            date(2014, 12, 31),
            "Day",
            "date",
            "between Thursday 1 January 2015 and Monday 31 December 2040",
        ),
        (EW, date(2041, 1, 2), "Day", "date", "between Thursday 1 January 2015"),
        (EW, FRIDAY, "   ", "name", "Enter the name of the non-working day"),
        (EW, FRIDAY, "x" * 201, "name", "The name must be 200 characters or fewer"),
        ("france", FRIDAY, "Day", "nation", "Select the nation"),
    ],
)
def test_a_day_that_cannot_be_added_is_refused_with_a_reason(sysadmin, nation, day, name, field, message):
    audit_rows = AuditEvent.objects.count()
    with pytest.raises(CalendarRuleError) as refused:
        extra_bank_holiday_add(actor=sysadmin, nation=nation, date=day, name=name)
    assert refused.value.field == field
    assert message in str(refused.value)
    assert not ExtraBankHoliday.objects.exists()
    assert AuditEvent.objects.count() == audit_rows


def test_a_day_already_added_for_that_nation_is_refused_but_another_nation_may_add_it(sysadmin, funeral):
    with pytest.raises(
        CalendarRuleError, match=r"already been added for England and Wales \(State funeral\)"
    ):
        extra_bank_holiday_add(actor=sysadmin, nation="wales", date=FRIDAY, name="Again")
    extra_bank_holiday_add(actor=sysadmin, nation="northern-ireland", date=FRIDAY, name="Local day")
    assert ExtraBankHoliday.objects.count() == 2


def test_a_day_that_is_a_bank_holiday_in_scotland_only_may_be_added_elsewhere(sysadmin):
    # 2 January is a bank holiday in Scotland, not in England and Wales.
    with pytest.raises(CalendarRuleError, match="New Year Holiday"):
        extra_bank_holiday_add(actor=sysadmin, nation="scotland", date=date(2026, 1, 2), name="Day")
    extra_bank_holiday_add(actor=sysadmin, nation=EW, date=date(2026, 1, 2), name="Day")


def test_only_a_system_administrator_may_change_a_calendar(sysadmin, manager, funeral):
    with pytest.raises(NotAllowed):
        extra_bank_holiday_add(actor=manager, nation=EW, date=date(2027, 6, 3), name="Day")
    with pytest.raises(NotAllowed):
        extra_bank_holiday_remove(actor=manager, holiday=funeral)
    assert list(ExtraBankHoliday.objects.values_list("date", flat=True)) == [FRIDAY]


# --- the page


@pytest.mark.parametrize("person", ["manager", "practitioner"])
def test_only_system_administrators_reach_the_bank_holidays_pages(client, request, funeral, person):
    actor = request.getfixturevalue(person)
    client.force_login(actor)
    assert client.get(LIST).status_code == 403
    assert client.post(LIST, add_data()).status_code == 403
    assert client.get(remove_url(funeral)).status_code == 403
    assert client.post(remove_url(funeral)).status_code == 403
    assert ExtraBankHoliday.objects.count() == 1
    assert AuditEvent.objects.filter(actor=actor, action=AuditAction.PERMISSION_DENIED).count() == 4
    assert 'href="/calendars/"' not in page_text(client.get(reverse("core:home")))


def test_the_page_lists_each_nations_bank_holidays_of_this_year_and_next(client, sysadmin, funeral):
    with time_machine.travel(date(2030, 3, 1), tick=False):
        client.force_login(sysadmin)
        response = client.get(LIST)
    page = page_text(response)
    assert page_title(response) == "Bank holidays – Threadline"
    assert 'href="/calendars/"' in page, "the service navigation has a Bank holidays section"
    for nation in Nation:
        assert f'id="{nation.value}"' in page
        for year in (2030, 2031):
            assert f"Published bank holidays in {year}" in page
    assert "Published bank holidays in 2029" not in page
    assert "Monday 2 December 2030" in page and "Saint Andrew" in page  # Scotland, substitute day
    assert "Friday 12 July 2030" in page and "Battle of the Boyne" in page  # Northern Ireland
    assert "Friday 4 June 2027" in page and "State funeral" in page and "Sam Admin" in page
    assert remove_url(funeral) in page


def add_data(nation="england-and-wales", day=("4", "6", "2027"), name="State funeral") -> dict:
    return {
        "add-nation": nation,
        "add-date_0": day[0],
        "add-date_1": day[1],
        "add-date_2": day[2],
        "add-name": name,
    }


def test_an_administrator_adds_a_day_and_sees_it_listed(client, sysadmin):
    client.force_login(sysadmin)
    response = client.post(LIST, add_data())
    assert response.status_code == 302
    assert response["Location"] == "/calendars/#england-and-wales"
    holiday = ExtraBankHoliday.objects.get()
    assert (holiday.nation, holiday.date, holiday.name, holiday.added_by) == (
        EW.value,
        FRIDAY,
        "State funeral",
        sysadmin,
    )
    page = page_text(client.get(LIST))
    assert "State funeral added: Friday 4 June 2027 is not a working day in England and Wales" in page
    assert "Friday 4 June 2027" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (add_data(day=("", "", "")), "date", "Enter the date of the non-working day"),
        (add_data(day=("31", "2", "2027")), "date", "The date must be a real date"),
        (add_data(day=("4", "", "2027")), "date", "The date must include a month"),
        (add_data(day=("5", "6", "2027")), "date", "Saturday 5 June 2027 is at the weekend"),
        (
            add_data(day=("25", "12", "2026")),
            "date",
            "Friday 25 December 2026 is already a bank holiday in England and Wales (Christmas Day)",
        ),
        (add_data(day=("1", "6", "2041")), "date", "The date must be between"),
        (add_data(name=""), "name", "Enter the name of the non-working day"),
        (add_data(name="x" * 201), "name", "The name must be 200 characters or fewer"),
        (add_data(nation=""), "nation", "Select the nation whose calendar the day belongs to"),
        (add_data(nation="france"), "nation", "Select the nation whose calendar the day belongs to"),
    ],
)
def test_a_day_that_cannot_be_added_is_explained_next_to_its_field(client, sysadmin, data, field, message):
    client.force_login(sysadmin)
    response = client.post(LIST, data)
    assert response.status_code == 200
    assert page_title(response).startswith("Error: ")
    assert message in field_error(response, f"id_add-{field}")
    assert any(message in error for error in error_summary(response))
    assert f'href="#id_add-{field}"' in page_text(response)
    assert not ExtraBankHoliday.objects.exists()


def test_every_mistake_in_the_form_is_shown_at_once(client, sysadmin):
    client.force_login(sysadmin)
    response = client.post(LIST, add_data(day=("5", "6", "2027"), name=""))
    assert error_summary(response) == [
        "Saturday 5 June 2027 is at the weekend, so it is already not a working day: enter a weekday",
        "Enter the name of the non-working day",
    ]


def test_a_day_added_twice_is_explained_next_to_the_date(client, sysadmin, funeral):
    client.force_login(sysadmin)
    response = client.post(LIST, add_data(nation="england-and-wales", name="Again"))
    assert field_error(response, "id_add-date") == (
        "Friday 4 June 2027 has already been added for England and Wales (State funeral)"
    )
    assert 'value="Again"' in page_text(response), "what the person typed is kept"


def test_removing_a_day_asks_first_then_removes_it(client, sysadmin, funeral):
    client.force_login(sysadmin)
    confirm = client.get(remove_url(funeral))
    page = page_text(confirm)
    assert "Remove State funeral?" in page
    assert "Friday 4 June 2027 will be a working day again in England and Wales" in page
    assert ExtraBankHoliday.objects.exists(), "looking at the question changes nothing"
    response = client.post(remove_url(funeral))
    assert response["Location"] == "/calendars/#england-and-wales"
    assert not ExtraBankHoliday.objects.exists()
    page = page_text(client.get(LIST))
    assert "State funeral removed: Friday 4 June 2027 is a working day again in England and Wales" in page
    assert client.get(remove_url(funeral)).status_code == 404


def check_data(nation="england-and-wales", start=("1", "6", "2027"), days="5") -> dict:
    return {
        "check-nation": nation,
        "check-start_0": start[0],
        "check-start_1": start[1],
        "check-start_2": start[2],
        "check-days": days,
    }


def test_checking_a_deadline_shows_the_due_date_on_the_nations_calendar(client, sysadmin):
    client.force_login(sysadmin)
    page = page_text(client.get(LIST, check_data()))
    assert "5 working days after Tuesday 1 June 2027 is Tuesday 8 June 2027" in page
    extra_bank_holiday_add(actor=sysadmin, nation=EW, date=FRIDAY, name="State funeral")
    page = page_text(client.get(LIST, check_data()))
    assert "5 working days after Tuesday 1 June 2027 is Wednesday 9 June 2027" in page
    assert "Friday 4 June 2027: State funeral (added here)" in page
    page = page_text(client.get(LIST, check_data(nation="scotland")))
    assert "5 working days after Tuesday 1 June 2027 is Tuesday 8 June 2027" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (check_data(days=""), "days", "Enter the number of working days"),
        (check_data(days="ten"), "days", "The number of working days must be a whole number, like 10"),
        (check_data(days="-1"), "days", "The number of working days must be 0 or more"),
        (check_data(days="1001"), "days", "The number of working days must be 1,000 or fewer"),
        (check_data(start=("", "", "")), "start", "Enter the start date"),
        (check_data(start=("30", "2", "2027")), "start", "The start date must be a real date"),
        (check_data(start=("1", "6", "2014")), "start", "The start date must be between"),
        (check_data(start=("20", "12", "2040"), days="100"), "days", "the last day the calendar covers"),
        (check_data(nation=""), "nation", "Select the nation whose calendar to count on"),
    ],
)
def test_a_deadline_question_that_cannot_be_answered_is_explained(client, sysadmin, data, field, message):
    client.force_login(sysadmin)
    response = client.get(LIST, data)
    assert response.status_code == 200
    assert page_title(response).startswith("Error: ")
    assert message in field_error(response, f"id_check-{field}")
    assert any(message in error for error in error_summary(response))
    assert "deadline-answer" not in page_text(response)


def test_the_system_administrator_guide_explains_bank_holidays(client, sysadmin):
    client.force_login(sysadmin)
    page = page_text(client.get(reverse("core:guide_role", args=["system-administrator"])))
    assert "'Bank holidays' shows each nation's calendar" in page
