"""The incident list, the incident page and what is recorded on it, merging, and the home
panels: each renders for the people who may see it and answers 404 to other organisations."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from threadline.core.models import AuditAction, AuditEvent, Role
from threadline.core.testing import assert_isolated, make_person

from ..models import ClockEvent, ClockPause, DeadlineDelay, Incident, IncidentStatus, StageCompletion
from .builders import (
    CHILD_NAME,
    ENGLISH,
    NATIONAL,
    YJS,
    criterion_of,
    framework_version,
    london,
    notify,
    stage_of,
)
from .pages import field_error, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def incident(manager, organisation):
    return notify(actor=manager, organisation=organisation, version=framework_version(YJS))


def detail(client, incident):
    return client.get(incident.get_absolute_url())


# --- who sees what


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.SERVICE_MANAGER, Role.GOVERNANCE_BOARD_MEMBER])
def test_the_incident_page_is_seen_by_its_organisation_and_is_404_elsewhere(
    client, incident, organisation, role
):
    owner = make_person(organisation, role)
    assert_isolated(client, incident.get_absolute_url(), owner=owner)


@pytest.mark.parametrize(
    "name", ["notified", "eligibility_override", "event_record", "clock_pause", "clock_resume"]
)
def test_every_page_of_an_incident_is_404_to_another_organisation(client, incident, manager, stranger, name):
    url = reverse(f"incidents:{name}", kwargs={"pk": incident.pk})
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


@pytest.mark.parametrize("name", ["stage_complete", "deadline_delay"])
def test_stage_pages_are_404_to_another_organisation(client, incident, stranger, name):
    stage = stage_of(incident.framework_version, "initial-learning-review")
    client.force_login(stranger)
    assert (
        client.get(reverse(f"incidents:{name}", kwargs={"pk": incident.pk, "stage": stage.pk})).status_code
        == 404
    )


def test_identifying_details_are_404_to_another_organisation(client, incident, stranger):
    client.force_login(stranger)
    assert (
        client.post(reverse("incidents:identifying_details", kwargs={"pk": incident.pk})).status_code == 404
    )


def test_the_list_shows_the_organisations_incidents_and_not_others(client, incident, practitioner, stranger):
    client.force_login(practitioner)
    body = text(client.get(reverse("incidents:incident_list")))
    assert incident.reference in body and "Child A" in body
    assert CHILD_NAME not in body, "the list shows the pseudonym only"
    client.force_login(stranger)
    body = text(client.get(reverse("incidents:incident_list")))
    assert incident.reference not in body
    assert "There are no incidents yet" in body


def test_viewing_the_incident_page_writes_a_view_audit_row(client, incident, practitioner):
    client.force_login(practitioner)
    detail(client, incident)
    assert AuditEvent.objects.filter(
        actor=practitioner, action=AuditAction.VIEW, target_id=str(incident.pk)
    ).exists()


def test_navigation_has_incidents_for_everyone_signed_in(client, practitioner):
    client.force_login(practitioner)
    body = text(client.get("/"))
    assert 'href="/incidents/"' in body and ">Incidents<" in body


# --- the incident page


def test_the_incident_page_summarises_the_incident_with_the_pseudonym(client, incident, practitioner):
    client.force_login(practitioner)
    body = text(detail(client, incident))
    assert f"{incident.reference}: Child A" in body
    assert "Youth justice service serious incident review".lower() in body.lower() or "version 1" in body
    assert incident.criterion.text in body and "Safeguarding criteria" in body
    assert "Open to the service" in body
    assert "Police (Public protection unit)" in body
    assert CHILD_NAME not in body, "identifying details stay behind their button"
    assert "eligible" in body and "Open to the service at the time of the incident" in body


def test_the_national_framework_shows_mandatory_or_discretionary(client, manager, organisation):
    version = framework_version(NATIONAL)
    incident = notify(
        actor=manager, organisation=organisation, version=version, criterion=criterion_of(version, "death")
    )
    client.force_login(manager)
    body = text(detail(client, incident))
    assert (
        "Mandatory notification" in body and '<dt class="govuk-summary-list__key">Notification</dt>' in body
    )


def test_the_timeline_shows_every_stage_with_its_due_date_and_who_completes_it(
    client, manager, organisation, practitioner
):
    # Known on Friday 28 February 2025, notified on Monday 3 March: the ILR runs from the
    # service becoming aware (seed 000 §7.3, §14), so it is due Friday 14 March.
    with time_machine.travel(london(2025, 3, 3, 10, 0), tick=False):
        incident = notify(
            actor=manager,
            organisation=organisation,
            version=framework_version(YJS),
            occurred_at=london(2025, 2, 27, 20, 0),
            aware_at=london(2025, 2, 28, 9, 0),
            told=[],
        )
        client.force_login(practitioner)
        body = text(detail(client, incident))
    for stage in (
        "Serious incident notification",
        "Initial Learning Review (ILR)",
        "Full Learning Review (FLR)",
    ):
        assert stage in body
    assert "14 March 2025" in body and "9 working days left" in body
    assert "Waiting for the decision to review to be recorded" in body
    assert "Waiting for ‘Initial Learning Review (ILR)’ to be completed" in body or "Waiting for" in body
    assert "Service manager or head of service" in body


def test_a_friday_deadline_is_not_late_over_the_weekend_and_is_one_working_day_late_on_monday(
    client, manager, organisation
):
    # Known on Friday 28 February 2025: the ILR is due Friday 14 March.
    with time_machine.travel(london(2025, 3, 3, 10, 0), tick=False):
        incident = notify(
            actor=manager,
            organisation=organisation,
            version=framework_version(YJS),
            occurred_at=london(2025, 2, 27, 20, 0),
            aware_at=london(2025, 2, 28, 9, 0),
            told=[],
        )
    with time_machine.travel(london(2025, 3, 15, 10, 0), tick=False):
        client.force_login(manager)
        saturday = text(detail(client, incident))
    assert "No working days left" in saturday
    assert "working days late" not in saturday and "Due today" not in saturday
    with time_machine.travel(london(2025, 3, 17, 10, 0), tick=False):
        client.force_login(manager)
        monday = text(detail(client, incident))
    assert "1 working day late" in monday


def test_a_late_deadline_shows_in_red_with_the_working_days_late(client, manager, organisation):
    with time_machine.travel(timezone.now() - timedelta(days=30), tick=False):
        incident = notify(actor=manager, organisation=organisation, version=framework_version(YJS))
    client.force_login(manager)
    body = text(detail(client, incident))
    assert "govuk-tag--red" in body and "working days late" in body


def test_a_paused_deadline_shows_its_reason(client, manager, organisation):
    from .. import services

    with time_machine.travel(timezone.now() - timedelta(days=5), tick=False):
        incident = notify(actor=manager, organisation=organisation, version=framework_version(YJS))
    services.incident_clock_pause(
        actor=manager,
        incident=incident,
        reason="Criminal proceedings",
        started_on=timezone.localdate() - timedelta(days=2),
    )
    client.force_login(manager)
    body = text(detail(client, incident))
    assert ">Paused<" in body and "Criminal proceedings" in body
    assert "The clock has been paused since" in body and "Resume the clock" in body


def test_a_delayed_deadline_shows_the_original_and_revised_dates_and_the_reason(client, incident, manager):
    from .. import services

    stage = stage_of(incident.framework_version, "initial-learning-review")
    revised = timezone.localdate() + timedelta(days=40)
    services.incident_deadline_delay(
        actor=manager, incident=incident, stage=stage, reason="Panel moved", revised_due=revised
    )
    client.force_login(manager)
    body = text(detail(client, incident))
    assert "Delayed from" in body and "Panel moved" in body
    assert f"{revised.day} {revised:%B %Y}" in body


def test_a_practitioner_sees_no_manager_forms(client, incident, practitioner):
    client.force_login(practitioner)
    body = text(detail(client, incident))
    assert "Pause the clock" not in body and "Record a delay" not in body
    assert ">Override<" not in body
    assert client.get(reverse("incidents:clock_pause", kwargs={"pk": incident.pk})).status_code == 403
    assert (
        client.get(reverse("incidents:eligibility_override", kwargs={"pk": incident.pk})).status_code == 403
    )


def test_a_manager_records_a_stage_as_done(client, incident, manager):
    stage = stage_of(incident.framework_version, "initial-learning-review")
    url = reverse("incidents:stage_complete", kwargs={"pk": incident.pk, "stage": stage.pk})
    client.force_login(manager)
    assert "Record ‘Initial Learning Review (ILR)’ as done" in text(client.get(url))
    today = timezone.localdate()
    response = client.post(url, {"done_on_0": today.day, "done_on_1": today.month, "done_on_2": today.year})
    assert response.status_code == 302
    assert StageCompletion.objects.get(incident=incident, stage=stage).done_on == today
    assert "Done" in text(detail(client, incident))


def test_recording_a_stage_done_in_the_future_is_refused_next_to_the_date(client, incident, manager):
    stage = stage_of(incident.framework_version, "initial-learning-review")
    url = reverse("incidents:stage_complete", kwargs={"pk": incident.pk, "stage": stage.pk})
    client.force_login(manager)
    later = timezone.localdate() + timedelta(days=3)
    response = client.post(url, {"done_on_0": later.day, "done_on_1": later.month, "done_on_2": later.year})
    assert field_error(response, "id_done_on") == "The date it was completed must be today or in the past"


def test_a_stage_of_another_framework_is_404(client, incident, manager):
    other = stage_of(framework_version(NATIONAL), "critical-learning-review")
    client.force_login(manager)
    url = reverse("incidents:stage_complete", kwargs={"pk": incident.pk, "stage": other.pk})
    assert client.get(url).status_code == 404


def test_a_manager_records_the_decision_date_and_the_flr_clock_starts(client, incident, manager):
    client.force_login(manager)
    url = reverse("incidents:event_record", kwargs={"pk": incident.pk})
    today = timezone.localdate()
    response = client.post(
        url, {"event": "decision", "on_0": today.day, "on_1": today.month, "on_2": today.year}
    )
    assert response.status_code == 302
    assert ClockEvent.objects.get(incident=incident, event="decision").on == today
    body = text(detail(client, incident))
    assert "Waiting for the decision to review to be recorded" not in body


def test_a_manager_pauses_and_resumes_the_clock(client, incident, manager):
    client.force_login(manager)
    today = timezone.localdate()
    pause_url = reverse("incidents:clock_pause", kwargs={"pk": incident.pk})
    response = client.post(
        pause_url,
        {"reason": "", "started_on_0": today.day, "started_on_1": today.month, "started_on_2": today.year},
    )
    assert field_error(response, "id_reason") == "Enter why the clock is paused"
    client.post(
        pause_url,
        {
            "reason": "An inquest",
            "started_on_0": today.day,
            "started_on_1": today.month,
            "started_on_2": today.year,
        },
    )
    pause = ClockPause.objects.get(incident=incident)
    assert pause.reason == "An inquest" and pause.ended_on is None
    assert client.get(pause_url)["Location"] == reverse("incidents:clock_resume", kwargs={"pk": incident.pk})
    later = today + timedelta(days=7)
    resume_url = reverse("incidents:clock_resume", kwargs={"pk": incident.pk})
    resume_later = {"ended_on_0": later.day, "ended_on_1": later.month, "ended_on_2": later.year}
    response = client.post(resume_url, resume_later)
    assert (
        field_error(response, "id_ended_on") == "The date the clock starts again must be today or in the past"
    )
    with time_machine.travel(timezone.now() + timedelta(days=7), tick=False):
        client.force_login(manager)
        response = client.post(resume_url, resume_later)
    assert response.status_code == 302
    pause.refresh_from_db()
    assert pause.ended_on == later


def test_a_manager_records_a_delay_with_its_reason(client, incident, manager):
    stage = stage_of(incident.framework_version, "initial-learning-review")
    url = reverse("incidents:deadline_delay", kwargs={"pk": incident.pk, "stage": stage.pk})
    client.force_login(manager)
    revised = timezone.localdate() + timedelta(days=60)
    response = client.post(
        url,
        {
            "reason": "x" * 1001,
            "revised_due_0": revised.day,
            "revised_due_1": revised.month,
            "revised_due_2": revised.year,
        },
    )
    assert field_error(response, "id_reason") == "The reason must be 1,000 characters or fewer"
    client.post(
        url,
        {
            "reason": "The panel met late",
            "revised_due_0": revised.day,
            "revised_due_1": revised.month,
            "revised_due_2": revised.year,
        },
    )
    delay = DeadlineDelay.objects.get(incident=incident)
    assert delay.revised_due == revised and delay.reason == "The panel met late"


# --- eligibility


def test_a_manager_overrides_eligibility_with_a_rationale(client, manager, organisation):
    incident = notify(
        actor=manager,
        organisation=organisation,
        status_with_service="closed-longer",
        case_closed_on=timezone.localdate() - timedelta(days=60),
    )
    assert incident.eligible is False
    client.force_login(manager)
    body = text(detail(client, incident))
    assert "not eligible" in body and "more than 20" in body and ">Override<" in body
    url = reverse("incidents:eligibility_override", kwargs={"pk": incident.pk})
    response = client.post(url, {"eligible": "yes", "rationale": ""})
    assert field_error(response, "id_rationale") == "Enter the rationale for your decision"
    client.post(url, {"eligible": "yes", "rationale": "Known to the service through its prevention work"})
    incident.refresh_from_db()
    assert incident.eligible is True and incident.eligibility_overridden
    body = text(detail(client, incident))
    assert "Known to the service through its prevention work" in body and "overriding the rules" in body


def test_the_override_rationale_is_kept_as_a_draft(client, incident, manager):
    url = reverse("incidents:eligibility_override", kwargs={"pk": incident.pk})
    client.force_login(manager)
    client.post(url, {"eligible": "", "rationale": "A rationale half typed"})
    assert "A rationale half typed" in text(client.get(url))


def test_a_manager_of_another_organisation_cannot_override(client, incident, stranger):
    client.force_login(stranger)
    assert (
        client.get(reverse("incidents:eligibility_override", kwargs={"pk": incident.pk})).status_code == 404
    )


# --- identifying details


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.SERVICE_MANAGER, Role.FAMILY_LIAISON])
def test_people_with_a_need_see_the_identifying_details_and_each_look_is_audited(
    client, incident, organisation, role
):
    person = make_person(organisation, role)
    client.force_login(person)
    assert "Show the child’s identifying details" in text(detail(client, incident))
    response = client.post(reverse("incidents:identifying_details", kwargs={"pk": incident.pk}))
    assert response.status_code == 200
    body = text(response)
    assert CHILD_NAME in body and "CMS-448812" in body
    assert response["Cache-Control"] == "no-store"
    audited = AuditEvent.objects.filter(
        actor=person, action=AuditAction.VIEW, detail__identifying_details=True
    )
    assert audited.count() == 1


@pytest.mark.parametrize("role", [Role.GOVERNANCE_BOARD_MEMBER, Role.REVIEWER, Role.QUALITY_ASSURER])
def test_people_without_a_need_get_no_button_and_are_refused(client, incident, organisation, role):
    person = make_person(organisation, role)
    client.force_login(person)
    assert "Show the child’s identifying details" not in text(detail(client, incident))
    response = client.post(reverse("incidents:identifying_details", kwargs={"pk": incident.pk}))
    assert response.status_code == 403
    assert CHILD_NAME not in text(response)


def test_identifying_details_cannot_be_fetched_by_a_plain_link(client, incident, practitioner):
    client.force_login(practitioner)
    assert client.get(reverse("incidents:identifying_details", kwargs={"pk": incident.pk})).status_code == 405


# --- the list


def _three(manager, organisation):
    now = timezone.now()
    old = None
    with time_machine.travel(now - timedelta(days=40), tick=False):
        old = notify(actor=manager, organisation=organisation, full_name="Ava Old")
    national = notify(
        actor=manager, organisation=organisation, version=framework_version(NATIONAL), full_name="Ben New"
    )
    english = notify(
        actor=manager, organisation=organisation, version=framework_version(ENGLISH), full_name="Cal Eng"
    )
    return old, national, english


def test_the_list_filters_by_overdue_stage_status_and_criterion(client, manager, organisation):
    old, national, english = _three(manager, organisation)
    client.force_login(manager)
    url = reverse("incidents:incident_list")
    body = text(client.get(url, {"overdue": "on"}))
    assert old.reference in body and national.reference not in body and english.reference not in body
    body = text(client.get(url, {"stage": "Critical Learning Review and Report"}))
    assert national.reference in body and old.reference not in body
    body = text(client.get(url, {"criterion": str(english.criterion_id)}))
    assert english.reference in body and national.reference not in body
    body = text(client.get(url, {"status": "merged"}))
    assert "No incidents match these filters" in body


def test_the_list_sorts_by_next_deadline_and_by_reference(client, manager, organisation):
    old, national, english = _three(manager, organisation)
    client.force_login(manager)
    url = reverse("incidents:incident_list")
    body = text(client.get(url, {"sort": "next-due", "order": "asc"}))
    assert body.index(old.reference) < body.index(national.reference) < body.index(english.reference)
    body = text(client.get(url, {"sort": "reference", "order": "desc"}))
    assert body.index(english.reference) < body.index(national.reference) < body.index(old.reference)
    assert 'aria-sort="descending"' in body


def test_the_list_is_paginated(client, manager, organisation):
    for n in range(27):
        notify(actor=manager, organisation=organisation, full_name=f"Child number {n}")
    client.force_login(manager)
    body = text(client.get(reverse("incidents:incident_list")))
    assert "27 incidents" in body and "Page 1 of 2" in body
    assert body.count('<th scope="row"') == 25


def test_the_list_offers_notify_only_to_those_who_can(client, incident, practitioner, organisation):
    client.force_login(practitioner)
    assert "Notify an incident" in text(client.get(reverse("incidents:incident_list")))
    board = make_person(organisation, Role.GOVERNANCE_BOARD_MEMBER)
    client.force_login(board)
    body = text(client.get(reverse("incidents:incident_list")))
    assert "Notify an incident" not in body and incident.reference in body


# --- merging


def test_a_service_manager_merges_a_duplicate_from_its_page_after_seeing_both(client, manager, organisation):
    first = notify(actor=manager, organisation=organisation)
    second = notify(actor=manager, organisation=organisation, told=[])
    client.force_login(manager)
    url = reverse("incidents:merge_into", kwargs={"pk": second.pk})
    assert f'href="{url}"' in text(detail(client, second)), "the duplicate's page offers the merge"
    assert "Merge this incident into another" in text(client.get(url))
    response = client.post(url, {"into": "TL-0000-99999"})
    assert field_error(response, "id_into") == "There is no incident with the reference TL-0000-99999"
    response = client.post(url, {"into": f"  {first.reference.lower()} "})
    body = text(response)
    assert f"Merge {second.reference} into {first.reference}?" in body and "Child A" in body
    assert CHILD_NAME not in body
    assert not Incident.objects.filter(status=IncidentStatus.MERGED).exists(), (
        "nothing merged before confirming"
    )
    response = client.post(url, {"into": first.reference, "confirm": "yes"})
    assert response.status_code == 302 and response["Location"] == first.get_absolute_url()
    second.refresh_from_db()
    assert second.status == IncidentStatus.MERGED and second.merged_into == first
    body = text(detail(client, second))
    assert "Merged into" in body and f'href="{first.get_absolute_url()}"' in body
    assert f'href="{url}"' not in body, "a merged incident offers no second merge"
    assert second.reference in text(detail(client, first))
    assert client.get(url).status_code == 302  # already merged: back to its page


def test_an_incident_about_another_child_is_refused_before_confirming(client, manager, organisation):
    first = notify(actor=manager, organisation=organisation, full_name="Leah Carter")
    second = notify(actor=manager, organisation=organisation)
    client.force_login(manager)
    response = client.post(
        reverse("incidents:merge_into", kwargs={"pk": second.pk}), {"into": first.reference}
    )
    assert response.status_code == 200
    assert field_error(response, "id_into") == (
        f"{second.reference} and {first.reference} are about different children: "
        "only two records of the same incident can be merged"
    )


def test_an_incident_of_another_organisation_cannot_be_found_to_merge_into(
    client, manager, organisation, stranger, other_organisation
):
    elsewhere = notify(actor=stranger, organisation=other_organisation)
    mine = notify(actor=manager, organisation=organisation)
    client.force_login(manager)
    response = client.post(
        reverse("incidents:merge_into", kwargs={"pk": mine.pk}), {"into": elsewhere.reference}
    )
    assert (
        field_error(response, "id_into") == f"There is no incident with the reference {elsewhere.reference}"
    )


def test_people_who_may_not_merge_are_refused(
    client, incident, organisation, practitioner, sysadmin, stranger
):
    url = reverse("incidents:merge_into", kwargs={"pk": incident.pk})
    client.force_login(practitioner)
    assert url not in text(detail(client, incident))
    assert client.get(url).status_code == 403
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    client.force_login(sysadmin)  # sees no case records (DESIGN §1), so merges none
    assert client.get(url).status_code == 404
    assert client.get(reverse("incidents:merge")).status_code == 403


def test_the_merge_start_page_finds_the_duplicate_the_manager_may_merge(
    client, manager, incident, stranger, other_organisation
):
    elsewhere = notify(actor=stranger, organisation=other_organisation)
    client.force_login(manager)
    url = reverse("incidents:merge")
    assert "Merge duplicate incidents" in text(client.get(url))
    response = client.post(url, {"duplicate": elsewhere.reference})
    assert (
        field_error(response, "id_duplicate")
        == f"There is no incident with the reference {elsewhere.reference}"
    )
    response = client.post(url, {"duplicate": incident.reference.lower()})
    assert response["Location"] == reverse("incidents:merge_into", kwargs={"pk": incident.pk})


# --- home panels


def test_home_shows_deadlines_soon_for_the_roles_that_complete_them(client, incident, manager, organisation):
    client.force_login(manager)
    body = text(client.get("/"))
    assert "Deadlines in the next 10 working days" in body
    assert f"{incident.reference}: Initial Learning Review (ILR)" in body
    practitioner_only = make_person(organisation, Role.PRACTITIONER)
    client.force_login(practitioner_only)
    body = text(client.get("/"))
    assert "Deadlines in the next 10 working days" in body
    assert incident.reference not in body, "practitioners do not complete the ILR"
    assert "No deadline of a stage your roles complete" in body


def test_home_shows_overdue_deadlines(client, manager, organisation):
    with time_machine.travel(timezone.now() - timedelta(days=30), tick=False):
        incident = notify(actor=manager, organisation=organisation)
    client.force_login(manager)
    body = text(client.get("/"))
    section = body.split("Overdue deadlines", 1)[1].split("</section>", 1)[0]
    assert incident.reference in section and "working days late" in section


def test_home_shows_incidents_waiting_for_an_eligibility_decision_to_managers(
    client, manager, practitioner, organisation
):
    client.force_login(manager)
    body = text(client.get("/"))
    assert (
        "Incidents waiting for an eligibility decision" in body
        and "No incident is waiting for your decision" in body
    )
    incident = notify(
        actor=manager,
        organisation=organisation,
        status_with_service="closed-longer",
        case_closed_on=timezone.localdate() - timedelta(days=60),
    )
    body = text(client.get("/"))
    assert f"{incident.reference}: Child A" in body
    client.force_login(practitioner)
    assert "Incidents waiting for an eligibility decision" not in text(client.get("/"))


def test_a_stranger_sees_none_of_the_organisations_incidents_on_home(client, incident, stranger):
    client.force_login(stranger)
    assert incident.reference not in text(client.get("/"))


def test_a_merged_incident_offers_no_actions(client, incident, manager, organisation):
    from .. import services

    other = notify(actor=manager, organisation=organisation)
    services.incident_merge(actor=manager, duplicate=incident, into=other)
    client.force_login(manager)
    body = text(detail(client, Incident.objects.get(pk=incident.pk)))
    assert "Pause the clock" not in body and "Record as done" not in body
    assert client.get(reverse("incidents:clock_pause", kwargs={"pk": incident.pk})).status_code == 403


def test_the_list_offers_merging_to_no_system_administrator(client, sysadmin):
    client.force_login(sysadmin)
    assert "Merge duplicate incidents" not in text(client.get(reverse("incidents:incident_list")))
