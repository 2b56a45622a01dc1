"""Adding and changing people: errors in GOV.UK words, one set-up e-mail, and an
administrator who cannot lock themselves out."""

import re

import pytest
from django.urls import reverse

from threadline.core.models import Membership, Role, User
from threadline.core.services import person_set_roles
from threadline.core.services.people import PersonRuleError

from .support import error_summary, field_error, page_text, page_title

pytestmark = pytest.mark.django_db

ADD = "/people/new"


@pytest.fixture
def admin_client(client, sysadmin):
    client.force_login(sysadmin)
    return client


def new_person(organisation, **overrides):
    data = {
        "full_name": "Nia New",
        "email": "nia.new@example.test",
        "job_title": "Reviewer",
        "organisation": organisation.pk,
        "roles": [Role.REVIEWER, Role.PRACTITIONER],
    }
    return {**data, **overrides}


def test_adding_a_person_sends_exactly_one_email_with_a_set_up_link(
    admin_client, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(ADD, new_person(organisation))
    person = User.objects.get(email="nia.new@example.test")
    assert response["Location"] == person.get_absolute_url()
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["nia.new@example.test"]
    assert email.subject == "Threadline: set up your account"
    links = re.findall(r"http://testserver(/account/password/reset/key/\S+/)", email.body)
    assert len(links) == 1
    assert set(person.roles_in(organisation)) == {"reviewer", "practitioner"}
    assert not person.has_usable_password()


def test_the_set_up_link_opens_the_choose_a_password_page(
    client, admin_client, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(ADD, new_person(organisation))
    link = re.search(r"http://testserver(/account/password/reset/key/\S+/)", mailoutbox[0].body).group(1)
    admin_client.logout()
    response = client.get(link, follow=True)
    assert response.status_code == 200
    assert 'name="password1"' in page_text(response)


def test_no_email_is_sent_until_the_new_person_is_saved(admin_client, organisation, mailoutbox):
    # The e-mail is sent on commit; inside the test's transaction nothing has committed.
    admin_client.post(ADD, new_person(organisation))
    assert mailoutbox == []


def test_the_success_message_says_the_person_was_emailed(admin_client, organisation):
    response = admin_client.post(ADD, new_person(organisation), follow=True)
    assert "Nia New added. We have e-mailed them a link to set up their account." in page_text(response)


def test_an_email_address_already_in_use_is_refused_next_to_the_email_field(
    admin_client, organisation, practitioner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(ADD, new_person(organisation, email="PAT@example.test"))
    assert response.status_code == 200
    assert field_error(response, "id_email") == "A person with this e-mail address already exists"
    assert error_summary(response) == ["A person with this e-mail address already exists"]
    assert page_title(response) == "Error: Add a person – Threadline"
    assert 'value="Nia New"' in page_text(response)
    assert User.objects.filter(email__iexact="pat@example.test").count() == 1
    assert mailoutbox == []


def test_a_person_without_roles_is_refused(admin_client, organisation):
    response = admin_client.post(ADD, new_person(organisation, roles=[]))
    assert field_error(response, "id_roles") == "Select at least one role"
    assert "There is a problem" in page_text(response)
    assert not User.objects.filter(email="nia.new@example.test").exists()


def test_an_email_address_in_the_wrong_format_is_refused(admin_client, organisation):
    response = admin_client.post(ADD, new_person(organisation, email="nia at example"))
    assert field_error(response, "id_email") == (
        "Enter an e-mail address in the correct format, like name@example.gov.uk"
    )
    assert not User.objects.filter(full_name="Nia New").exists()


def test_every_missing_answer_is_listed_in_the_error_summary(admin_client):
    # What a browser sends for the empty form: the text boxes and the select, no checkboxes.
    response = admin_client.post(ADD, {"full_name": "", "email": "", "job_title": "", "organisation": ""})
    assert error_summary(response) == [
        "Enter the person's full name",
        "Enter the person's e-mail address",
        "Select the person's organisation",
        "Select at least one role",
    ]


def test_changing_a_persons_email_to_one_in_use_is_refused(admin_client, practitioner, manager):
    url = reverse("core:person_edit", kwargs={"pk": practitioner.pk})
    response = admin_client.post(url, {"full_name": "Pat", "email": "manager@example.test", "job_title": ""})
    assert field_error(response, "id_email") == "A person with this e-mail address already exists"
    practitioner.refresh_from_db()
    assert practitioner.email == "pat@example.test"


def test_an_administrator_changes_a_persons_roles_from_the_roles_page(
    admin_client, practitioner, organisation
):
    url = reverse("core:person_roles", kwargs={"pk": practitioner.pk})
    page = page_text(admin_client.get(url, {"organisation": organisation.pk}))
    assert 'value="practitioner" checked' in page
    response = admin_client.post(
        url, {"organisation": organisation.pk, "roles": [Role.REVIEW_CHAIR]}, follow=True
    )
    assert "Pat Practitioner's roles updated" in page_text(response)
    assert set(Membership.objects.filter(user=practitioner).values_list("role", flat=True)) == {
        "review-chair"
    }


def test_an_administrator_cannot_remove_their_own_last_system_administrator_role(
    admin_client, sysadmin, admin_org
):
    url = reverse("core:person_roles", kwargs={"pk": sysadmin.pk})
    response = admin_client.post(url, {"organisation": admin_org.pk, "roles": [Role.PRACTITIONER]})
    assert response.status_code == 200
    assert field_error(response, "id_roles") == "You cannot remove your own system administrator role"
    assert page_title(response).startswith("Error: ")
    sysadmin.forget_roles()
    assert sysadmin.is_system_administrator
    assert set(sysadmin.roles_in(admin_org)) == {"system-administrator"}


def test_an_administrator_may_drop_the_role_in_one_organisation_while_holding_it_in_another(
    sysadmin, admin_org, organisation
):
    person_set_roles(
        actor=sysadmin, person=sysadmin, organisation=organisation, roles=[Role.SYSTEM_ADMINISTRATOR]
    )
    person_set_roles(actor=sysadmin, person=sysadmin, organisation=admin_org, roles=[])
    sysadmin.forget_roles()
    assert sysadmin.organisation_ids_with_role(Role.SYSTEM_ADMINISTRATOR) == {organisation.pk}


def test_an_unknown_role_is_refused_by_the_service(sysadmin, practitioner, organisation):
    with pytest.raises(PersonRuleError, match="Unknown role: astronaut"):
        person_set_roles(actor=sysadmin, person=practitioner, organisation=organisation, roles=["astronaut"])


def test_an_administrator_cannot_deactivate_themselves(admin_client, sysadmin):
    url = reverse("core:person_status", kwargs={"pk": sysadmin.pk})
    response = admin_client.post(url, {"active": "no"}, follow=True)
    assert "You cannot deactivate your own account" in page_text(response)
    sysadmin.refresh_from_db()
    assert sysadmin.is_active is True
    assert admin_client.get(reverse("core:home")).status_code == 200


def test_an_administrators_own_page_offers_no_deactivate_button(admin_client, sysadmin):
    page = page_text(admin_client.get(sysadmin.get_absolute_url()))
    assert "Deactivate account" not in page
