"""Incidents over the JSON API: notify with an Idempotency-Key, list what the caller may
see, read one with its deadlines; the same policies and audit as the pages, and never who
the child is."""

import json
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from threadline.core.models import AuditEvent, Role
from threadline.core.testing import make_organisation, make_person
from threadline.frameworks.models import FrameworkVersion
from threadline.incidents.models import Incident
from threadline.incidents.services import incident_merge
from threadline.incidents.tests.builders import CHILD_IDENTIFIERS, CHILD_NAME, london, notify

pytestmark = pytest.mark.django_db

URL = "/api/v1/incidents"
SECRETS = (CHILD_NAME, "Jayden", "Morrow", "2009-03-14", CHILD_IDENTIFIERS)


def payload(**changes) -> dict:
    now = timezone.localtime()
    body = {
        "framework": "yjs-serious-incident-review",
        "child": {
            "full_name": CHILD_NAME,
            "date_of_birth": "2009-03-14",
            "identifiers": CHILD_IDENTIFIERS,
            "sex": "male",
            "ethnicity": "black",
            "care_experienced": "yes",
            "placed_out_of_area": "no",
            "disability": "unknown",
        },
        "status_with_service": "open",
        "occurred_at": (now - timedelta(days=2)).isoformat(),
        "aware_at": (now - timedelta(days=1)).isoformat(),
        "category": "public-protection",
        "criterion": "gbh-wounding",
        "what_happened": "An invented incident for the tests.",
        "immediate_actions": "A safety plan was agreed with the family.",
        "told": [
            {"party": "police", "told_on": (now - timedelta(days=1)).date().isoformat(), "detail": "PPU"}
        ],
    }
    for key, value in changes.items():
        if key in body["child"]:
            body["child"][key] = value
        else:
            body[key] = value
    return body


def post(client, body, key=None, **headers):
    if key:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(URL, json.dumps(body), content_type="application/json", **headers)


def new_token(email: str) -> str:
    out = StringIO()
    call_command("api_token_create", "--email", email, "--name", "Case system", stdout=out)
    return out.getvalue().strip()


def assert_nothing_identifying(response):
    text = response.content.decode()
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} is in the response"


# Notifying


def test_notifying_answers_201_with_the_incident_and_its_deadlines(client, manager, organisation):
    client.force_login(manager)
    response = post(client, payload())
    assert response.status_code == 201, response.json()
    body = response.json()
    incident = Incident.objects.get()
    assert response["Location"] == f"/api/v1/incidents/{incident.pk}"
    assert body["id"] == incident.pk
    assert body["reference"] == incident.reference
    assert body["framework"] == {
        "key": "yjs-serious-incident-review",
        "name": "YJS serious incident review",
        "version": 1,
        "version_id": incident.framework_version_id,
    }
    assert body["lead_organisation"] == {"id": organisation.pk, "name": organisation.name}
    assert body["child"] == {
        "pseudonym": "Child A",
        "sex": "male",
        "ethnicity": "black",
        "care_experienced": "yes",
        "placed_out_of_area": "no",
        "disability": "unknown",
    }
    assert body["criterion"]["key"] == "gbh-wounding"
    assert body["eligibility"]["eligible"] is True
    assert body["told"] == [
        {
            "party": "police",
            "told_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "detail": "PPU",
        }
    ]
    assert [row["stage"] for row in body["timeline"]][:2] == ["notification", "initial-learning-review"]
    assert_nothing_identifying(response)


def test_notifying_writes_exactly_one_audit_row(client, manager, organisation):
    client.force_login(manager)
    post(client, payload())
    incident = Incident.objects.get()
    rows = AuditEvent.objects.filter(target_type="incidents.incident", target_id=str(incident.pk))
    assert list(rows.values_list("action", flat=True)) == ["create"]


def test_a_retry_with_the_same_idempotency_key_answers_200_with_the_same_incident(client, manager):
    client.force_login(manager)
    body = payload()
    first = post(client, body, key="7d4b5e0c-retry")
    again = post(client, body, key="7d4b5e0c-retry")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert Incident.objects.count() == 1
    actions = AuditEvent.objects.filter(target_type="incidents.incident").order_by("pk")
    assert list(actions.values_list("action", flat=True)) == ["create", "view"]


