"""Nothing typed is lost: autosave while typing, and text submitted after the session ran
out comes back on the same form once the person has signed in again."""

import re

import pytest
from django.urls import reverse

from threadline.core.drafts import PENDING_RETURN, _read_pending
from threadline.core.models import Draft, Organisation, Role
from threadline.core.testing import make_person

from .support import PASSWORD, page_text, sign_in

pytestmark = pytest.mark.django_db

ADD = "/organisations/new"
AUTOSAVE = "/drafts/autosave"
DISCARD = "/drafts/discard"
TYPED = "Our safeguarding arrangements, written over an hour."
NOTICE = "We kept what you typed"


@pytest.fixture
def admin(admin_org):
    return make_person(admin_org, Role.SYSTEM_ADMINISTRATOR, email="ada@example.test", password=PASSWORD)


def test_autosave_keeps_what_the_person_is_typing_and_says_when(client, admin):
    client.force_login(admin)
    response = client.post(AUTOSAVE, {"draft_key": ADD, "name": "Eastfield", "description": TYPED})
    assert response.status_code == 200
    assert re.fullmatch(r"\d\d:\d\d:\d\d", response.json()["saved_at"])
    draft = Draft.objects.get(user=admin, key=ADD)
    assert draft.data == {"name": "Eastfield", "description": TYPED}


def test_autosaving_again_replaces_the_draft(client, admin):
    client.force_login(admin)
    client.post(AUTOSAVE, {"draft_key": ADD, "description": "first"})
    client.post(AUTOSAVE, {"draft_key": ADD, "description": "second"})
    assert list(Draft.objects.filter(user=admin).values_list("data", flat=True)) == [
        {"description": "second"}
    ]


def test_autosave_keeps_drafts_for_the_change_organisation_form_too(client, admin, organisation):
    client.force_login(admin)
    key = reverse("core:organisation_edit", kwargs={"pk": organisation.pk})
    assert client.post(AUTOSAVE, {"draft_key": key, "description": TYPED}).status_code == 200
    assert Draft.objects.filter(user=admin, key=key).exists()


@pytest.mark.parametrize("key", ["/people/new", "/", "/nowhere", "https://evil.test/organisations/new", ""])
def test_autosave_refuses_a_page_that_does_not_keep_drafts(client, admin, key):
    client.force_login(admin)
    response = client.post(AUTOSAVE, {"draft_key": key, "description": TYPED})
    assert response.status_code == 400
    assert response.json() == {"error": "this form does not keep drafts"}
    assert not Draft.objects.exists()


def test_autosave_only_answers_a_post(client, admin):
    client.force_login(admin)
    assert client.get(AUTOSAVE).status_code == 405


def test_a_signed_out_autosave_is_refused_but_the_text_is_kept_in_the_session(client):
    response = client.post(AUTOSAVE, {"draft_key": ADD, "description": TYPED})
    assert response.status_code == 401
    assert response.json() == {"error": "signed out"}
    assert _read_pending(client.session) == {ADD: {"description": TYPED}}
    assert not Draft.objects.exists()


def test_a_submit_after_the_session_ran_out_goes_to_sign_in_and_keeps_the_text(client):
    response = client.post(ADD, {"name": "Eastfield", "description": TYPED})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={ADD}"
    assert _read_pending(client.session) == {ADD: {"name": "Eastfield", "description": TYPED}}
    assert client.session[PENDING_RETURN] == ADD
    assert not Organisation.objects.filter(name="Eastfield").exists()


def test_after_signing_in_again_the_form_shows_the_kept_text_and_says_so(client, admin):
    client.post(ADD, {"name": "Eastfield", "description": TYPED})
    response = sign_in(client, "ada@example.test")
    assert response["Location"] == ADD
    assert Draft.objects.get(user=admin, key=ADD).data == {"name": "Eastfield", "description": TYPED}
    page = page_text(client.get(ADD))
    assert NOTICE in page
    assert f">{TYPED}</textarea>" in page
    assert 'value="Eastfield"' in page
    assert "There is a problem" not in page


def test_text_autosaved_while_signed_out_is_given_back_after_signing_in(client, admin):
    client.post(AUTOSAVE, {"draft_key": ADD, "description": TYPED})
    sign_in(client, "ada@example.test")
    assert Draft.objects.get(user=admin, key=ADD).data == {"description": TYPED}
    assert TYPED in page_text(client.get(ADD))


def test_kept_text_is_not_given_to_someone_who_signs_in_without_having_typed_it(client, admin, organisation):
    other = make_person(organisation, Role.SYSTEM_ADMINISTRATOR, email="oli@example.test", password=PASSWORD)
    sign_in(client, "oli@example.test")
    client.post(AUTOSAVE, {"draft_key": ADD, "description": TYPED})
    assert not Draft.objects.filter(user=admin).exists()
    assert Draft.objects.filter(user=other).exists()
    client.force_login(admin)
    assert NOTICE not in page_text(client.get(ADD))


def test_a_successful_submit_discards_the_draft(client, admin):
    client.force_login(admin)
    client.post(AUTOSAVE, {"draft_key": ADD, "description": TYPED})
    response = client.post(
        ADD, {"name": "Eastfield", "type": "police", "nation": "england", "description": TYPED}
    )
    assert response.status_code == 302
    assert Organisation.objects.get(name="Eastfield").description == TYPED
    assert not Draft.objects.filter(user=admin).exists()
    assert NOTICE not in page_text(client.get(ADD))


def test_discarding_a_draft_removes_it_and_returns_to_an_empty_form(client, admin):
    client.force_login(admin)
    client.post(AUTOSAVE, {"draft_key": ADD, "description": TYPED})
    assert NOTICE in page_text(client.get(ADD))
    response = client.post(DISCARD, {"draft_key": ADD})
    assert response["Location"] == ADD
    assert not Draft.objects.filter(user=admin).exists()
    page = page_text(client.get(ADD))
    assert NOTICE not in page and TYPED not in page


def test_discarding_with_a_key_of_another_page_goes_home_and_removes_nothing(client, admin):
    client.force_login(admin)
    client.post(AUTOSAVE, {"draft_key": ADD, "description": TYPED})
    response = client.post(DISCARD, {"draft_key": "https://evil.test/"})
    assert response["Location"] == reverse("core:home")
    assert Draft.objects.filter(user=admin).exists()


def test_a_person_only_discards_their_own_draft(client, admin, sysadmin):
    client.force_login(sysadmin)
    client.post(AUTOSAVE, {"draft_key": ADD, "description": "Sam's words"})
    client.force_login(admin)
    client.post(DISCARD, {"draft_key": ADD})
    assert Draft.objects.filter(user=sysadmin, key=ADD).exists()


def test_someone_who_may_not_add_organisations_keeps_no_draft_there(client, practitioner):
    client.force_login(practitioner)
    assert client.post(ADD, {"name": "Eastfield", "description": TYPED}).status_code == 403
    assert not Draft.objects.exists()
