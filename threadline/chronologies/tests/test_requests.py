"""Asking agencies for their chronologies (issue 6 item 1): the period and due date by default,
the due date on the lead organisation's calendar, an agency asked twice, changing and
withdrawing a request; checked, audited, and on the requests page."""

# ruff: noqa: F811 — the fixtures imported from other modules are used by name, as arguments

import re
from datetime import date

import pytest
from django.urls import reverse

from threadline.chronologies.models import AgencyChronology, ChronologyVersion
from threadline.chronologies.models.requests import ChronologyWithdrawal
from threadline.chronologies.selectors.chronologies import incident_day, request_defaults
from threadline.chronologies.services.requests import (
    chronology_request_change,
    chronology_request_withdraw,
)
from threadline.core.access import NotAllowed
from threadline.core.models import AuditAction, AuditEvent
from threadline.core.testing import assert_isolated, make_organisation
from threadline.frameworks.tests.conftest import error_summary, field_error, page_text
from threadline.incidents.tests.builders import london
from threadline.reviews.domain.errors import ReviewRuleError
from threadline.reviews.tests.conftest import chair, incident, on, review, reviewer, yjs  # noqa: F401

from .fixtures_requests import (  # noqa: F401
    ASKED_ON,
    DUE_ON,
    PERIOD_FROM,
    PERIOD_TO,
    add,
    ask,
    chronology,
    health,
    health_lead,
    involved,
    police,
    police_lead,
    police_officer,
    review_admin,
)

pytestmark = pytest.mark.django_db


def requests_url(review):
    return reverse("chronologies:requests", kwargs={"review_pk": review.pk})


def date_fields(name: str, day: date) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def date_value(response, name: str) -> tuple[str, str, str]:
    text = page_text(response)
    return tuple(
        re.search(rf'name="{name}_{i}" type="text" inputmode="numeric" value="([^"]*)"', text).group(1)
        for i in range(3)
    )


# --- the defaults


def test_the_period_defaults_to_three_years_before_the_incident_and_the_due_date_to_20_working_days(
    client, review_admin, review, involved
):
    # Asked on Monday 24 March 2025: 20 working days pass over Good Friday (18 April) and Easter
    # Monday (21 April), so the agency has until Wednesday 23 April, not Thursday 17 April.
    client.force_login(review_admin)
    with on(date(2025, 3, 24)):
        page = client.get(requests_url(review))
        assert request_defaults(review, today=date(2025, 3, 24)) == {
            "period_from": date(2022, 3, 1),
            "period_to": date(2025, 3, 1),
            "due_on": date(2025, 4, 23),
        }
    assert page.status_code == 200
    assert date_value(page, "period_from") == ("1", "3", "2022")
    assert date_value(page, "period_to") == ("1", "3", "2025")
    assert date_value(page, "due_on") == ("23", "4", "2025")
    body = page_text(page)
    assert "Midshire Police" in body and "Northbridge Integrated Care Board" in body
    assert 'type="checkbox" value="' in body


def test_the_incident_day_is_the_day_where_the_service_is(review):
    # Half past midnight in summer is still the evening before in UTC.
    review.incident.occurred_at = london(2024, 7, 1, 0, 30)
    assert incident_day(review) == date(2024, 7, 1)


# --- asking


def test_asking_makes_one_chronology_per_agency_with_version_1_open_and_audits_without_the_note(
    manager, review, police, health
):
    asked = ask(manager, review, [police, health], note="Search the CAD records and the custody logs")
    assert [c.organisation for c in asked] == [police, health]
    for one in asked:
        assert (one.period_from, one.period_to, one.due_on) == (
            PERIOD_FROM,
            PERIOD_TO,
            DUE_ON,
        )
        assert one.requested_by == manager and one.withdrawn_at is None
        versions = list(ChronologyVersion.objects.filter(chronology=one))
        assert [(v.number, v.submitted_at) for v in versions] == [(1, None)]
    events = AuditEvent.objects.filter(action=AuditAction.CREATE, target_type="chronologies.agencychronology")
    assert sorted(int(e.target_id) for e in events) == sorted(c.pk for c in asked)
    assert {e.organisation_id for e in events} == {review.lead_organisation_id}
    assert all("CAD" not in str(e.detail) for e in events)
    assert events.first().detail["due_on"] == "2025-04-07"


