"""Adding an organisation with mistakes: GOV.UK errors next to the right field, and the
person's typing kept, on the page and as a draft."""

import pytest
from django.urls import reverse

from threadline.core.models import AuditEvent, Draft, Organisation

from .support import error_summary, field_error, page_text, page_title

pytestmark = pytest.mark.django_db

ADD = "/organisations/new"
DESCRIPTION = "Our partnership's arrangements for learning & reviews <in full>."


def valid(**overrides):
    data = {"name": "Eastfield Police", "type": "police", "nation": "england", "description": DESCRIPTION}
    return {**data, **overrides}


@pytest.fixture
def admin_client(client, sysadmin):
    client.force_login(sysadmin)
    return client


def test_the_add_organisation_address_is_the_one_drafts_are_kept_for():
    assert reverse("core:organisation_create") == ADD


def test_an_empty_name_is_shown_as_a_gov_uk_error_and_the_description_is_kept(admin_client, sysadmin):
    response = admin_client.post(ADD, valid(name=""))
    assert response.status_code == 200
    assert "There is a problem" in page_text(response)
    assert error_summary(response) == ["Enter the organisation's name"]
    assert 'href="#id_name"' in page_text(response)
    assert field_error(response, "id_name") == "Enter the organisation's name"
    assert page_title(response) == "Error: Add an organisation – Threadline"
    assert f">{DESCRIPTION}</textarea>" in page_text(response)
    draft = Draft.objects.get(user=sysadmin, key=ADD)
    assert draft.data["description"] == DESCRIPTION
    assert not Organisation.objects.filter(type="police").exists()


def test_the_typed_text_is_escaped_when_shown_again(admin_client):
    response = admin_client.post(ADD, valid(name=""))
    assert "&lt;in full&gt;" in response.content.decode()
    assert "<in full>" not in response.content.decode()


def test_a_name_already_used_is_refused_whatever_its_capitals(admin_client, organisation):
    response = admin_client.post(ADD, valid(name="  northbridge youth JUSTICE service "))
    assert field_error(response, "id_name") == "An organisation with this name already exists"
    assert Organisation.objects.filter(name__iexact="northbridge youth justice service").count() == 1


def test_missing_type_and_nation_are_each_shown_next_to_their_field(admin_client):
    response = admin_client.post(ADD, {"name": "Eastfield Police"})
    assert error_summary(response) == [
        "Select the type of organisation",
        "Select the nation the organisation is in",
    ]
    assert field_error(response, "id_type") == "Select the type of organisation"
    assert field_error(response, "id_nation") == "Select the nation the organisation is in"


def test_members_for_an_organisation_that_is_not_a_partnership_are_refused_next_to_the_members_field(
    admin_client, organisation
):
    response = admin_client.post(ADD, valid(members=[organisation.pk]))
    assert response.status_code == 200
    message = "Only a safeguarding partnership or child protection committee can have member organisations"
    assert field_error(response, "id_members") == message
    assert error_summary(response) == [message]
    assert page_title(response).startswith("Error: ")
    assert not Organisation.objects.filter(name="Eastfield Police").exists()
    assert not AuditEvent.objects.filter(action="create").exists()


def test_a_partnership_may_list_its_member_organisations(admin_client, organisation, other_organisation):
    response = admin_client.post(
        ADD,
        valid(
            name="Eastfield Partnership",
            type="safeguarding-partnership",
            members=[organisation.pk, other_organisation.pk],
        ),
    )
    partnership = Organisation.objects.get(name="Eastfield Partnership")
    assert response["Location"] == partnership.get_absolute_url()
    assert set(partnership.member_organisations.all()) == {organisation, other_organisation}


def test_a_successful_add_shows_the_organisation_and_discards_the_draft(admin_client, sysadmin):
    admin_client.post(ADD, valid(name=""))
    assert Draft.objects.filter(user=sysadmin, key=ADD).exists()
    response = admin_client.post(ADD, valid(), follow=True)
    page = page_text(response)
    assert "Eastfield Police added" in page
    assert '<h1 class="govuk-heading-l">Eastfield Police</h1>' in page
    assert not Draft.objects.filter(user=sysadmin, key=ADD).exists()
    assert "We kept what you typed" not in page_text(admin_client.get(ADD))


def test_changing_an_organisation_into_one_that_is_not_a_partnership_keeps_its_members_error(
    admin_client, sysadmin, organisation
):
    from threadline.core.services import organisation_create

    partnership = organisation_create(
        actor=sysadmin, name="P", type="safeguarding-partnership", nation="england", members=[organisation]
    )
    url = reverse("core:organisation_edit", kwargs={"pk": partnership.pk})
    response = admin_client.post(url, valid(name="P", type="police", members=[organisation.pk]))
    assert field_error(response, "id_members").startswith("Only a safeguarding partnership")
    partnership.refresh_from_db()
    assert partnership.type == "safeguarding-partnership"


def test_a_description_longer_than_allowed_is_refused_in_plain_words(admin_client):
    response = admin_client.post(ADD, valid(description="x" * 20001))
    assert (
        field_error(response, "id_description") == "About the organisation must be 20,000 characters or fewer"
    )
