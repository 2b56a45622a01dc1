"""Each page answers each role: 200 for the roles that may see it, 403 for a page their role
does not allow, and 404 for a record of another organisation."""

import pytest
from django.urls import reverse

from threadline.core.models import Role

pytestmark = pytest.mark.django_db

PEOPLE = ("sysadmin", "manager", "practitioner", "stranger")

# page -> expected status for (sysadmin, manager, practitioner, stranger); the stranger is a
# service manager of another organisation.
PAGES = {
    "home": (200, 200, 200, 200),
    "account": (200, 200, 200, 200),
    "guide": (200, 200, 200, 200),
    "guide for practitioners": (200, 200, 200, 200),
    "guide for system administrators": (200, 200, 200, 200),
    "organisation list": (200, 200, 200, 200),
    "own organisation": (200, 200, 200, 404),
    "other organisation": (200, 404, 404, 200),
    "add an organisation": (200, 403, 403, 403),
    "change own organisation": (200, 403, 403, 403),
    "people list": (200, 403, 403, 403),
    "add a person": (200, 403, 403, 403),
    "the practitioner": (200, 200, 200, 404),
    "the manager": (200, 200, 404, 404),
    "the stranger": (200, 404, 404, 200),
    "change the practitioner": (200, 403, 403, 403),
    "the practitioner's roles": (200, 403, 403, 403),
    "audit log": (200, 200, 403, 200),
    "audit log export": (200, 200, 403, 200),
}


@pytest.fixture
def everyone(request):
    return {name: request.getfixturevalue(name) for name in PEOPLE}


def url_of(page, people, organisation, other_organisation):
    practitioner = people["practitioner"]
    return {
        "home": reverse("core:home"),
        "account": reverse("core:account"),
        "guide": reverse("core:guide"),
        "guide for practitioners": reverse("core:guide_role", kwargs={"role": Role.PRACTITIONER}),
        "guide for system administrators": reverse(
            "core:guide_role", kwargs={"role": Role.SYSTEM_ADMINISTRATOR}
        ),
        "organisation list": reverse("core:organisation_list"),
        "own organisation": organisation.get_absolute_url(),
        "other organisation": other_organisation.get_absolute_url(),
        "add an organisation": reverse("core:organisation_create"),
        "change own organisation": reverse("core:organisation_edit", kwargs={"pk": organisation.pk}),
        "people list": reverse("core:person_list"),
        "add a person": reverse("core:person_create"),
        "the practitioner": practitioner.get_absolute_url(),
        "the manager": people["manager"].get_absolute_url(),
        "the stranger": people["stranger"].get_absolute_url(),
        "change the practitioner": reverse("core:person_edit", kwargs={"pk": practitioner.pk}),
        "the practitioner's roles": reverse("core:person_roles", kwargs={"pk": practitioner.pk}),
        "audit log": reverse("core:audit_log"),
        "audit log export": reverse("core:audit_export"),
    }[page]


@pytest.mark.parametrize("page", sorted(PAGES))
def test_each_page_answers_each_role_as_its_policy_says(
    client, page, everyone, organisation, other_organisation
):
    url = url_of(page, everyone, organisation, other_organisation)
    answers = {}
    for who in PEOPLE:
        client.force_login(everyone[who])
        answers[who] = client.get(url).status_code
        client.logout()
    assert answers == dict(zip(PEOPLE, PAGES[page], strict=True)), url


@pytest.mark.parametrize("page", sorted(PAGES))
def test_each_page_sends_a_signed_out_person_to_sign_in(
    client, page, everyone, organisation, other_organisation
):
    url = url_of(page, everyone, organisation, other_organisation)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


def test_a_guide_for_a_role_that_does_not_exist_is_not_found(client, practitioner):
    client.force_login(practitioner)
    assert client.get(reverse("core:guide_role", kwargs={"role": "astronaut"})).status_code == 404


def test_every_role_has_a_guide_page(client, practitioner):
    client.force_login(practitioner)
    for role in Role:
        response = client.get(reverse("core:guide_role", kwargs={"role": role.value}))
        assert response.status_code == 200, role


@pytest.mark.parametrize(
    "url_name", ["core:person_status", "core:person_set_up_link", "core:person_sign_out"]
)
def test_actions_on_a_person_answer_only_a_post(client, sysadmin, practitioner, url_name):
    client.force_login(sysadmin)
    assert client.get(reverse(url_name, kwargs={"pk": practitioner.pk})).status_code == 405


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        ("core:person_status", {"active": "no"}),
        ("core:person_set_up_link", {}),
        ("core:person_sign_out", {}),
    ],
)
def test_actions_on_a_person_are_refused_to_a_service_manager(client, manager, practitioner, url_name, data):
    salt = practitioner.session_salt
    client.force_login(manager)
    assert client.post(reverse(url_name, kwargs={"pk": practitioner.pk}), data).status_code == 403
    practitioner.refresh_from_db()
    assert practitioner.is_active and practitioner.session_salt == salt


def test_an_administrator_deactivates_and_reactivates_a_person_from_their_page(
    client, sysadmin, practitioner
):
    client.force_login(sysadmin)
    url = reverse("core:person_status", kwargs={"pk": practitioner.pk})
    response = client.post(url, {"active": "no"}, follow=True)
    assert "Pat Practitioner deactivated and signed out everywhere" in response.content.decode()
    assert "Deactivated" in response.content.decode()
    practitioner.refresh_from_db()
    assert practitioner.is_active is False
    response = client.post(url, {"active": "yes"}, follow=True)
    assert "Pat Practitioner reactivated" in response.content.decode()
    practitioner.refresh_from_db()
    assert practitioner.is_active is True


def test_an_administrator_sees_the_person_actions_and_a_manager_does_not(
    client, sysadmin, manager, practitioner
):
    client.force_login(sysadmin)
    page = client.get(practitioner.get_absolute_url()).content.decode()
    assert "Deactivate account" in page and "Sign out on every device" in page
    client.force_login(manager)
    page = client.get(practitioner.get_absolute_url()).content.decode()
    assert "Pat Practitioner" in page
    assert "Deactivate account" not in page and "Sign out on every device" not in page