def test_an_agency_asked_twice_is_refused_by_name_and_nothing_changes(manager, review, police, health):
    ask(manager, review, [police])
    with pytest.raises(ReviewRuleError) as refused:
        ask(manager, review, [health, police], on_day=date(2025, 3, 11))
    assert refused.value.field == "agencies"
    assert str(refused.value) == (
        "Midshire Police was already asked for its chronology on Monday 10 March 2025, due Monday 7 April 2025"
    )
    assert AgencyChronology.objects.count() == 1
    with pytest.raises(ReviewRuleError) as again:
        ask(manager, review, [], other_agency=police, on_day=date(2025, 3, 11))
    assert again.value.field == "other_agency"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"due_on": date(2025, 4, 12)},
            "due_on",
            "Saturday 12 April 2025 is not a working day in England and Wales",
        ),
        (
            {"due_on": date(2025, 4, 21)},
            "due_on",
            "Monday 21 April 2025 is not a working day in England and Wales",
        ),
        ({"due_on": date(2025, 3, 7)}, "due_on", "The due date must be today or in the future"),
        (
            {"due_on": ASKED_ON},
            "due_on",
            "must be after the day the chronology was asked for, Monday 10 March 2025",
        ),
        ({"due_on": None}, "due_on", "Enter the date the chronology is due"),
        ({"period_from": None}, "period_from", "Enter the date the chronology starts from"),
        ({"period_to": None}, "period_to", "Enter the date the chronology runs to"),
        ({"period_from": PERIOD_TO}, "period_from", "The start of the period must be before its end"),
        ({"note": "n" * 2001}, "note", "The note must be 2,000 characters or fewer"),
    ],
)
def test_a_mistake_in_the_request_is_named_with_its_field_and_nothing_is_asked(
    manager, review, police, changes, field, message
):
    with pytest.raises(ReviewRuleError, match=message) as refused:
        ask(manager, review, [police], **changes)
    assert refused.value.field == field
    assert not AgencyChronology.objects.exists()


def test_asking_nobody_is_refused(manager, review):
    with pytest.raises(ReviewRuleError, match="Choose at least one agency") as refused:
        ask(manager, review, [])
    assert refused.value.field == "agencies"


def test_only_the_lead_organisations_administrators_chairs_and_managers_ask(
    manager, review_admin, chair, reviewer, police_lead, stranger, review, police, health
):
    for person in (reviewer, police_lead, stranger):
        with pytest.raises(NotAllowed):
            ask(person, review, [police])
    assert not AgencyChronology.objects.exists()
    ask(review_admin, review, [police])
    ask(chair, review, [health])
    assert AgencyChronology.objects.count() == 2


# --- changing and withdrawing


def test_the_due_date_and_period_can_change_later_on_the_same_rules(manager, review, chronology):
    with on(date(2025, 3, 20)):
        changed = chronology_request_change(
            actor=manager,
            chronology=chronology,
            period_from=date(2023, 3, 1),
            period_to=date(2025, 6, 1),
            due_on=date(2025, 4, 22),
            note="Include the response after the incident",
        )
        with pytest.raises(ReviewRuleError, match="not a working day") as refused:
            chronology_request_change(
                actor=manager,
                chronology=changed,
                period_from=date(2023, 3, 1),
                period_to=date(2025, 6, 1),
                due_on=date(2025, 4, 18),
            )
    assert refused.value.field == "due_on"
    changed.refresh_from_db()
    assert (changed.period_from, changed.period_to, changed.due_on) == (
        date(2023, 3, 1),
        date(2025, 6, 1),
        date(2025, 4, 22),
    )
    event = AuditEvent.objects.filter(action=AuditAction.CHANGE, target_id=str(chronology.pk)).get()
    assert event.detail["changed"] == ["period_from", "period_to", "due_on", "note"]
    assert "response" not in str(event.detail)


