"""Organisation pages show each person the organisations they belong to, and a partnership's
people the partnership and its member agencies."""

import pytest
from django.urls import reverse

from threadline.core.models import Role
from threadline.core.services import organisation_create
from threadline.core.testing import make_organisation, make_person

from .support import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership(sysadmin, organisation, other_organisation):
    return organisation_create(
        actor=sysadmin,
        name="Northbridge Safeguarding Children Partnership",
        type="safeguarding-partnership",
        nation="england",
        members=[organisation, other_organisation],
    )


@pytest.fixture
def partnership_lead(partnership):
    return make_person(partnership, Role.SERVICE_MANAGER, full_name="Priya Partnership")


def test_a_practitioner_sees_their_own_organisation_listed_and_no_other(client, practitioner):
    client.force_login(practitioner)
    page = page_text(client.get(reverse("core:organisation_list")))
    assert "Northbridge Youth Justice Service" in page
    assert "Southport Youth Justice Service" not in page
    assert "Add an organisation" not in page


def test_a_system_administrator_sees_every_organisation_and_can_add_one(
    client, sysadmin, organisation, other_organisation
):
    client.force_login(sysadmin)
    page = page_text(client.get(reverse("core:organisation_list")))
    assert "Northbridge Youth Justice Service" in page
    assert "Southport Youth Justice Service" in page
    assert "Threadline Support" in page
    assert "Add an organisation" in page


def test_the_organisation_list_filters_by_type_and_nation(client, sysadmin, organisation):
    make_organisation("Cardiff Police", type="police", nation="wales")
    client.force_login(sysadmin)
    page = page_text(client.get(reverse("core:organisation_list"), {"type": "police"}))
    assert "Cardiff Police" in page and "Northbridge Youth Justice Service" not in page
    page = page_text(client.get(reverse("core:organisation_list"), {"nation": "england"}))
    assert "Cardiff Police" not in page and "Northbridge Youth Justice Service" in page


def test_a_manager_sees_the_people_of_their_organisation_on_its_page(
    client, manager, practitioner, organisation
):
    client.force_login(manager)
    page = page_text(client.get(organisation.get_absolute_url()))
    assert '<h2 class="govuk-heading-m">People</h2>' in page
    assert "Pat Practitioner" in page and "pat@example.test" in page


def test_a_practitioner_sees_their_organisation_without_its_list_of_people(
    client, practitioner, manager, organisation
):
    client.force_login(practitioner)
    page = page_text(client.get(organisation.get_absolute_url()))
    assert "Northbridge Youth Justice Service" in page
    assert "Mia Manager" not in page
    assert "Change<span" not in page


def test_another_organisations_page_is_not_found_for_a_manager(client, manager, other_organisation):
    client.force_login(manager)
    assert client.get(other_organisation.get_absolute_url()).status_code == 404
    assert client.get(reverse("core:organisation_detail", kwargs={"pk": 999_999})).status_code == 404


def test_partnership_members_see_the_partnership_and_its_member_agencies(
    client, partnership_lead, partnership, organisation, other_organisation
):
    client.force_login(partnership_lead)
    for member in (partnership, organisation, other_organisation):
        assert client.get(member.get_absolute_url()).status_code == 200, member
    page = page_text(client.get(partnership.get_absolute_url()))
    assert "Member organisations" in page
    assert "Northbridge Youth Justice Service" in page and "Southport Youth Justice Service" in page
    listed = page_text(client.get(reverse("core:organisation_list")))
    assert all(o.name in listed for o in (partnership, organisation, other_organisation))


def test_partnership_members_do_not_see_organisations_outside_the_partnership(
    client, partnership_lead, admin_org
):
    client.force_login(partnership_lead)
    assert client.get(admin_org.get_absolute_url()).status_code == 404


def test_a_member_agency_does_not_see_its_sibling_agencies_through_the_partnership(
    client, practitioner, partnership, other_organisation
):
    client.force_login(practitioner)
    assert client.get(other_organisation.get_absolute_url()).status_code == 404


def test_a_member_agency_page_names_the_partnership_it_belongs_to(
    client, sysadmin, partnership, organisation
):
    client.force_login(sysadmin)
    page = page_text(client.get(organisation.get_absolute_url()))
    assert "Member of" in page and "Northbridge Safeguarding Children Partnership" in page


def test_a_system_administrator_changes_an_organisation_and_sees_the_change(client, sysadmin, organisation):
    client.force_login(sysadmin)
    url = reverse("core:organisation_edit", kwargs={"pk": organisation.pk})
    form = page_text(client.get(url))
    assert 'value="Northbridge Youth Justice Service"' in form
    response = client.post(
        url,
        {"name": "Northbridge YJS", "type": "youth-justice-service", "nation": "wales", "description": "New"},
        follow=True,
    )
    page = page_text(response)
    assert "Northbridge YJS updated" in page
    assert "Wales" in page
    organisation.refresh_from_db()
    assert (organisation.name, organisation.nation) == ("Northbridge YJS", "wales")
