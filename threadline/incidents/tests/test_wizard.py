"""Notifying an incident through the question pages, with the test client: the whole journey
under each framework, each bad input refused next to its field with nothing typed lost,
likely duplicates, and a double submit that makes no second record."""

from datetime import timedelta

import pytest
from django.utils import timezone

from threadline.core.models import AuditAction, AuditEvent, Draft, Membership, Role
from threadline.core.testing import make_organisation, make_person

from ..models import Incident, WhoWasTold
from .builders import ENGLISH, LOCAL, NATIONAL, SCOTTISH, YJS, framework_version
from .builders import notify as notify_directly
from .pages import (
    CHECK,
    CHILD_NAME,
    answers,
    date_parts,
    errors_of,
    field_error,
    notification_criterion,
    notify,
    step_url,
    submission_key,
    text,
    walk,
)

pytestmark = pytest.mark.django_db

FRAMEWORKS = [YJS, NATIONAL, ENGLISH, LOCAL, SCOTTISH]


@pytest.fixture
def signed_in(client, practitioner):
    client.force_login(practitioner)
    return client


# --- the whole journey


@pytest.mark.parametrize("key", FRAMEWORKS)
def test_a_practitioner_notifies_an_incident_under_each_framework_and_sees_its_reference(
    signed_in, practitioner, organisation, key
):
    page = notify(signed_in, key)
    incident = Incident.objects.get()
    body = text(page)
    assert "Incident notified" in body and incident.reference in body
    assert incident.framework_version == framework_version(key)
    assert incident.lead_organisation == organisation and incident.notified_by == practitioner
    assert incident.child.pseudonym == "Child A" and incident.child.full_name == CHILD_NAME
    assert list(incident.told.values_list("party", flat=True)) == ["police"]
    assert not Draft.objects.filter(user=practitioner).exists(), "the answers are cleared once notified"
    assert CHILD_NAME not in body, "the confirmation uses the pseudonym"


def test_the_confirmation_shows_the_deadline_the_notification_started(signed_in):
    body = text(notify(signed_in, YJS))
    assert "Initial Learning Review (ILR)" in body
    assert "Within 10 working days of the service becoming aware of the incident" in body
    assert "Full Learning Review (FLR)" in body and "Waiting for the decision to review" in body


def test_a_framework_with_deadlines_from_the_decision_says_what_they_wait_for(signed_in):
    body = text(notify(signed_in, ENGLISH))
    assert "No deadline has started yet" in body
    assert "Within 6 months of the decision to review" in body


def test_the_check_answers_page_lists_every_answer_with_a_change_link_to_its_page(signed_in):
    walk(signed_in, answers(NATIONAL))
    body = text(signed_in.get(CHECK))
    assert "Check your answers before notifying the incident" in body
    for page in ("framework", "child", "characteristics", "status", "dates", "category", "criterion", "told"):
        assert f'href="{step_url(page)}?change=yes"' in body, page
    assert CHILD_NAME in body and "Mandatory notification" in body
    assert (
        "the incident is <strong>eligible</strong>" in body
        and "Open to the service at the time of the incident" in body
    )


def test_changing_an_answer_from_check_answers_comes_back_to_check_answers(signed_in):
    walk(signed_in, answers(YJS))
    response = signed_in.post(step_url("category") + "?change=yes", {"category": "public-protection"})
    # The criterion chosen was a safeguarding one: it no longer fits, so its page is next.
    assert response["Location"] == step_url("criterion") + "?change=yes"
    version = framework_version(YJS)
    criterion = notification_criterion(version, "public-protection")
    response = signed_in.post(
        step_url("criterion") + "?change=yes", {"criterion": criterion.pk, "change": "yes"}
    )
    assert response["Location"] == CHECK


def test_the_criterion_page_groups_the_lists_and_keeps_to_the_category(signed_in):
    pages = answers(YJS)
    walk(signed_in, pages)
    body = text(signed_in.get(step_url("criterion")))
    assert "Safeguarding criteria" in body and "Attempts suicide" in body
    assert "Youth Justice Board criteria" not in body, (
        "a safeguarding incident is not offered public protection"
    )
    signed_in.post(step_url("category"), {"category": "public-protection"})
    body = text(signed_in.get(step_url("criterion")))
    assert "Youth Justice Board criteria" in body and "Attempts suicide" not in body


def test_the_national_framework_offers_its_mandatory_and_discretionary_lists(signed_in):
    walk(signed_in, answers(NATIONAL))
    body = text(signed_in.get(step_url("criterion")))
    assert "Mandatory notification" in body and "Discretionary notification" in body
    assert "Serious self-harm" in body