def test_a_period_that_would_leave_entries_out_is_refused(manager, police_lead, review, chronology):
    add(police_lead, chronology)  # 12 March 2024
    with on(date(2025, 3, 20)), pytest.raises(ReviewRuleError, match="1 entry is outside this period"):
        chronology_request_change(
            actor=manager,
            chronology=chronology,
            period_from=date(2024, 4, 1),
            period_to=PERIOD_TO,
            due_on=DUE_ON,
        )


def test_withdrawing_keeps_the_request_with_its_reason_and_stops_the_agency_writing(
    manager, police_lead, review, chronology
):
    add(police_lead, chronology)
    with on(date(2025, 3, 20)):
        with pytest.raises(ReviewRuleError, match="Enter why the request is being withdrawn"):
            chronology_request_withdraw(actor=manager, chronology=chronology, reason="  ")
        withdrawn = chronology_request_withdraw(
            actor=manager, chronology=chronology, reason="Police had no contact in the period"
        )
        with pytest.raises(ReviewRuleError, match="already been withdrawn"):
            chronology_request_withdraw(actor=manager, chronology=withdrawn, reason="Again")
    assert withdrawn.withdrawn_at is not None and AgencyChronology.objects.filter(pk=chronology.pk).exists()
    (withdrawal,) = ChronologyWithdrawal.objects.filter(chronology=chronology)
    assert withdrawal.reason == "Police had no contact in the period" and withdrawal.withdrawn_by == manager
    event = AuditEvent.objects.filter(action=AuditAction.CHANGE, target_id=str(chronology.pk)).get()
    assert event.detail["withdrawn"] is True and "contact" not in str(event.detail)
    with pytest.raises(NotAllowed):
        add(police_lead, withdrawn, day=date(2025, 3, 21))


def test_an_agency_whose_request_was_withdrawn_can_be_asked_again_keeping_its_entries(
    manager, police_lead, review, police, chronology
):
    add(police_lead, chronology)
    with on(date(2025, 3, 20)):
        chronology_request_withdraw(actor=manager, chronology=chronology, reason="Asked by mistake")
    (again,) = ask(manager, review, [police], on_day=date(2025, 3, 24), due_on=date(2025, 4, 23))
    assert again.pk == chronology.pk and again.withdrawn_at is None and again.due_on == date(2025, 4, 23)
    assert again.versions.get().entries.count() == 1
    assert ChronologyWithdrawal.objects.filter(chronology=chronology).count() == 1


def test_only_the_requesting_roles_change_or_withdraw(reviewer, police_lead, chronology):
    with on(date(2025, 3, 20)):
        for person in (reviewer, police_lead):
            with pytest.raises(NotAllowed):
                chronology_request_withdraw(actor=person, chronology=chronology, reason="x")
            with pytest.raises(NotAllowed):
                chronology_request_change(
                    actor=person,
                    chronology=chronology,
                    period_from=PERIOD_FROM,
                    period_to=PERIOD_TO,
                    due_on=DUE_ON,
                )


# --- the requests page


def test_the_requests_page_asks_the_agencies_chosen(client, review_admin, review, involved, police, health):
    client.force_login(review_admin)
    other = make_organisation("Midshire Probation Delivery Unit", type="probation")
    with on(date(2025, 3, 24)):
        asked = client.post(
            requests_url(review),
            {
                "agencies": [police.pk, health.pk],
                "other_agency": other.pk,
                **date_fields("period_from", date(2022, 3, 1)),
                **date_fields("period_to", date(2025, 3, 1)),
                **date_fields("due_on", date(2025, 4, 23)),
                "note": "Include custody records",
            },
        )
        assert asked.status_code == 302
        page = client.get(requests_url(review))
    body = page_text(page)
    assert AgencyChronology.objects.filter(review=review).count() == 3
    for name in ("Midshire Police", "Northbridge Integrated Care Board", "Midshire Probation Delivery Unit"):
        assert f">{name}</a>" in body
    assert body.count("Not started") == 3 and "Wednesday 23 April 2025" in body
    assert "Every agency on the" in body  # both involved agencies are asked: no checkboxes left


