"""The home page shows each person the panels of their roles, each with a helpful empty state;
the account and guide pages are there for everyone signed in."""

import pytest
from django.urls import reverse

from tests.isolation.models import Casefile
from threadline.core.models import Role
from threadline.core.testing import make_organisation, make_person

from .support import PASSWORD, page_text

pytestmark = pytest.mark.django_db

ORGANISATIONS_PANEL = "Your organisations and roles"
SET_UP_PANEL = "People who have not finished setting up their account"
REFUSALS_PANEL = "Recent failed sign-ins and refused access"


def home(client, person) -> str:
    client.force_login(person)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return page_text(response)


def test_a_practitioner_sees_their_organisation_and_roles_and_no_management_panels(client, practitioner):
    page = home(client, practitioner)
    assert ORGANISATIONS_PANEL in page
    assert "Northbridge Youth Justice Service" in page
    assert "Practitioner or case manager" in page
    assert SET_UP_PANEL not in page
    assert REFUSALS_PANEL not in page


def test_a_person_without_an_organisation_is_told_to_ask_their_administrator(client):
    page = home(client, make_person(None))
    assert "You do not belong to an organisation yet. Ask your system administrator" in page


def test_a_service_manager_sees_an_empty_refusals_panel_explaining_what_will_appear(client, manager):
    page = home(client, manager)
    assert REFUSALS_PANEL in page
    assert "No failed sign-ins or refused access to report." in page
    assert "Search the audit log" in page
    assert SET_UP_PANEL not in page


def test_a_service_manager_sees_someone_refused_one_of_their_organisations_records(
    client, manager, stranger, organisation
):
    casefile = Casefile.objects.create(lead_organisation=organisation, title="Casefile about child A")
    client.force_login(stranger)
    client.get(casefile.get_absolute_url())
    page = home(client, manager)
    assert "Permission denied: sol@example.test" in page
    assert "No failed sign-ins or refused access to report." not in page


def test_a_system_administrator_sees_an_empty_set_up_panel_when_everyone_has_set_up(client):
    admin = make_person(make_organisation("Support"), Role.SYSTEM_ADMINISTRATOR, password=PASSWORD)
    page = home(client, admin)
    assert SET_UP_PANEL in page
    assert "Everyone has chosen a password and set up two-factor sign-in." in page
    assert "Add a person" in page


def test_a_system_administrator_sees_people_who_have_not_chosen_a_password(client, organisation):
    admin = make_person(make_organisation("Support"), Role.SYSTEM_ADMINISTRATOR, password=PASSWORD)
    make_person(organisation, full_name="Newly Added", email="new@example.test")
    make_person(organisation, full_name="No App Yet", password=PASSWORD, two_factor=False)
    make_person(organisation, full_name="All Done", password=PASSWORD)
    page = home(client, admin)
    assert "Newly Added" in page and "new@example.test" in page
    assert "No App Yet" in page
    assert "All Done" not in page
    assert "Everyone has chosen a password" not in page


def test_the_home_page_navigation_shows_only_the_sections_a_role_uses(client, practitioner, sysadmin):
    page = home(client, practitioner)
    assert ">Organisations<" in page and ">Your account<" in page
    assert ">People<" not in page and ">Audit log<" not in page
    page = home(client, sysadmin)
    assert ">People<" in page and ">Audit log<" in page


def test_the_account_page_shows_the_person_and_their_two_factor_app(client, practitioner):
    client.force_login(practitioner)
    page = page_text(client.get(reverse("core:account")))
    assert "Pat Practitioner" in page and "pat@example.test" in page
    assert "Authenticator app set up" in page
    assert "Sign out everywhere" in page


def test_the_guide_lists_a_page_for_every_role(client, practitioner):
    client.force_login(practitioner)
    page = page_text(client.get(reverse("core:guide")))
    for role in Role:
        assert reverse("core:guide_role", kwargs={"role": role.value}) in page, role


def test_the_guide_for_system_administrators_explains_deactivation(client, practitioner):
    client.force_login(practitioner)
    page = page_text(client.get(reverse("core:guide_role", kwargs={"role": Role.SYSTEM_ADMINISTRATOR})))
    assert "Deactivating a person signs them out everywhere at once." in page


@pytest.mark.parametrize("url_name", ["core:accessibility", "core:privacy", "core:signed_out"])
def test_the_public_pages_open_without_signing_in(client, url_name):
    assert client.get(reverse(url_name)).status_code == 200


def test_the_signed_out_page_after_a_timeout_offers_to_sign_in_again_to_the_same_form(client):
    response = client.get(reverse("core:signed_out"), {"reason": "timeout", "next": "/organisations/new"})
    page = page_text(response)
    assert "You were signed out because you did not do anything for 30 minutes." in page
    assert 'href="/account/sign-in/?next=/organisations/new"' in page


def test_the_signed_out_page_does_not_offer_a_link_to_another_site(client):
    response = client.get(reverse("core:signed_out"), {"reason": "timeout", "next": "https://evil.test/"})
    page = page_text(response)
    assert "evil.test" not in page
    assert 'href="/account/sign-in/"' in page


def test_a_link_to_the_signed_out_page_signs_no_one_out(client, practitioner):
    client.force_login(practitioner)
    client.get(reverse("core:signed_out"), {"reason": "timeout"})
    assert client.get(reverse("core:home")).status_code == 200


def test_the_idle_timeout_signs_out_by_posting_and_then_shows_the_page(client, practitioner):
    client.force_login(practitioner)
    response = client.post(f"{reverse('core:signed_out')}?reason=timeout&next=/organisations/new")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('core:signed_out')}?reason=timeout&next=%2Forganisations%2Fnew"
    assert client.get(reverse("core:home")).status_code == 302


def test_signing_out_on_timeout_needs_the_csrf_token(practitioner):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(practitioner)
    assert browser.post(f"{reverse('core:signed_out')}?reason=timeout").status_code == 403
    assert browser.get(reverse("core:home")).status_code == 200