def test_the_english_framework_offers_only_the_serious_case_list_at_notification(signed_in):
    walk(signed_in, answers(ENGLISH))
    body = text(signed_in.get(step_url("criterion")))
    assert "Serious child safeguarding case" in body
    assert "Criteria for a local review" not in body and "Commissioning a reviewer" not in body


def test_a_closed_case_asks_when_it_closed_and_the_eligibility_shows_its_reasons(signed_in):
    occurred = timezone.localdate() - timedelta(days=2)
    pages = {}
    for page, data in answers(YJS).items():
        pages[page] = data
        if page == "status":
            pages[page] = {"status_with_service": "closed-recently"}
            pages["closed"] = date_parts("case_closed_on", occurred - timedelta(days=12))
    walk(signed_in, pages)
    body = text(signed_in.get(CHECK))
    assert "closed 12 days before the incident, within 20" in body.lower()
    signed_in.post(CHECK, {"submission_key": submission_key(signed_in)})
    incident = Incident.objects.get()
    assert incident.eligible is True and incident.case_closed_on == occurred - timedelta(days=12)


def test_a_person_who_can_notify_for_several_organisations_chooses_one(client, organisation):
    second = make_organisation("Northbridge Safeguarding Partnership", type="safeguarding-partnership")
    person = make_person(organisation, Role.PRACTITIONER)
    Membership.objects.create(user=person, organisation=second, role=Role.SERVICE_MANAGER)
    client.force_login(person)
    pages = answers(YJS)
    pages = {"framework": pages.pop("framework"), "organisation": {"organisation": str(second.pk)}, **pages}
    walk(client, pages)
    client.post(CHECK, {"submission_key": submission_key(client)})
    assert Incident.objects.get().lead_organisation == second


# --- bad input: a GOV.UK error next to the field, and nothing typed is lost


def test_an_incident_in_the_future_is_refused_next_to_its_date(signed_in):
    walk(signed_in, answers(YJS))
    tomorrow = timezone.localdate() + timedelta(days=1)
    data = {
        **date_parts("occurred_on", tomorrow),
        "occurred_time": "10:00",
        **date_parts("aware_on", tomorrow),
        "aware_time": "11:00",
    }
    response = signed_in.post(step_url("dates"), data)
    assert response.status_code == 200
    assert field_error(response, "id_occurred_on") == "The date and time of the incident must be in the past"
    assert 'value="10:00"' in text(response), "what was typed is still there"
    assert errors_of(response)[0] == "The date and time of the incident must be in the past"
    assert "Error: " in text(response).split("<title>")[1][:20]


def test_becoming_aware_before_the_incident_is_refused_next_to_the_awareness_date(signed_in):
    walk(signed_in, answers(YJS))
    today = timezone.localdate()
    data = {
        **date_parts("occurred_on", today - timedelta(days=2)),
        "occurred_time": "14:30",
        **date_parts("aware_on", today - timedelta(days=3)),
        "aware_time": "09:00",
    }
    response = signed_in.post(step_url("dates"), data)
    assert (
        field_error(response, "id_aware_on")
        == "The service cannot have become aware before the incident happened"
    )


def test_an_unknown_criterion_is_refused(signed_in):
    walk(signed_in, answers(YJS))
    other = notification_criterion(framework_version(NATIONAL))
    for value in ("999999", str(other.pk), "not-a-number"):
        response = signed_in.post(step_url("criterion"), {"criterion": value})
        assert field_error(response, "id_criterion") == "Select a criterion from the list", value


def test_a_closed_case_without_its_closing_date_is_refused(signed_in):
    walk(signed_in, answers(YJS))
    response = signed_in.post(step_url("status"), {"status_with_service": "closed-longer"})
    assert response["Location"] == step_url("closed")
    response = signed_in.post(
        step_url("closed"), {"case_closed_on_0": "", "case_closed_on_1": "", "case_closed_on_2": ""}
    )
    assert field_error(response, "id_case_closed_on") == "Enter the date the case closed"
    # And the check-answers page sends the person back to it rather than submitting.
    response = signed_in.get(CHECK)
    assert response["Location"] == step_url("closed") + "?change=yes"
    response = signed_in.post(CHECK, {"submission_key": "x"})
    assert response["Location"] == step_url("closed") + "?change=yes"
    assert not Incident.objects.exists()


def closed_case_answers(status: str, days_before: int) -> dict:
    occurred = timezone.localdate() - timedelta(days=2)
    pages = {}
    for page, data in answers(YJS).items():
        pages[page] = data
        if page == "status":
            pages[page] = {"status_with_service": status}
            pages["closed"] = date_parts("case_closed_on", occurred - timedelta(days=days_before))
    return pages