def test_a_retry_is_recognised_whatever_the_order_of_its_fields(client, manager):
    client.force_login(manager)
    body = payload()
    first = post(client, body, key="order-key")
    reordered = dict(reversed(list(body.items())))
    reordered["child"] = dict(reversed(list(body["child"].items())))
    again = post(client, reordered, key="order-key")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]


def test_the_same_idempotency_key_with_a_different_body_is_refused_with_422(client, manager):
    client.force_login(manager)
    body = payload()
    first = post(client, body, key="reused-key")
    assert first.status_code == 201
    other = dict(body, what_happened="A different incident altogether.")
    response = post(client, other, key="reused-key")
    assert response.status_code == 422, response.json()
    assert response.json()["errors"] == [
        {
            "field": "Idempotency-Key",
            "message": "This Idempotency-Key was already used with a different notification: use a new "
            "key for a new notification, or send exactly the same body again to get the incident the "
            "first one made",
        }
    ]
    assert Incident.objects.count() == 1
    assert post(client, body, key="reused-key").status_code == 200, "the first body still replays"


def test_two_callers_choosing_the_same_key_do_not_meet(client, manager, stranger, other_organisation):
    client.force_login(manager)
    mine = post(client, payload(), key="same-key")
    client.force_login(stranger)
    theirs = post(client, payload(full_name="Leah Carter"), key="same-key")
    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert mine.json()["id"] != theirs.json()["id"]


def test_without_a_key_each_request_is_a_new_notification_after_the_duplicate_check(client, manager):
    client.force_login(manager)
    assert post(client, payload()).status_code == 201
    assert post(client, payload(full_name="Leah Carter")).status_code == 201
    assert Incident.objects.count() == 2


def test_a_likely_duplicate_answers_409_with_the_existing_incident(client, manager):
    client.force_login(manager)
    first = post(client, payload()).json()
    response = post(client, payload())
    assert response.status_code == 409
    body = response.json()
    assert body["errors"][0]["field"] is None
    assert "already notified" in body["errors"][0]["message"]
    assert [(d["id"], d["reference"]) for d in body["duplicates"]] == [(first["id"], first["reference"])]
    assert Incident.objects.count() == 1
    confirmed = post(client, payload(not_a_duplicate=True))
    assert confirmed.status_code == 201
    assert confirmed.json()["child"]["pseudonym"] == "Child A"  # the same child, a second incident


def test_a_framework_version_can_be_given_by_id(client, manager):
    client.force_login(manager)
    version = FrameworkVersion.objects.get(framework__key="national-youth-justice-incident", number=1)
    body = payload(criterion="death", category="safeguarding")
    del body["framework"]
    body["framework_version"] = version.pk
    response = post(client, body)
    assert response.status_code == 201, response.json()
    assert response.json()["notification_kind"] == "mandatory"


def test_the_organisation_is_needed_only_for_someone_who_notifies_for_more_than_one(
    client, manager, organisation
):
    client.force_login(manager)
    assert post(client, payload(organisation=organisation.pk)).status_code == 201
    second = make_organisation("Eastfield Youth Justice Service")
    make_person(second, Role.SERVICE_MANAGER, email="two@example.test")
    from threadline.core.models import Membership

    Membership.objects.create(user=manager, organisation=second, role=Role.PRACTITIONER)
    manager.forget_roles()
    response = post(client, payload(full_name="Leah Carter"))
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "organisation", "message": "Give the id of the organisation notifying the incident"}
    ]
    response = post(client, payload(full_name="Leah Carter", organisation=second.pk))
    assert response.status_code == 201
    assert response.json()["lead_organisation"]["id"] == second.pk


def test_someone_who_may_not_notify_is_refused_and_the_refusal_audited(client, organisation):
    board = make_person(organisation, Role.GOVERNANCE_BOARD_MEMBER)
    client.force_login(board)
    response = post(client, payload())
    assert response.status_code == 403
    assert response.json()["errors"][0]["field"] is None
    refusal = AuditEvent.objects.get(actor=board, action="permission-denied")
    assert refusal.detail == {"policy": "can_notify_anywhere"}
    assert not Incident.objects.exists()
    assert client.get(URL).status_code == 200  # but may list


