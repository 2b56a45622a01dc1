# ruff: noqa: F811
"""The action tracker across reviews (issue 7 item 5): who sees which actions, the filters,
overdue in working days, and the Excel export with formula injection neutralised."""

from datetime import date
from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from threadline.core.models import AuditAction, AuditEvent, Role, Share
from threadline.core.testing import make_person
from threadline.core.tests.support import page_text
from threadline.reviews.tests.conftest import chair, incident, on, review, yjs  # noqa: F401

from ..domain import tracker as rules
from ..selectors.tracker import TrackerFilters, tracker_choices, tracker_rows
from .fixtures_tracker import (  # noqa: F401
    riverside,
    second_review,
    theme,
    tracked,
    westmoor,
    westmoor_manager,
)

URL = reverse("learning:tracker")
EXPORT = reverse("learning:tracker_export")


def names(found, tracked):
    by_pk = {a.pk: name for name, a in tracked.items()}
    return {by_pk[r.action.pk] for r in found}


# --- the domain


def test_sheet_rows_neutralise_formulas_and_keep_dates():
    line = rules.TrackerLine(
        reference="TL-2025-00001",
        pseudonym="=cmd|' /C calc'!A0",
        lead_organisation="Northbridge",
        recommendation="@SUM(1)",
        description="-2+3",
        level="Operational",
        owner_organisation="Southport",
        owner="Sam South",
        due_on=date(2025, 4, 17),
        status="In progress",
        overdue=True,
        working_days_late=1,
        check_back_on=date(2025, 7, 1),
    )
    cells = rules.sheet_row(line)
    assert len(cells) == len(rules.SHEET_HEADINGS)
    assert cells[0] == ("TL-2025-00001", False)
    assert cells[1] == ("=cmd|' /C calc'!A0", True)
    assert cells[3][1] and cells[4][1]
    assert cells[8] == (date(2025, 4, 17), False)
    assert cells[10] == ("Yes", False)


def test_order_and_overdue_filter_and_file_name():
    assert rules.keep([True, False, True], overdue_only=True) == [0, 2]
    assert rules.keep([True, False], overdue_only=False) == [0, 1]
    assert (
        sorted(
            [(False, date(2025, 4, 1), 1), (True, date(2025, 5, 1), 2)],
            key=lambda t: rules.sort_key(overdue=t[0], due_on=t[1], pk=t[2]),
        )[0][2]
        == 2
    )
    assert rules.download_name(date(2025, 4, 22)) == "actions-tracker-2025-04-22.xlsx"
    assert (
        rules.download_name(date(2025, 4, 22), "Westmoor Safeguarding Partnership")
        == "actions-tracker-westmoor-safeguarding-partnership-2025-04-22.xlsx"
    )


# --- permissions


def test_an_agency_sees_its_own_actions_and_those_of_its_reviews_only(manager, tracked):
    with on(date(2025, 4, 22)):
        seen = names(tracker_rows(manager, TrackerFilters()), tracked)
    # Riverside's action is in a review Northbridge neither leads nor is shared.
    assert seen == {"ours_in_our_review", "southport_in_our_review", "ours_in_westmoor"}


def test_a_partner_agency_sees_its_own_action_not_the_rest_of_a_review_it_is_not_part_of(
    review, other_organisation, tracked
):
    lead = make_person(other_organisation, Role.PARTNER_AGENCY_LEAD, email="lead@example.test")
    with on(date(2025, 4, 22)):
        assert names(tracker_rows(lead, TrackerFilters()), tracked) == {"southport_in_our_review"}
        Share.objects.create(record=review, organisation=other_organisation)
        assert names(tracker_rows(lead, TrackerFilters()), tracked) == {
            "southport_in_our_review",
            "ours_in_our_review",
        }


def test_the_partnership_leading_a_review_sees_its_actions_not_its_members_elsewhere(
    westmoor, westmoor_manager, organisation, tracked
):
    westmoor.member_organisations.add(organisation)
    with on(date(2025, 4, 22)):
        seen = names(tracker_rows(westmoor_manager, TrackerFilters()), tracked)
    assert seen == {"ours_in_westmoor", "riverside_in_westmoor"}


def test_the_page_lists_nothing_from_elsewhere_not_even_in_the_filters(client, other_organisation, tracked):
    lead = make_person(other_organisation, Role.PARTNER_AGENCY_LEAD, email="lead@example.test")
    client.force_login(lead)
    with on(date(2025, 4, 22)):
        text = page_text(client.get(URL))
    assert "Brief the police liaison" in text
    for hidden in ("Train the duty team", "Audit the referrals", "Update the health pathway", "Riverside"):
        assert hidden not in text


def test_a_partnership_filters_to_what_its_member_agencies_own(
    westmoor, westmoor_manager, organisation, other_organisation, riverside, tracked
):
    westmoor.member_organisations.add(riverside)
    with on(date(2025, 4, 22)):
        mine = names(tracker_rows(westmoor_manager, TrackerFilters(partnership=westmoor.pk)), tracked)
        westmoor.member_organisations.add(organisation)
        both = names(tracker_rows(westmoor_manager, TrackerFilters(partnership=westmoor.pk)), tracked)
    assert mine == {"riverside_in_westmoor"}
    assert both == {"ours_in_westmoor", "riverside_in_westmoor"}
    # Offered to the partnership's people; not to an agency that neither belongs to it nor sees its
    # reviews.
    assert westmoor in tracker_choices(westmoor_manager).partnerships
    stranger = make_person(other_organisation, Role.PARTNER_AGENCY_LEAD, email="stranger@example.test")
    assert tracker_choices(stranger).partnerships == []