@pytest.mark.parametrize(
    ("status", "days_before", "message"),
    [
        (
            "closed-recently",
            30,
            "The case closed 30 days before the incident, not within the last 20 days: check the date, "
            "or change the status to ‘Closed more than 20 days ago’",
        ),
        (
            "closed-longer",
            5,
            "The case closed 5 days before the incident, within the last 20 days: check the date, "
            "or change the status to ‘Closed within the last 20 days’",
        ),
    ],
)
def test_a_status_the_closing_date_contradicts_is_refused_on_the_closing_date_page(
    signed_in, status, days_before, message
):
    walk(signed_in, closed_case_answers(status, days_before))
    response = signed_in.get(CHECK)
    assert response["Location"] == step_url("closed") + "?change=yes"
    page = signed_in.get(response["Location"])
    assert field_error(page, "id_case_closed_on") == message
    response = signed_in.post(CHECK, {"submission_key": "x"})
    assert response["Location"] == step_url("closed") + "?change=yes"
    assert not Incident.objects.exists()
    # Changing the status to the one the date shows puts it right.
    fixed = "closed-longer" if status == "closed-recently" else "closed-recently"
    signed_in.post(step_url("status") + "?change=yes", {"status_with_service": fixed, "change": "yes"})
    assert signed_in.get(CHECK).status_code == 200


def test_the_services_closing_date_error_shows_on_the_closing_date_page(signed_in, monkeypatch):
    walk(signed_in, closed_case_answers("closed-recently", 12))
    from .. import services

    def refuse(**kwargs):
        raise services.IncidentRuleError("The case closed 21 days before the incident", "case_closed_on")

    monkeypatch.setattr(services, "incident_notify", refuse)
    response = signed_in.post(CHECK, {"submission_key": submission_key(signed_in)})
    assert response.status_code == 200
    assert field_error(response, "id_case_closed_on") == "The case closed 21 days before the incident"


def test_a_date_of_birth_after_the_incident_is_refused_on_either_page(signed_in):
    walk(signed_in, answers(YJS))
    occurred = timezone.localdate() - timedelta(days=2)
    response = signed_in.post(
        step_url("child"),
        {"full_name": CHILD_NAME, **date_parts("date_of_birth", occurred + timedelta(days=1))},
    )
    assert field_error(response, "id_date_of_birth").startswith(
        "The child's date of birth must be before the incident"
    )
    assert CHILD_NAME in text(response)


def test_a_date_of_birth_after_the_incident_is_refused_when_the_dates_page_comes_second(signed_in):
    today = timezone.localdate()
    born = today - timedelta(days=10)
    pages = answers(YJS, child={"full_name": CHILD_NAME, **date_parts("date_of_birth", born)})
    for page in ("framework", "child", "characteristics", "status"):
        response = signed_in.post(step_url(page), pages[page])
        assert response.status_code == 302, f"the {page} page refused its answers: {errors_of(response)}"
    assert response["Location"] == step_url("dates")
    occurred = today - timedelta(days=20)
    data = {
        **date_parts("occurred_on", occurred),
        "occurred_time": "14:30",
        **date_parts("aware_on", today - timedelta(days=19)),
        "aware_time": "09:15",
    }
    response = signed_in.post(step_url("dates"), data)
    assert response.status_code == 200
    message = f"The date of the incident must be after the child's date of birth ({born.day} {born:%B %Y})"
    assert field_error(response, "id_occurred_on") == message
    assert errors_of(response)[0] == message
    body = text(response)
    assert 'value="14:30"' in body and 'value="09:15"' in body, "what was typed is still there"
    assert f'value="{occurred.day}"' in body and f'value="{occurred.year}"' in body
    # Check answers does not let it through: it sends the person back to a page of the two
    # answers that disagree.
    location = signed_in.get(CHECK)["Location"]
    assert location in {step_url("child") + "?change=yes", step_url("dates") + "?change=yes"}
    assert not Incident.objects.exists()


OVER_LONG = [
    ("child", "full_name", 200, "The child's name must be 200 characters or fewer"),
    ("child", "identifiers", 500, "Identifiers must be 500 characters or fewer"),
    ("what-happened", "what_happened", 20000, "What happened must be 20,000 characters or fewer"),
    (
        "what-happened",
        "immediate_actions",
        20000,
        "What has been done to keep people safe must be 20,000 characters or fewer",
    ),
    ("told", "other_detail", 300, "Who else was told must be 300 characters or fewer"),
]