# Bad input: 400, each error with its field, nothing saved


def errors_for(client, body):
    response = post(client, body)
    assert response.status_code == 400, response.content
    assert not Incident.objects.exists()
    return response.json()["errors"]


@pytest.fixture
def signed_in(client, manager):
    client.force_login(manager)
    return client


def test_missing_fields_are_named(signed_in):
    body = payload()
    del body["child"]["full_name"]
    del body["what_happened"]
    errors = errors_for(signed_in, body)
    assert {"field": "child.full_name", "message": "This field is required."} in errors
    assert {"field": "what_happened", "message": "This field is required."} in errors


def test_an_unknown_choice_is_named(signed_in):
    assert errors_for(signed_in, payload(sex="robot")) == [
        {"field": "child.sex", "message": '"robot" is not a valid choice.'}
    ]


def test_an_incident_in_the_future_is_refused(signed_in):
    soon = timezone.localtime() + timedelta(hours=3)
    errors = errors_for(
        signed_in,
        payload(occurred_at=soon.isoformat(), aware_at=(soon + timedelta(hours=1)).isoformat(), told=[]),
    )
    assert errors == [
        {"field": "occurred_at", "message": "The date of the incident must be today or in the past"}
    ]


def test_becoming_aware_before_the_incident_is_refused(signed_in):
    now = timezone.localtime()
    errors = errors_for(
        signed_in,
        payload(
            occurred_at=(now - timedelta(days=1)).isoformat(), aware_at=(now - timedelta(days=2)).isoformat()
        ),
    )
    assert errors == [
        {"field": "aware_at", "message": "The service cannot have become aware before the incident happened"}
    ]


def test_a_date_of_birth_after_the_incident_is_refused(signed_in):
    errors = errors_for(signed_in, payload(date_of_birth=timezone.localdate().isoformat()))
    assert errors == [
        {"field": "child.date_of_birth", "message": "The child's date of birth must be before the incident"}
    ]


@pytest.mark.parametrize(
    ("criterion", "category"),
    [
        ("no-such-criterion", "public-protection"),
        ("death", "safeguarding"),  # the national procedure's, not the YJS framework's
    ],
)
def test_a_criterion_not_on_the_frameworks_lists_is_refused(signed_in, criterion, category):
    assert errors_for(signed_in, payload(criterion=criterion, category=category)) == [
        {"field": "criterion", "message": "Select a criterion from this framework's notification lists"}
    ]


def test_a_criterion_of_the_other_category_is_refused(signed_in):
    assert errors_for(signed_in, payload(criterion="gbh-wounding", category="safeguarding")) == [
        {"field": "criterion", "message": "Select a criterion that fits the category of the incident"}
    ]


def test_a_recently_closed_case_needs_its_closing_date(signed_in):
    assert errors_for(signed_in, payload(status_with_service="closed-recently")) == [
        {"field": "case_closed_on", "message": "Enter the date the case closed"}
    ]


def test_over_long_text_is_refused(signed_in):
    assert errors_for(signed_in, payload(what_happened="x" * 20001)) == [
        {"field": "what_happened", "message": "Ensure this field has no more than 20000 characters."}
    ]


def test_an_item_of_who_was_told_is_named_by_its_position(signed_in):
    told = [
        {"party": "police", "told_on": timezone.localdate().isoformat()},
        {"party": "police", "told_on": "not a date"},
    ]
    errors = errors_for(signed_in, payload(told=told))
    assert [e["field"] for e in errors] == ["told[1].told_on"]


def test_an_organisation_the_caller_does_not_notify_for_is_refused_the_same_whether_it_exists(
    signed_in, other_organisation
):
    for pk in (other_organisation.pk, 999999):
        assert errors_for(signed_in, payload(organisation=pk)) == [
            {"field": "organisation", "message": "Select an organisation you notify incidents for"}
        ]


