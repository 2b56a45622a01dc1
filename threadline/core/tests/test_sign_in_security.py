"""Sign-in protections: password length, lock-out after failures, sessions that end when
they should, two-factor for everyone, and the browser security headers."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from threadline.core.models import AuditEvent, Role
from threadline.core.services import person_deactivate, person_sign_out_everywhere
from threadline.core.testing import make_person

from .support import PASSWORD, page_text, sign_in

pytestmark = pytest.mark.django_db

SIGN_IN = "/account/sign-in/"
ACTIVATE = "/account/two-factor/totp/activate/"


@pytest.fixture
def person(organisation):
    return make_person(organisation, Role.SERVICE_MANAGER, email="kim@example.test", password=PASSWORD)


def signed_in_elsewhere(person) -> Client:
    """Another browser, already signed in as the person."""
    other = Client()
    other.force_login(person)
    assert other.get(reverse("core:home")).status_code == 200
    return other


def sends_to_sign_in(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(SIGN_IN)


# Passwords (NCSC: length, not composition)


def test_a_password_shorter_than_12_characters_is_refused():
    with pytest.raises(ValidationError) as refused:
        validate_password("kettle plum")
    assert "at least 12 characters" in " ".join(refused.value.messages)


def test_a_12_character_passphrase_is_accepted():
    validate_password("kettle plums")


def test_a_common_password_is_refused_however_long():
    with pytest.raises(ValidationError):
        validate_password("password1234")


def test_a_password_longer_than_256_characters_is_refused():
    with pytest.raises(ValidationError, match="256 characters or fewer"):
        validate_password("plum ferry " * 30)


# Lock-out (django-axes)


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client, person):
    for _ in range(5):
        client.post(SIGN_IN, {"login": "kim@example.test", "password": "not the password"})
    response = client.post(SIGN_IN, {"login": "kim@example.test", "password": PASSWORD})
    assert response.status_code == 429
    assert "Sign-in is locked" in page_text(response)
    assert sends_to_sign_in(client.get(reverse("core:home")))
    assert AuditEvent.objects.filter(action="failed-sign-in").count() == 6
    assert not AuditEvent.objects.filter(action="sign-in").exists()


def test_four_wrong_passwords_still_let_the_right_one_through(client, person):
    for _ in range(4):
        assert (
            client.post(SIGN_IN, {"login": "kim@example.test", "password": "nope nope nope"}).status_code
            == 200
        )
    sign_in(client, "kim@example.test")
    assert client.get(reverse("core:home")).status_code == 200


def test_failures_against_one_account_do_not_lock_another(client, person, organisation):
    make_person(organisation, email="lee@example.test", password=PASSWORD)
    for _ in range(5):
        client.post(SIGN_IN, {"login": "kim@example.test", "password": "not the password"})
    sign_in(client, "lee@example.test")
    assert client.get(reverse("core:home")).status_code == 200


def test_the_lock_counts_the_address_whatever_its_capitals(client, person):
    for email in [
        "kim@example.test",
        "KIM@example.test",
        "Kim@Example.Test",
        "kim@EXAMPLE.test",
        "KIM@EXAMPLE.TEST",
    ]:
        client.post(SIGN_IN, {"login": email, "password": "not the password"})
    assert client.post(SIGN_IN, {"login": "kim@example.test", "password": PASSWORD}).status_code == 429


# Sessions


def test_signing_out_everywhere_ends_a_session_in_another_browser(client, person):
    elsewhere = signed_in_elsewhere(person)
    person_sign_out_everywhere(actor=person, person=person)
    assert sends_to_sign_in(elsewhere.get(reverse("core:home")))


def test_the_sign_out_everywhere_button_ends_this_and_every_other_session(client, person):
    elsewhere = signed_in_elsewhere(person)
    client.force_login(person)
    response = client.post(reverse("core:sign_out_everywhere"))
    assert response["Location"] == reverse("account_login")
    assert sends_to_sign_in(client.get(reverse("core:home")))
    assert sends_to_sign_in(elsewhere.get(reverse("core:home")))


def test_an_administrator_signing_a_person_out_ends_their_session(client, sysadmin, person):
    elsewhere = signed_in_elsewhere(person)
    client.force_login(sysadmin)
    client.post(reverse("core:person_sign_out", kwargs={"pk": person.pk}))
    assert sends_to_sign_in(elsewhere.get(reverse("core:home")))
    assert client.get(reverse("core:home")).status_code == 200


def test_deactivating_a_person_signs_them_out(sysadmin, person):
    elsewhere = signed_in_elsewhere(person)
    person_deactivate(actor=sysadmin, person=person)
    assert sends_to_sign_in(elsewhere.get(reverse("core:home")))


def test_a_deactivated_person_cannot_sign_in_again(client, sysadmin, person):
    person_deactivate(actor=sysadmin, person=person)
    response = client.post(SIGN_IN, {"login": "kim@example.test", "password": PASSWORD})
    assert response.get("Location") != reverse("mfa_authenticate")
    assert sends_to_sign_in(client.get(reverse("core:home")))


def test_sessions_end_after_30_idle_minutes_and_each_request_renews_them():
    assert settings.SESSION_COOKIE_AGE == 1800
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_the_keep_alive_renews_the_session_for_the_full_idle_time(client, person):
    client.force_login(person)
    response = client.post(reverse("core:session_keepalive"))
    assert response.json() == {"idle_seconds": 1800}


# Two-factor for everyone


@pytest.fixture
def without_app(organisation):
    return make_person(organisation, Role.SERVICE_MANAGER, password=PASSWORD, two_factor=False)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/organisations/",
        "/organisations/new",
        "/people/",
        "/audit/",
        "/audit/export.csv",
        "/account/",
        "/guide/",
        "/guide/practitioner/",
    ],
)
def test_a_person_without_an_authenticator_app_is_sent_to_set_one_up(client, without_app, url):
    client.force_login(without_app)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == ACTIVATE


def test_a_person_without_an_authenticator_app_is_sent_to_set_one_up_from_an_organisation(
    client, without_app, organisation
):
    client.force_login(without_app)
    assert client.get(organisation.get_absolute_url())["Location"] == ACTIVATE


@pytest.mark.parametrize("url", ["/healthz", "/accessibility", "/privacy", "/signed-out"])
def test_public_pages_stay_open_without_an_authenticator_app(client, without_app, url):
    client.force_login(without_app)
    assert client.get(url).status_code == 200


def test_signing_in_without_an_authenticator_app_leads_to_setting_one_up(client, without_app):
    response = client.post(SIGN_IN, {"login": without_app.email, "password": PASSWORD}, follow=True)
    assert (ACTIVATE, 302) in response.redirect_chain
    if response.request["PATH_INFO"] == reverse("account_reauthenticate"):
        # allauth asks for the password again before an authenticator is added.
        response = client.post(
            response.request["PATH_INFO"] + f"?next={ACTIVATE}", {"password": PASSWORD}, follow=True
        )
    assert response.request["PATH_INFO"] == ACTIVATE
    assert response.status_code == 200
    assert 'name="code"' in page_text(response)


def test_a_person_without_an_authenticator_app_can_still_sign_out(client, without_app):
    client.force_login(without_app)
    response = client.post(reverse("account_logout"))
    assert response["Location"] == reverse("core:signed_out")


def test_the_two_factor_check_is_remembered_for_the_session(client, person):
    client.force_login(person)
    client.get(reverse("core:home"))
    assert client.session["threadline.two_factor_ready"] is True


# Browser security headers and health


def test_pages_carry_a_content_security_policy_with_a_nonce_and_no_unsafe_inline(client, person):
    client.force_login(person)
    response = client.get(reverse("core:home"))
    policy = response["Content-Security-Policy"]
    directives = dict(
        (part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in policy.split(";")) if part
    )
    script_src = directives["script-src"]
    nonce = re.search(r"'nonce-([^']+)'", script_src)
    assert nonce, script_src
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert f'<script nonce="{nonce.group(1)}">' in response.content.decode()


def test_every_inline_script_on_a_page_carries_the_nonce(client, person):
    client.force_login(person)
    response = client.get(reverse("core:organisation_list"))
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", response.content.decode())
    assert inline_scripts, "the page has GOV.UK Frontend's inline script"
    assert all("nonce=" in attributes for attributes in inline_scripts)


def test_each_response_has_its_own_nonce(client):
    first = client.get(SIGN_IN)["Content-Security-Policy"]
    second = client.get(SIGN_IN)["Content-Security-Policy"]
    assert re.search(r"'nonce-[^']+'", first).group(0) != re.search(r"'nonce-[^']+'", second).group(0)


def test_the_health_check_answers_ok_without_signing_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert "no-cache" in response["Cache-Control"]
