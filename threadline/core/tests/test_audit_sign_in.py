"""Signing in, signing out, failing to sign in and viewing a record are all in the audit log."""

import pytest
from django.urls import reverse

from threadline.core.models import AuditEvent, Role
from threadline.core.testing import make_person

from .support import PASSWORD, audit_rows_since, last_audit_pk, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(organisation):
    return make_person(organisation, Role.PRACTITIONER, email="kim@example.test", password=PASSWORD)


def test_signing_in_with_password_and_code_writes_one_sign_in_row(client, person):
    before = last_audit_pk()
    response = sign_in(client, "kim@example.test")
    assert response.status_code == 302
    rows = list(audit_rows_since(before))
    assert [(r.action, r.actor, r.target_id) for r in rows] == [("sign-in", person, str(person.pk))]
    assert rows[0].ip_address == "127.0.0.1"
    assert rows[0].path == reverse("mfa_authenticate")


def test_the_password_alone_does_not_sign_a_person_in_or_write_a_sign_in_row(client, person):
    before = last_audit_pk()
    client.post(reverse("account_login"), {"login": "kim@example.test", "password": PASSWORD})
    assert not audit_rows_since(before).filter(action="sign-in").exists()
    assert client.get(reverse("core:home"))["Location"].startswith(reverse("account_login"))


def test_signing_out_writes_one_sign_out_row(client, person):
    client.force_login(person)
    before = last_audit_pk()
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("core:signed_out")
    rows = list(audit_rows_since(before))
    assert [(r.action, r.actor) for r in rows] == [("sign-out", person)]


def test_a_wrong_password_writes_a_failed_sign_in_row_naming_the_address_tried(client, person):
    before = last_audit_pk()
    response = client.post(
        reverse("account_login"), {"login": "Kim@Example.Test", "password": "not it at all"}
    )
    assert response.status_code == 200
    rows = list(audit_rows_since(before))
    assert [(r.action, r.actor, r.actor_label) for r in rows] == [
        ("failed-sign-in", None, "kim@example.test")
    ]
    assert rows[0].target_id == str(person.pk)
    assert rows[0].detail == {"attempted": "kim@example.test"}


def test_a_failed_sign_in_for_an_unknown_address_is_recorded_without_a_target(client, person):
    before = last_audit_pk()
    client.post(reverse("account_login"), {"login": "nobody@example.test", "password": "guess guess guess"})
    rows = list(audit_rows_since(before))
    assert [(r.action, r.actor_label, r.target_id) for r in rows] == [
        ("failed-sign-in", "nobody@example.test", "")
    ]


def test_viewing_an_organisation_page_writes_one_view_row(client, manager, organisation):
    client.force_login(manager)
    before = last_audit_pk()
    assert client.get(organisation.get_absolute_url()).status_code == 200
    rows = list(audit_rows_since(before))
    assert [(r.action, r.actor, r.organisation, r.target_id) for r in rows] == [
        ("view", manager, organisation, str(organisation.pk))
    ]
    assert rows[0].path == organisation.get_absolute_url()


def test_viewing_a_persons_page_writes_one_view_row(client, manager, practitioner):
    client.force_login(manager)
    before = last_audit_pk()
    assert client.get(practitioner.get_absolute_url()).status_code == 200
    assert [(r.action, r.target_id) for r in audit_rows_since(before)] == [("view", str(practitioner.pk))]


def test_a_page_refused_by_role_is_recorded_with_the_policy_that_refused_it(client, practitioner):
    client.force_login(practitioner)
    before = last_audit_pk()
    assert client.get(reverse("core:person_list")).status_code == 403
    rows = list(audit_rows_since(before))
    assert [(r.action, r.actor, r.detail) for r in rows] == [
        ("permission-denied", practitioner, {"policy": "can_manage_people"})
    ]


def test_the_request_id_is_returned_to_the_browser(client, practitioner):
    client.force_login(practitioner)
    response = client.get(reverse("core:home"), HTTP_X_REQUEST_ID="abc123")
    assert response["X-Request-Id"] == "abc123"
    assert len(client.get(reverse("core:home"))["X-Request-Id"]) == 32


def test_audit_rows_outside_a_request_carry_no_address(sysadmin):
    from threadline.core.services import organisation_create

    organisation_create(actor=sysadmin, name="Eastfield", type="police", nation="england")
    row = AuditEvent.objects.get(action="create")
    assert (row.ip_address, row.path, row.user_agent) == (None, "", "")