def test_an_unknown_framework_or_a_draft_version_is_refused(signed_in, sysadmin):
    assert errors_for(signed_in, payload(framework="made-up")) == [
        {"field": "framework", "message": "Select a framework that is in use"}
    ]
    from threadline.frameworks.services import framework_version_copy

    yjs = FrameworkVersion.objects.get(framework__key="yjs-serious-incident-review", number=1)
    draft = framework_version_copy(actor=sysadmin, version=yjs)
    body = payload()
    body["framework_version"] = draft.pk
    assert errors_for(signed_in, body) == [
        {"field": "framework_version", "message": "Select a published version of a framework"}
    ]


def test_a_closing_date_that_contradicts_the_status_is_refused_next_to_it(signed_in):
    occurred = timezone.localdate() - timedelta(days=2)
    body = payload(
        status_with_service="closed-recently",
        case_closed_on=(occurred - timedelta(days=30)).isoformat(),
    )
    response = post(signed_in, body)
    assert response.status_code == 400, response.json()
    (error,) = response.json()["errors"]
    assert error["field"] == "case_closed_on"
    assert error["message"].startswith("The case closed 30 days before the incident, not within the last 20")
    assert not Incident.objects.exists()


def test_a_too_long_idempotency_key_is_refused(signed_in):
    response = post(signed_in, payload(), key="k" * 201)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"


# Listing


def test_the_list_holds_only_incidents_the_caller_may_see(
    client, manager, practitioner, stranger, organisation, other_organisation
):
    mine = notify(actor=manager, organisation=organisation)
    notify(actor=stranger, organisation=other_organisation)
    client.force_login(practitioner)
    response = client.get(URL)
    body = response.json()
    assert body["count"] == 1
    (item,) = body["results"]
    assert (item["id"], item["reference"], item["child"]["pseudonym"]) == (mine.pk, mine.reference, "Child A")
    assert item["overdue"] is False
    assert item["next_deadline"]["stage"] == "initial-learning-review"
    assert_nothing_identifying(response)


def test_the_list_filters_by_status(client, manager, organisation):
    kept = notify(actor=manager, organisation=organisation)
    merged = notify(actor=manager, organisation=organisation, told=[])  # the same child, notified twice
    incident_merge(actor=manager, duplicate=merged, into=kept)
    client.force_login(manager)
    assert [i["id"] for i in client.get(URL, {"status": "merged"}).json()["results"]] == [merged.pk]
    assert [i["id"] for i in client.get(URL, {"status": "open"}).json()["results"]] == [kept.pk]
    response = client.get(URL, {"status": "lost"})
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "status", "message": '"lost" is not a valid choice.'}]


def test_the_list_filters_overdue_by_working_days(client, manager, organisation):
    with time_machine.travel(london(2025, 12, 19, 10, 0), tick=False):
        late = notify(
            actor=manager,
            organisation=organisation,
            occurred_at=london(2025, 12, 17, 20, 0),
            aware_at=london(2025, 12, 18, 9, 0),
            told=[],
        )
    with time_machine.travel(london(2026, 1, 5, 10, 0), tick=False):
        fresh = notify(
            actor=manager,
            organisation=organisation,
            full_name="Leah Carter",
            occurred_at=london(2026, 1, 3, 20, 0),
            aware_at=london(2026, 1, 4, 9, 0),
            told=[],
        )
    client.force_login(manager)
    with time_machine.travel(london(2026, 1, 8, 9, 0), tick=False):  # the ILR of the first was due on the 7th
        overdue = client.get(URL, {"overdue": "true"}).json()
        on_time = client.get(URL, {"overdue": "false"}).json()
        everything = client.get(URL).json()
    assert [(i["id"], i["overdue"]) for i in overdue["results"]] == [(late.pk, True)]
    assert [(i["id"], i["overdue"]) for i in on_time["results"]] == [(fresh.pk, False)]
    assert everything["count"] == 2


# Reading one