@pytest.mark.parametrize(("page", "field", "limit", "message"), OVER_LONG, ids=[f[1] for f in OVER_LONG])
def test_text_longer_than_its_field_allows_is_refused_with_a_govuk_error_and_kept(
    signed_in, practitioner, page, field, limit, message
):
    walk(signed_in, answers(YJS))
    data = dict(answers(YJS)[page])
    if page == "told":
        data = {"told": ["other"], **date_parts("other_on", timezone.localdate() - timedelta(days=1))}
    too_long = "Typed with care. " * (limit // 17) + "x" * (limit % 17 + 1)
    assert len(too_long) == limit + 1
    data[field] = too_long
    response = signed_in.post(step_url(page), data)
    assert response.status_code == 200
    assert field_error(response, f"id_{field}") == message
    assert message in errors_of(response), "in the error summary too"
    body = text(response)
    assert f'href="#id_{field}"' in body, "the summary links to the field"
    assert body.split("<title>")[1].startswith("Error: ")
    assert too_long in body, "the text is given back in full, not cut"
    kept = Draft.objects.get(user=practitioner, key=step_url(page)).data[field]
    assert kept == too_long, "and kept as a draft"


def test_the_childs_details_typed_in_the_wizard_are_encrypted_in_the_draft(signed_in, practitioner):
    from django.db import connection

    walk(signed_in, answers(YJS))
    draft = Draft.objects.get(user=practitioner, key=step_url("child"))
    assert draft.data["full_name"] == CHILD_NAME and draft.data["identifiers"] == "CMS-448812"
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM core_draft WHERE id = %s", [draft.pk])
        (stored,) = cursor.fetchone()
    born = timezone.localdate().year - 15
    for typed in ("Jayden", "Morrow", "CMS-448812", str(born)):
        assert typed not in stored, typed


def test_over_long_text_is_refused_and_kept(signed_in, practitioner):
    walk(signed_in, answers(YJS))
    too_long = "x" * 20001
    response = signed_in.post(
        step_url("what-happened"), {"what_happened": too_long, "immediate_actions": "A safety plan."}
    )
    assert field_error(response, "id_what_happened") == "What happened must be 20,000 characters or fewer"
    assert too_long in text(response), "the text is given back, not cut"
    response = signed_in.post(
        step_url("child"),
        {"full_name": "n" * 201, **date_parts("date_of_birth", timezone.localdate() - timedelta(days=5000))},
    )
    assert field_error(response, "id_full_name") == "The child's name must be 200 characters or fewer"


def test_what_is_typed_on_a_refused_page_is_kept_as_a_draft(signed_in, practitioner):
    walk(signed_in, answers(YJS))
    signed_in.post(step_url("what-happened"), {"what_happened": "Half a sentence", "immediate_actions": ""})
    draft = Draft.objects.get(user=practitioner, key=step_url("what-happened"))
    assert draft.data["what_happened"] == "Half a sentence"
    body = text(signed_in.get(step_url("what-happened")))
    assert "Half a sentence" in body
    assert "govuk-error-message" not in body, "coming back shows the text without shouting errors"


def test_the_long_text_page_autosaves_to_its_own_draft(signed_in, practitioner):
    walk(signed_in, answers(YJS))
    body = text(signed_in.get(step_url("what-happened")))
    assert (
        'data-autosave-url="/drafts/autosave"' in body
        and f'data-draft-key="{step_url("what-happened")}"' in body
    )
    response = signed_in.post(
        "/drafts/autosave",
        {"draft_key": step_url("what-happened"), "what_happened": "Typed so far", "immediate_actions": ""},
    )
    assert response.status_code == 200
    assert "Typed so far" in text(signed_in.get(step_url("what-happened")))
    assert Draft.objects.get(user=practitioner, key=step_url("child")).data["full_name"] == CHILD_NAME


def test_a_told_party_needs_its_date(signed_in):
    walk(signed_in, answers(YJS))
    response = signed_in.post(step_url("told"), {"told": ["police", "other"], "other_detail": ""})
    assert field_error(response, "id_police_on") == "Enter the date the police were told"
    response = signed_in.post(step_url("told"), {"told": ["nobody", "police"]})
    assert "not both" in field_error(response, "id_told")
    response = signed_in.post(step_url("told"), {})
    assert field_error(response, "id_told").startswith("Select who else has been told")


def test_a_rule_the_service_refuses_at_submit_shows_on_its_page(signed_in, monkeypatch):
    walk(signed_in, answers(YJS))
    from .. import services

    def refuse(**kwargs):
        raise services.IncidentRuleError(
            "The child's date of birth must be before the incident", "date_of_birth"
        )

    monkeypatch.setattr(services, "incident_notify", refuse)
    response = signed_in.post(CHECK, {"submission_key": submission_key(signed_in)})
    assert response.status_code == 200
    assert (
        field_error(response, "id_date_of_birth") == "The child's date of birth must be before the incident"
    )
    assert CHILD_NAME in text(response)


# --- one incident, one record


def test_a_second_submit_of_the_same_notification_makes_no_second_record(signed_in):
    walk(signed_in, answers(YJS))
    key = submission_key(signed_in)
    first = signed_in.post(CHECK, {"submission_key": key})
    second = signed_in.post(CHECK, {"submission_key": key})
    assert first["Location"] == second["Location"]
    assert Incident.objects.count() == 1
    assert WhoWasTold.objects.count() == 1
    assert (
        AuditEvent.objects.filter(action=AuditAction.CREATE, target_type__icontains="incident").count() == 1
    )


def test_the_submission_key_is_made_when_the_wizard_starts_and_kept_until_notified(signed_in, practitioner):
    signed_in.post(step_url("framework"), {"version": str(framework_version(YJS).pk)})
    key = Draft.objects.get(user=practitioner, key="/incidents/notify/").data["submission_key"]
    assert len(key) >= 20
    walk(signed_in, answers(YJS))
    assert submission_key(signed_in) == key


def test_a_likely_duplicate_is_shown_before_saving_with_a_link_to_it(signed_in, practitioner, organisation):
    existing = notify_directly(
        actor=practitioner,
        organisation=organisation,
        version=framework_version(YJS),
        full_name=CHILD_NAME.upper(),
        date_of_birth=timezone.localdate().replace(year=timezone.localdate().year - 15),
        occurred_at=timezone.now() - timedelta(days=3),
        aware_at=timezone.now() - timedelta(days=3),
    )
    walk(signed_in, answers(YJS))
    key = submission_key(signed_in)
    response = signed_in.post(CHECK, {"submission_key": key})
    assert response["Location"] == "/incidents/notify/duplicates/"
    body = text(signed_in.get(response["Location"]))
    assert "This incident may already have been notified" in body
    assert f'href="{existing.get_absolute_url()}"' in body and f"Go to {existing.reference}" in body
    assert CHILD_NAME not in body and existing.child.pseudonym in body
    assert Incident.objects.count() == 1, "nothing is saved until the person decides"
    response = signed_in.post(CHECK, {"submission_key": key, "different": "yes"})
    assert Incident.objects.count() == 2
    assert Incident.objects.latest("pk").child == existing.child, "the same child keeps one pseudonym"


def test_an_incident_about_the_child_weeks_apart_is_not_a_duplicate(signed_in, practitioner, organisation):
    notify_directly(
        actor=practitioner,
        organisation=organisation,
        full_name=CHILD_NAME,
        date_of_birth=timezone.localdate().replace(year=timezone.localdate().year - 15),
        occurred_at=timezone.now() - timedelta(days=40),
        aware_at=timezone.now() - timedelta(days=39),
    )
    walk(signed_in, answers(YJS))
    response = signed_in.post(CHECK, {"submission_key": submission_key(signed_in)})
    assert response["Location"].startswith("/incidents/") and "notified" in response["Location"]


def test_starting_again_deletes_the_answers(signed_in, practitioner):
    walk(signed_in, answers(YJS))
    body = text(signed_in.get("/incidents/notify/"))
    assert "You have started notifying an incident" in body
    response = signed_in.post("/incidents/notify/")
    assert response["Location"] == step_url("framework")
    assert not Draft.objects.filter(user=practitioner).exists()


def test_people_who_cannot_notify_are_refused_the_wizard(client, organisation):
    reader = make_person(organisation, Role.GOVERNANCE_BOARD_MEMBER)
    client.force_login(reader)
    assert client.get("/incidents/notify/").status_code == 403
    assert client.get(step_url("framework")).status_code == 403
    assert client.get("/incidents/notify/check/").status_code == 403


def test_a_page_submitted_after_the_session_ran_out_is_kept_for_after_signing_in(client, organisation):
    from django.core.cache import cache

    from threadline.core.tests.support import PASSWORD, sign_in

    cache.clear()  # allauth remembers used authenticator codes per account id
    make_person(organisation, Role.PRACTITIONER, email="tia@example.test", password=PASSWORD)
    url = step_url("what-happened")
    response = client.post(url, {"what_happened": "Typed for an hour", "immediate_actions": "A plan"})
    assert response["Location"].startswith("/account/sign-in/")
    response = sign_in(client, "tia@example.test")
    assert response["Location"] == url
    assert "Typed for an hour" in text(client.get(url))
