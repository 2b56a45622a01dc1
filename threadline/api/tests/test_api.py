"""The JSON API for partner systems: who may call it, what it shows them, and how errors read."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from threadline.api.models import ApiToken
from threadline.core.models import AuditEvent, Role
from threadline.core.testing import make_person

pytestmark = pytest.mark.django_db


def new_token(email: str, name: str = "Case system") -> str:
    out = StringIO()
    call_command("api_token_create", "--email", email, "--name", name, stdout=out)
    return out.getvalue().strip()


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


# The schema


def test_the_schema_is_refused_to_someone_not_signed_in(client):
    response = client.get("/api/schema/")
    assert response.status_code in (401, 403)
    assert "openapi" not in response.content.decode()


def test_the_schema_is_an_openapi_document_for_a_signed_in_person(client, practitioner):
    client.force_login(practitioner)
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Threadline API"
    assert {"/api/v1/me", "/api/v1/organisations", "/api/v1/organisations/{id}"} <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]["partnerToken"]["scheme"] == "bearer"


# Who is calling


def test_me_shows_the_person_with_their_organisations_and_roles(client, manager, organisation):
    make_person(organisation, Role.PRACTITIONER)
    from threadline.core.services import person_set_roles
    from threadline.core.testing import make_organisation

    elsewhere = make_organisation("Eastfield Police", type="police")
    admin = make_person(make_organisation("Support"), Role.SYSTEM_ADMINISTRATOR)
    person_set_roles(actor=admin, person=manager, organisation=elsewhere, roles=[Role.PARTNER_AGENCY_LEAD])
    person_set_roles(
        actor=admin,
        person=manager,
        organisation=organisation,
        roles=[Role.SERVICE_MANAGER, Role.REVIEW_CHAIR],
    )
    client.force_login(manager)
    response = client.get("/api/v1/me")
    assert response.status_code == 200
    body = response.json()
    assert {k: body[k] for k in ("id", "email", "full_name")} == {
        "id": manager.pk,
        "email": "manager@example.test",
        "full_name": "Mia Manager",
    }
    assert sorted(body["organisations"], key=lambda o: o["name"]) == [
        {"id": elsewhere.pk, "name": "Eastfield Police", "roles": ["partner-agency-lead"]},
        {
            "id": organisation.pk,
            "name": "Northbridge Youth Justice Service",
            "roles": ["review-chair", "service-manager"],
        },
    ]


def test_a_call_without_credentials_is_challenged_for_a_token(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json() == {
        "errors": [{"field": None, "message": "Authentication credentials were not provided."}]
    }


# Organisations


def test_the_organisation_list_holds_only_organisations_the_person_may_see(
    client, practitioner, organisation, other_organisation, admin_org
):
    client.force_login(practitioner)
    body = client.get("/api/v1/organisations").json()
    assert body["count"] == 1
    assert body["results"] == [
        {
            "id": organisation.pk,
            "name": "Northbridge Youth Justice Service",
            "type": "youth-justice-service",
            "nation": "england",
            "is_active": True,
        }
    ]


def test_a_system_administrator_lists_every_organisation(client, sysadmin, organisation, other_organisation):
    client.force_login(sysadmin)
    names = [o["name"] for o in client.get("/api/v1/organisations").json()["results"]]
    assert names == [
        "Northbridge Youth Justice Service",
        "Southport Youth Justice Service",
        "Threadline Support",
    ]


def test_one_of_the_persons_organisations_can_be_fetched(client, practitioner, organisation):
    client.force_login(practitioner)
    response = client.get(f"/api/v1/organisations/{organisation.pk}")
    assert response.status_code == 200
    assert response.json()["name"] == "Northbridge Youth Justice Service"


def test_another_organisation_is_not_found_with_an_errors_list_and_the_refusal_is_audited(
    client, practitioner, other_organisation
):
    client.force_login(practitioner)
    response = client.get(f"/api/v1/organisations/{other_organisation.pk}")
    assert response.status_code == 404
    assert response.json() == {"errors": [{"field": None, "message": "Not found"}]}
    refusal = AuditEvent.objects.get(action="permission-denied")
    assert (refusal.actor, refusal.target_id) == (practitioner, str(other_organisation.pk))


def test_an_organisation_that_does_not_exist_is_not_found_without_an_audit_row(client, practitioner):
    client.force_login(practitioner)
    response = client.get("/api/v1/organisations/999999")
    assert response.status_code == 404
    assert response.json() == {"errors": [{"field": None, "message": "Not found"}]}
    assert not AuditEvent.objects.filter(action="permission-denied").exists()


def test_the_api_does_not_accept_writes(client, sysadmin, organisation):
    client.force_login(sysadmin)
    response = client.post("/api/v1/organisations", {"name": "Eastfield"}, content_type="application/json")
    assert response.status_code in (403, 405)
    assert "errors" in response.json()


# Tokens for partner systems


def test_a_token_made_with_the_command_lets_a_partner_system_call_the_api(client, practitioner):
    token = new_token("PAT@example.test")
    assert token.startswith("tl_")
    response = client.get("/api/v1/me", **bearer(token))
    assert response.status_code == 200
    assert response.json()["email"] == "pat@example.test"
    stored = ApiToken.objects.get(person=practitioner)
    assert stored.name == "Case system"
    assert token not in (stored.key_hash, stored.prefix)
    assert stored.prefix == token[:8]
    assert stored.last_used_at is not None


def test_a_token_sees_only_its_persons_organisations(client, practitioner, organisation, other_organisation):
    token = new_token("pat@example.test")
    body = client.get("/api/v1/organisations", **bearer(token)).json()
    assert [o["id"] for o in body["results"]] == [organisation.pk]
    assert client.get(f"/api/v1/organisations/{other_organisation.pk}", **bearer(token)).status_code == 404


def test_a_revoked_token_is_refused(client, practitioner):
    token = new_token("pat@example.test")
    ApiToken.objects.update(revoked_at=timezone.now())
    response = client.get("/api/v1/me", **bearer(token))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json() == {"errors": [{"field": None, "message": "The API token is not valid"}]}


@pytest.mark.parametrize("header", ["Bearer tl_not-a-real-token", "Bearer ", "Bearer x y"])
def test_a_made_up_token_is_refused(client, practitioner, header):
    new_token("pat@example.test")
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


def test_a_token_of_a_deactivated_person_is_refused(client, sysadmin, practitioner):
    from threadline.core.services import person_deactivate

    token = new_token("pat@example.test")
    person_deactivate(actor=sysadmin, person=practitioner)
    assert client.get("/api/v1/me", **bearer(token)).status_code == 401


def test_a_token_cannot_be_made_for_an_unknown_or_deactivated_account(sysadmin, practitioner):
    from threadline.core.services import person_deactivate

    with pytest.raises(CommandError, match="No active account") as refused:
        new_token("nobody@example.test")
    assert refused.value.returncode == 2
    person_deactivate(actor=sysadmin, person=practitioner)
    with pytest.raises(CommandError):
        new_token("pat@example.test")
    assert not ApiToken.objects.exists()


def test_a_partner_systems_account_needs_no_authenticator_app(client, organisation):
    system = make_person(organisation, Role.PRACTITIONER, email="system@example.test", two_factor=False)
    token = new_token(system.email)
    assert client.get("/api/v1/me", **bearer(token)).status_code == 200


# Two-factor for people using the API from the browser


def test_a_signed_in_person_without_an_authenticator_app_is_refused(client, organisation):
    person = make_person(organisation, Role.SERVICE_MANAGER, two_factor=False)
    client.force_login(person)
    for url in (
        "/api/v1/me",
        "/api/v1/organisations",
        f"/api/v1/organisations/{organisation.pk}",
        "/api/schema/",
    ):
        response = client.get(url)
        assert response.status_code == 403, url
    assert client.get("/api/v1/me").json() == {
        "errors": [{"field": None, "message": "Set up two-factor sign-in before using the API"}]
    }


def test_a_deactivated_persons_session_is_refused(client, sysadmin, practitioner):
    from threadline.core.services import person_deactivate

    client.force_login(practitioner)
    person_deactivate(actor=sysadmin, person=practitioner)
    assert client.get("/api/v1/me").status_code in (401, 403)


def test_issuing_a_token_writes_exactly_one_audit_row(db, practitioner):
    from threadline.api.services import api_token_issue
    from threadline.core.models import AuditEvent

    token, raw = api_token_issue(actor=None, person=practitioner, name="Case system")
    assert raw.startswith("tl_") and token.key_hash != raw
    rows = AuditEvent.objects.filter(target_type="api.apitoken", target_id=str(token.pk))
    assert rows.count() == 1
    assert rows.get().actor_label == "command line"