def test_the_page_filters_by_partnership(client, westmoor, westmoor_manager, riverside, tracked):
    westmoor.member_organisations.add(riverside)
    client.force_login(westmoor_manager)
    with on(date(2025, 4, 22)):
        text = page_text(client.get(URL, {"partnership": westmoor.pk}))
    assert "Update the health pathway" in text and "Audit the referrals" not in text


# --- filters


def test_filters_by_owner_review_board_theme_and_status(
    manager, organisation, second_review, westmoor, theme, tracked
):
    def seen(**given):
        with on(date(2025, 4, 22)):
            return names(tracker_rows(manager, TrackerFilters(**given)), tracked)

    assert seen(owner_organisation=organisation.pk) == {"ours_in_our_review", "ours_in_westmoor"}
    assert seen(owner=tracked["southport_in_our_review"].owner_id) == {"southport_in_our_review"}
    assert seen(review=second_review.pk) == {"ours_in_westmoor"}
    assert seen(lead_organisation=westmoor.pk) == {"ours_in_westmoor"}
    assert seen(theme=theme.pk) == {"ours_in_our_review", "southport_in_our_review"}
    assert seen(status="in-progress") == set()
    assert seen(status="not-started") == {"ours_in_our_review", "southport_in_our_review", "ours_in_westmoor"}


def test_overdue_counts_working_days_on_the_owners_calendar(manager, tracked):
    # Due Thursday 17 April; Good Friday and Easter Monday are not working days.
    with on(date(2025, 4, 21)):
        assert tracker_rows(manager, TrackerFilters(overdue_only=True)) == []
    with on(date(2025, 4, 22)):
        found = tracker_rows(manager, TrackerFilters(overdue_only=True))
        assert names(found, tracked) == {"ours_in_our_review"}
        assert found[0].working_days_late == 1


def test_the_page_filters_paginates_and_marks_overdue_red(client, manager, organisation, tracked):
    client.force_login(manager)
    with on(date(2025, 4, 22)):
        page = client.get(URL, {"owner_organisation": organisation.pk, "overdue": "on"})
    text = page_text(page)
    assert page.status_code == 200
    assert "Train the duty team" in text and "Audit the referrals" not in text
    assert 'govuk-tag--red">Overdue by 1 working day<' in text
    assert "that match the filters" in text
    assert 'name="overdue" type="checkbox"' in text or 'type="checkbox" name="overdue"' in text
    assert AuditEvent.objects.filter(
        actor=manager, action=AuditAction.VIEW, detail__page="action-tracker"
    ).exists()


def test_a_choice_from_elsewhere_is_refused_next_to_its_field(client, manager, riverside, tracked):
    client.force_login(manager)
    with on(date(2025, 4, 22)):
        page = client.get(URL, {"owner_organisation": riverside.pk})
    text = page_text(page)
    assert page.status_code == 200
    assert "govuk-error-summary" in text and "Select a valid choice" in text
    assert "Update the health pathway" not in text


def test_more_than_a_page_of_actions_is_paginated(client, manager, tracked, monkeypatch):
    from ..views import tracker as views

    monkeypatch.setattr(views, "PER_PAGE", 2)
    client.force_login(manager)
    with on(date(2025, 4, 22)):
        first = page_text(client.get(URL))
        second = page_text(client.get(URL, {"page": 2}))
    assert "Page 1 of 2" in first and 'rel="next"' in first
    assert "Showing 3 to 3 of 3 actions" in second


# --- export


def test_the_export_has_the_filtered_actions_with_formulas_neutralised(
    client, manager, second_review, tracked
):
    client.force_login(manager)
    with on(date(2025, 4, 22)):
        response = client.get(EXPORT, {"review": second_review.pk})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="actions-tracker-2025-04-22.xlsx"'
    sheet = load_workbook(BytesIO(response.content))["Actions"]
    rows = list(sheet.iter_rows())
    assert [c.value for c in rows[0]] == list(rules.SHEET_HEADINGS)
    assert len(rows) == 2
    cells = {rules.SHEET_HEADINGS[i]: c for i, c in enumerate(rows[1])}
    assert cells["Review"].value == second_review.incident.reference
    assert cells["Recommendation"].value == '=HYPERLINK("http://x")'
    assert cells["Recommendation"].data_type == "s" and cells["Recommendation"].quotePrefix is True
    assert cells["Action"].value == "+Audit the referrals" and cells["Action"].quotePrefix is True
    assert cells["Owner"].quotePrefix is False
    assert cells["Due"].value.date() == date(2025, 5, 15)
    event = AuditEvent.objects.get(actor=manager, action=AuditAction.EXPORT)
    assert event.detail == {
        "page": "action-tracker",
        "format": "xlsx",
        "review": second_review.pk,
        "count": 1,
    }


def test_the_export_of_a_partner_holds_only_its_own_action(client, other_organisation, westmoor, tracked):
    lead = make_person(other_organisation, Role.PARTNER_AGENCY_LEAD, email="lead@example.test")
    client.force_login(lead)
    with on(date(2025, 4, 22)):
        response = client.get(EXPORT)
    sheet = load_workbook(BytesIO(response.content))["Actions"]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert len(values) == 1 and values[0][4] == "Brief the police liaison"


def test_the_export_for_a_board_is_named_after_it(client, manager, westmoor, tracked):
    client.force_login(manager)
    with on(date(2025, 4, 22)):
        response = client.get(EXPORT, {"lead_organisation": westmoor.pk})
    assert (
        "actions-tracker-westmoor-safeguarding-partnership-2025-04-22.xlsx" in response["Content-Disposition"]
    )