def test_the_requests_page_shows_each_mistake_by_its_field_and_keeps_what_was_typed(
    client, manager, review, involved, police
):
    client.force_login(manager)
    with on(date(2025, 3, 24)):
        refused = client.post(
            requests_url(review),
            {
                "agencies": [police.pk],
                **date_fields("period_from", date(2022, 3, 1)),
                **date_fields("period_to", date(2025, 3, 1)),
                **date_fields("due_on", date(2025, 4, 21)),
                "note": "Custody records please",
            },
        )
    assert refused.status_code == 200
    message = "Monday 21 April 2025 is not a working day in England and Wales: choose a working day"
    assert field_error(refused, "id_due_on") == message
    assert message in error_summary(refused)
    assert date_value(refused, "due_on") == ("21", "4", "2025")
    body = page_text(refused)
    assert "Custody records please" in body
    assert f'value="{police.pk}" checked' in body
    assert not AgencyChronology.objects.exists()


def test_the_requests_page_names_an_agency_already_asked(client, manager, review, involved, police):
    ask(manager, review, [police])
    client.force_login(manager)
    with on(date(2025, 3, 24)):
        refused = client.post(
            requests_url(review),
            {
                "agencies": [police.pk],
                **date_fields("period_from", date(2022, 3, 1)),
                **date_fields("period_to", date(2025, 3, 1)),
                **date_fields("due_on", date(2025, 4, 23)),
            },
        )
    assert field_error(refused, "id_agencies") == (
        "Midshire Police was already asked for its chronology on Monday 10 March 2025, due Monday 7 April 2025"
    )
    assert AgencyChronology.objects.count() == 1


def test_changing_and_withdrawing_through_the_pages(client, manager, police_lead, review, chronology):
    client.force_login(manager)
    change_url = reverse("chronologies:request_change", kwargs={"pk": chronology.pk})
    withdraw_url = reverse("chronologies:request_withdraw", kwargs={"pk": chronology.pk})
    with on(date(2025, 3, 20)):
        assert date_value(client.get(change_url), "due_on") == ("7", "4", "2025")
        refused = client.post(
            change_url,
            {
                **date_fields("period_from", PERIOD_FROM),
                **date_fields("period_to", PERIOD_TO),
                **date_fields("due_on", date(2025, 3, 19)),
            },
        )
        assert field_error(refused, "id_due_on") == "The due date must be today or in the future"
        changed = client.post(
            change_url,
            {
                **date_fields("period_from", PERIOD_FROM),
                **date_fields("period_to", PERIOD_TO),
                **date_fields("due_on", date(2025, 4, 14)),
            },
        )
        assert changed.status_code == 302
        assert AgencyChronology.objects.get(pk=chronology.pk).due_on == date(2025, 4, 14)
        empty = client.post(withdraw_url, {"reason": ""})
        assert field_error(empty, "id_reason") == "Enter why the request is being withdrawn"
        done = client.post(withdraw_url, {"reason": "Police had no contact"})
        assert done.status_code == 302
        page = page_text(client.get(requests_url(review)))
        assert client.get(withdraw_url).status_code == 302  # already withdrawn: back to the list
        client.force_login(police_lead)
        theirs = page_text(client.get(reverse("chronologies:chronology", kwargs={"pk": chronology.pk})))
    assert "Withdrawn" in page
    assert "The review withdrew this request on 20 March 2025: Police had no contact." in theirs
    assert "Add an entry" not in theirs


def test_the_requests_pages_are_isolated_and_refuse_other_roles(
    client, manager, reviewer, police_lead, review, chronology
):
    url = requests_url(review)
    assert_isolated(client, url, owner=manager)
    # The agency does not see the review, so not its requests page either.
    client.force_login(police_lead)
    assert client.get(url).status_code == 404
    client.force_login(reviewer)
    body = page_text(client.get(url))
    assert "Midshire Police" in body and "Ask agencies for their chronology" not in body
    assert client.post(url, {}).status_code == 403
    change_url = reverse("chronologies:request_change", kwargs={"pk": chronology.pk})
    assert client.get(change_url).status_code == 403
    assert (
        client.get(reverse("chronologies:request_withdraw", kwargs={"pk": chronology.pk})).status_code == 403
    )
    assert_isolated(client, change_url, owner=manager)
