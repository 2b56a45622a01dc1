"""Every page and API route is behind a policy (DESIGN §6), and a person who is not signed
in gets nothing from a route that is not public by design."""

import pytest
from django.urls import reverse
from rest_framework.views import APIView

from .routes import Route, all_routes

# allauth's own views carry no Threadline policy; each is here with the reason it is safe.
ALLAUTH_ALLOWLIST = {
    "account_login": "public by design: the sign-in page",
    "account_logout": "signing out needs no permission",
    "account_inactive": "public by design: tells a deactivated person why sign-in failed",
    "account_reauthenticate": "allauth requires a signed-in person",
    "account_change_password": "allauth requires a signed-in person",
    "account_set_password": "allauth requires a signed-in person",
    "account_reset_password": "public by design: asking for a reset link",
    "account_reset_password_done": "public by design: 'check your e-mail'",
    "account_reset_password_from_key": "public by design: the link's token is the credential",
    "account_reset_password_from_key_done": "public by design: 'your password is set'",
    "mfa_index": "allauth requires a signed-in person",
    "mfa_authenticate": "allauth requires a pending sign-in (password already checked)",
    "mfa_reauthenticate": "allauth requires a signed-in person",
    "mfa_activate_totp": "allauth requires a signed-in person",
    "mfa_view_recovery_codes": "allauth requires a signed-in person",
    "mfa_generate_recovery_codes": "allauth requires a signed-in person",
    "mfa_download_recovery_codes": "allauth requires a signed-in person",
}

# Pages a person who is not signed in may see.
PUBLIC_PAGES = {
    "core:healthz",
    "core:accessibility",
    "core:privacy",
    "core:signed_out",
    "account_login",
    "account_inactive",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
}

SIGN_IN = "/account/sign-in/"

ROUTES = all_routes()


def policy_of(route: Route):
    """The policy guarding a route, or None."""
    callback_policy = getattr(route.callback, "policy", None)
    if callback_policy is not None:
        return callback_policy
    view_class = route.view_class
    if view_class is None:
        return None
    if issubclass(view_class, APIView):
        permissions = list(view_class.permission_classes)
        if permissions and all(getattr(p, "policy", None) for p in permissions):
            return tuple(p.policy for p in permissions)
        return None
    return getattr(view_class, "policy", None)


def test_the_walk_finds_the_pages_the_api_and_the_sign_in_routes():
    names = {route.name for route in ROUTES}
    assert {"core:home", "core:organisation_detail", "api:me", "api:schema", "account_login"} <= names
    assert len(ROUTES) > 40


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_every_route_is_behind_a_policy_or_an_allowlisted_allauth_view(route):
    if route.name in ALLAUTH_ALLOWLIST:
        assert route.callback.__module__.startswith("allauth."), f"{route} is allowlisted as allauth's"
        return
    assert policy_of(route) is not None, (
        f"{route} has no policy: decorate it with threadline.core.access.policy (or public), "
        "or give every DRF permission class a `policy` (threadline.api.permissions.policy_permission)"
    )


def test_every_allowlisted_allauth_view_still_exists():
    names = {route.name for route in ROUTES}
    assert set(ALLAUTH_ALLOWLIST) <= names, sorted(set(ALLAUTH_ALLOWLIST) - names)


def test_only_the_known_public_pages_are_marked_public():
    marked_public = {route.name for route in ROUTES if policy_of(route) == "public"}
    assert marked_public <= PUBLIC_PAGES, sorted(marked_public - PUBLIC_PAGES)


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_a_person_who_is_not_signed_in_gets_nothing_from_a_route_that_is_not_public(client, route):
    url = route.url()
    response = client.get(url)
    if route.name in PUBLIC_PAGES:
        assert response.status_code in (200, 302), f"{url} is public but answered {response.status_code}"
        return
    assert_refused(route, url, response)
    if response.status_code == 405:
        assert_refused(route, url, client.post(url, {}))


def assert_refused(route: Route, url: str, response) -> None:
    status = response.status_code
    assert status in (302, 401, 403, 404, 405), f"{route}: {url} answered {status} to a signed-out person"
    if status == 302:
        location = response["Location"]
        allowed = (SIGN_IN, reverse("core:signed_out")) if route.name == "account_logout" else (SIGN_IN,)
        assert location.startswith(allowed), f"{route}: {url} redirected to {location}, not to sign-in"


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_no_route_fails_for_a_signed_in_administrator_when_its_record_does_not_exist(client, sysadmin, route):
    client.force_login(sysadmin)
    url = route.url()
    assert client.get(url).status_code < 500, url
