"""Every account must set up an authenticator app before it can use anything but the few
pages needed to do so (threadline.core.middleware.TwoFactorRequiredMiddleware)."""

import pytest
from django.urls import reverse

from threadline.core.middleware import TWO_FACTOR_EXEMPT_URL_NAMES
from threadline.core.models import Role
from threadline.core.testing import make_person

from .routes import all_routes

ROUTES = all_routes()


def test_every_exempt_name_is_one_real_route():
    # The middleware matches the bare url_name, so a route of another app with the same
    # name would silently skip two-factor too.
    bare = [route.name.split(":")[-1] for route in ROUTES]
    for name in TWO_FACTOR_EXEMPT_URL_NAMES:
        assert bare.count(name) == 1, f"{name!r} names {bare.count(name)} routes"


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_a_person_without_an_authenticator_app_reaches_only_the_exempt_routes(client, organisation, route):
    person = make_person(organisation, Role.SYSTEM_ADMINISTRATOR, two_factor=False)
    client.force_login(person)
    url = route.url()
    response = client.get(url)
    activate = reverse("mfa_activate_totp")
    sent_to_set_up = response.status_code == 302 and response["Location"] == activate
    if route.name.split(":")[-1] in TWO_FACTOR_EXEMPT_URL_NAMES:
        assert not sent_to_set_up, f"{url} is exempt but sent the person to set up two-factor"
    elif route.name.startswith("api:"):
        assert response.status_code == 403, f"{url} answered {response.status_code}"
    else:
        assert sent_to_set_up, f"{url} answered {response.status_code} {response.get('Location', '')}"