def test_reading_an_incident_shows_its_deadlines_and_is_audited(client, manager, organisation):
    with time_machine.travel(london(2025, 12, 19, 10, 0), tick=False):
        incident = notify(
            actor=manager,
            organisation=organisation,
            occurred_at=london(2025, 12, 17, 20, 0),
            aware_at=london(2025, 12, 19, 9, 0),
            told=[],
        )
    client.force_login(manager)
    with time_machine.travel(london(2026, 1, 2, 9, 0), tick=False):
        response = client.get(f"{URL}/{incident.pk}")
    assert response.status_code == 200
    rows = {row["stage"]: row for row in response.json()["timeline"]}
    ilr = rows["initial-learning-review"]
    assert ilr["deadline_rule"] == "Within 10 working days of the service becoming aware of the incident"
    assert ilr["completed_by"] == ["service-manager", "review-chair"]
    assert ilr["state"] == "due"
    assert ilr["starts_on"] == "2025-12-19"
    assert ilr["deadline"] == {
        "due": "2026-01-07",
        "original_due": "2026-01-07",
        "state": "due",
        "working_days_left": 3,
        "working_days_late": None,
        "paused": False,
        "delayed": False,
        "delay_reason": None,
    }
    assert rows["full-learning-review"]["state"] == "waiting"
    assert rows["full-learning-review"]["deadline"] is None
    view = AuditEvent.objects.get(action="view", actor=manager)
    assert (view.target_type, view.target_id) == ("incidents.incident", str(incident.pk))
    assert_nothing_identifying(response)


def test_an_incident_of_another_organisation_is_not_found_and_the_refusal_audited(
    client, manager, stranger, organisation
):
    incident = notify(actor=manager, organisation=organisation)
    client.force_login(stranger)
    response = client.get(f"{URL}/{incident.pk}")
    assert response.status_code == 404
    assert response.json() == {"errors": [{"field": None, "message": "Not found"}]}
    refusal = AuditEvent.objects.get(actor=stranger, action="permission-denied")
    assert refusal.target_id == str(incident.pk)
    assert not AuditEvent.objects.filter(actor=stranger, action="view").exists()


def test_a_merged_incident_says_which_it_was_merged_into(client, manager, organisation):
    kept = notify(actor=manager, organisation=organisation)
    merged = notify(actor=manager, organisation=organisation, told=[])  # the same child, notified twice
    incident_merge(actor=manager, duplicate=merged, into=kept)
    client.force_login(manager)
    body = client.get(f"{URL}/{merged.pk}").json()
    assert (body["status"], body["merged_into"]) == ("merged", kept.reference)


# Partner systems with a token


def test_a_partner_system_notifies_lists_and_reads_with_its_token(client, practitioner, organisation):
    token = new_token(practitioner.email)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    body = payload()
    created = post(client, body, key="partner-1", **auth)
    assert created.status_code == 201
    incident_id = created.json()["id"]
    assert post(client, body, key="partner-1", **auth).status_code == 200
    assert [i["id"] for i in client.get(URL, **auth).json()["results"]] == [incident_id]
    assert client.get(f"{URL}/{incident_id}", **auth).status_code == 200
    assert Incident.objects.get().notified_by == practitioner


def test_without_credentials_the_incidents_are_refused(client, manager, organisation):
    incident = notify(actor=manager, organisation=organisation)
    for response in (client.get(URL), client.get(f"{URL}/{incident.pk}"), post(client, payload())):
        assert response.status_code == 401


# The schema


def test_the_schema_describes_the_incident_routes(client, practitioner):
    client.force_login(practitioner)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert {"/api/v1/incidents", "/api/v1/incidents/{id}"} <= set(schema["paths"])
    create = schema["paths"]["/api/v1/incidents"]["post"]
    assert {"200", "201", "400", "409", "422"} <= set(create["responses"])
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in create["parameters"])
    listing = schema["paths"]["/api/v1/incidents"]["get"]
    assert {"status", "overdue", "framework", "page"} <= {p["name"] for p in listing["parameters"]}
    child = schema["components"]["schemas"]["Child"]["properties"]
    assert "full_name" not in child and "pseudonym" in child


def test_the_schema_is_valid_openapi_without_warnings(tmp_path):
    target = Path(tmp_path) / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/v1/incidents/{id}" in target.read_text()
