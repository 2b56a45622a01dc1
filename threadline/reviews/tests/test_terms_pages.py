"""The terms of reference pages with the test client: writing them (errors next to their fields,
nothing typed lost, drafts kept), versions and their agreement, comparing two versions, the
merge screen when two people save at once, and who may see and do what."""

import re
from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from threadline.core.drafts import path_keeps_drafts
from threadline.core.models import Role
from threadline.core.selectors import draft_for
from threadline.core.testing import assert_isolated, make_person
from threadline.frameworks.tests.conftest import error_summary, field_error, page_text, page_title
from threadline.incidents.tests.builders import ENGLISH, framework_version, london
from threadline.reviews.models import TermsOfReference
from threadline.reviews.services import review_start
from threadline.reviews.services.terms import review_terms_agree, review_terms_save

from .conftest import notified, on

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    """The pages are used on 20 March 2025 (sessions would time out across a jump in time)."""
    with on(date(2025, 3, 20)):
        yield


TERMS = {
    "key-lines-of-enquiry": "How was the risk of exploitation shared between agencies?",
    "scope-from": "2022-03-01",
    "scope-to": "2025-03-01",
    "agencies": "Midshire Police",
    "methods": ["partner-led-workshop"],
    "method-rationale": "The practitioners know the case best.",
    "timescale": "Six months",
}


def url(review, name="terms", **kwargs):
    return reverse(f"reviews:{name}", kwargs={"pk": review.pk, **kwargs})


def client_for(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def day_parts(name, day: date) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def form(base_version=0, **changes) -> dict:
    posted = {
        "base_version": str(base_version),
        "key-lines-of-enquiry": TERMS["key-lines-of-enquiry"],
        **day_parts("scope-from", date(2022, 3, 1)),
        **day_parts("scope-to", date(2025, 3, 1)),
        "agencies": "Midshire Police",
        "methods": ["partner-led-workshop"],
        "method-rationale": "The practitioners know the case best.",
        "timescale": "Six months",
    }
    return {**posted, **changes}


def save(actor, review, base, **changes):
    with on(date(2025, 3, 20)):
        return review_terms_save(actor=actor, review=review, values={**TERMS, **changes}, base_version=base)


def checked(response) -> list[str]:
    return re.findall(r'name="methods" type="checkbox" value="([^"]+)" checked', page_text(response))


def test_before_anything_is_saved_the_page_says_so_and_offers_to_write_them(manager, review):
    response = client_for(manager).get(url(review))
    assert response.status_code == 200
    body = page_text(response)
    assert "No terms of reference have been saved yet." in body
    assert "Write the terms of reference" in body
    assert (
        page_title(response)
        == f"Terms of reference of the review of {review.incident.reference} – Threadline"
    )


def test_a_new_terms_of_reference_starts_from_the_incident_with_the_catalogue_of_methods(manager, review):
    response = client_for(manager).get(url(review, "terms_edit"))
    body = page_text(response)
    assert 'id="id_scope-from" name="scope-from_0" type="text" inputmode="numeric" value="1"' in body
    assert 'name="scope-from_2" type="text" inputmode="numeric" value="2022"' in body
    assert 'name="scope-to_2" type="text" inputmode="numeric" value="2025"' in body
    assert "Single-agency audit" in body and "Systems methodology" in body
    assert "These are the methods the review&#x27;s framework allows" not in response.content.decode()
    assert path_keeps_drafts(url(review, "terms_edit"))


def test_a_framework_with_methods_offers_only_those(manager, organisation):
    incident = notified(manager, organisation, framework_version(ENGLISH))
    with time_machine.travel(london(2025, 3, 4, 9, 0), tick=False):
        review = review_start(actor=manager, incident=incident)
    body = page_text(client_for(manager).get(url(review, "terms_edit")))
    assert "Partner-led workshop" in body and "Children and young people outreach" in body
    assert "Systems methodology" not in body
    assert "These are the methods the review's framework allows." in body


def test_mistakes_are_shown_next_to_their_fields_and_everything_typed_is_kept(manager, review):
    client = client_for(manager)
    response = client.post(
        url(review, "terms_edit"),
        form(
            **day_parts("scope-from", date(2025, 4, 1)),
            **{"method-rationale": "", "key-lines-of-enquiry": "Typed and not lost"},
            methods=["partner-led-workshop", "learning-together"],
        ),
    )
    assert response.status_code == 200
    assert page_title(response).startswith("Error: ")
    assert field_error(response, "id_scope-from") == "The start of the scope period must be before its end"
    assert field_error(response, "id_method-rationale") == "Enter why these methods were chosen"
    assert error_summary(response) == [
        "The start of the scope period must be before its end",
        "Enter why these methods were chosen",
    ]
    body = page_text(response)
    assert ">Typed and not lost</textarea>" in body
    assert 'name="scope-from_1" type="text" inputmode="numeric" value="4"' in body
    assert checked(response) == ["partner-led-workshop", "learning-together"]
    assert not TermsOfReference.objects.exists()
    assert draft_for(manager, url(review, "terms_edit")) is not None, "what was typed is kept as a draft"
    again = client.get(url(review, "terms_edit"))
    assert ">Typed and not lost</textarea>" in page_text(again)
    assert "It has not been saved yet." in page_text(again)


def test_a_date_that_is_not_real_is_named_next_to_it(manager, review):
    response = client_for(manager).post(
        url(review, "terms_edit"), form(**{"scope-to_0": "31", "scope-to_1": "2", "scope-to_2": "2025"})
    )
    assert field_error(response, "id_scope-to") == "The end of the scope period must be a real date"
    assert 'name="scope-to_0" type="text" inputmode="numeric" value="31"' in page_text(response)


def test_saving_makes_version_1_shown_with_its_parts_and_not_yet_agreed(manager, review):
    client = client_for(manager)
    saved = client.post(url(review, "terms_edit"), form())
    assert saved.status_code == 302 and saved.url == url(review)
    assert draft_for(manager, url(review, "terms_edit")) is None
    body = page_text(client.get(url(review)))
    assert "Terms of reference saved as version 1" in body
    assert "1, saved on 20 March 2025 at 12:00 by Mia Manager" in body
    assert "Not agreed</strong>" in body
    assert "1 March 2022" in body and "Partner-led workshop" in body and "Midshire Police" in body
    assert "Record that version 1 was agreed" in body
    edit = page_text(client.get(url(review, "terms_edit")))
    assert "You are changing version 1. Saving makes version 2" in edit
    assert checked(client.get(url(review, "terms_edit"))) == ["partner-led-workshop"]


def test_agreeing_a_version_and_changing_it_afterwards_show_on_the_page(manager, chair, review):
    save(manager, review, 0)
    client = client_for(chair)
    agree_url = url(review, "terms_agree")
    refused = client.post(
        agree_url, {"version": "1", "agreed_by": "", **day_parts("agreed_on", date(2025, 3, 21))}
    )
    assert refused.status_code == 200
    assert field_error(refused, "id_agreed_by") == "Enter who agreed the terms of reference"
    assert field_error(refused, "id_agreed_on") == "The date they were agreed must be today or in the past"
    assert 'name="agreed_on_0" type="text" inputmode="numeric" value="21"' in page_text(refused)
    done = client.post(
        agree_url,
        {
            "version": "1",
            "agreed_by": "the partnership executive",
            **day_parts("agreed_on", date(2025, 3, 20)),
        },
    )
    assert done.status_code == 302
    body = page_text(client.get(url(review)))
    assert "Agreed</strong> by the partnership executive on 20 March 2025" in body
    assert "Record that version" not in body
    save(manager, review, 1, timescale="Nine months")
    body = page_text(client.get(url(review)))
    assert "Changed since version 1 was agreed</strong>" in body
    assert "Version 1 was agreed by the partnership executive on 20 March 2025." in body
    assert "Record that version 2 was agreed" in body
    agree_page = page_text(client.get(agree_url))
    assert 'value="2" checked' in agree_page and 'value="1"' not in agree_page


def test_the_agree_page_without_versions_says_to_save_first(manager, review):
    body = page_text(client_for(manager).get(url(review, "terms_agree")))
    assert "No terms of reference have been saved yet: save them before" in body
    assert "Record the agreement" not in body


def test_comparing_shows_the_words_added_and_removed_accessibly(manager, reviewer, review):
    save(manager, review, 0)
    asked = {"key-lines-of-enquiry": "How was the risk of criminal exploitation shared?"}
    save(reviewer, review, 1, **asked)
    save(manager, review, 2, methods=["partner-led-workshop", "partner-report"], **asked)
    client = client_for(manager)
    latest = page_text(client.get(url(review, "terms_compare")))
    assert "Changes from version 2 to version 3" in latest
    assert "1 of 7 parts changed" in latest
    assert (
        '<ins class="threadline-ins"><span class="govuk-visually-hidden">added: </span><br>Partner report</ins>'
        in latest
    )
    response = client.get(url(review, "terms_compare") + "?older=1&newer=2")
    body = page_text(response)
    assert "Changes from version 1 to version 2" in body
    assert (
        '<ins class="threadline-ins"><span class="govuk-visually-hidden">added: </span>criminal </ins>'
        in body
    )
    assert (
        '<del class="threadline-del"><span class="govuk-visually-hidden">removed: </span>shared between agencies?</del>'
        in body
    )
    assert "Not changed" in body


def test_choosing_versions_to_compare_badly_is_named_next_to_the_choice(manager, review):
    save(manager, review, 0)
    save(manager, review, 1, timescale="Nine months")
    client = client_for(manager)
    same = client.get(url(review, "terms_compare") + "?older=2&newer=2")
    assert same.status_code == 200
    assert field_error(same, "id_newer") == "Choose two different versions"
    assert "Changes from" not in page_text(same)
    missing = client.get(url(review, "terms_compare") + "?older=7&newer=2")
    assert field_error(missing, "id_older") == "Choose a saved version"


def test_comparing_with_one_version_says_there_is_nothing_to_compare(manager, review):
    save(manager, review, 0)
    body = page_text(client_for(manager).get(url(review, "terms_compare")))
    assert "There is nothing to compare yet" in body


def test_a_version_has_its_own_page_and_a_number_that_does_not_exist_is_not_found(manager, chair, review):
    save(manager, review, 0)
    save(manager, review, 1, timescale="Nine months")
    with on(date(2025, 4, 10)):
        review_terms_agree(
            actor=chair,
            review=review,
            version=1,
            agreed_by="the partnership executive",
            agreed_on=date(2025, 4, 4),
        )
    client = client_for(manager)
    body = page_text(client.get(url(review, "terms_version", number=1)))
    assert page_title(client.get(url(review, "terms_version", number=1))).startswith("Version 1 of the terms")
    assert "Terms of reference, version 1" in body and "Six months" in body and "Nine months" not in body
    assert "Agreed</strong> by the partnership executive on 4 April 2025 (recorded by Ruth Chair" in body
    assert "Record that version 1 was agreed" not in body
    second = page_text(client.get(url(review, "terms_version", number=2)))
    assert "Record that version 2 was agreed" in second and "Compare with version 1" in second
    assert client.get(url(review, "terms_version", number=3)).status_code == 404


def test_a_stale_save_shows_what_changed_and_the_person_merges_part_by_part(manager, reviewer, review):
    save(manager, review, 0)
    mia = client_for(manager)
    assert 'name="base_version" value="1"' in page_text(mia.get(url(review, "terms_edit")))
    save(reviewer, review, 1, **{"key-lines-of-enquiry": "Sofia's questions", "agencies": "Sofia's agencies"})
    refused = mia.post(
        url(review, "terms_edit"),
        form(1, **{"key-lines-of-enquiry": "Mia's questions", "timescale": "Mia's timescale"}),
    )
    body = page_text(refused)
    assert refused.status_code == 200
    assert "Sofia Lind changed the terms of reference while you were editing" in body
    assert "Which text do you want to keep for ‘Key lines of enquiry’?" in body
    assert re.findall(r'<h2 class="govuk-heading-m">(.*?)</h2>', body) == ["Key lines of enquiry"]
    assert "Sofia Lind’s changes to Agencies involved are kept" in body
    assert TermsOfReference.objects.get(review=review).data["key-lines-of-enquiry"] == "Sofia's questions"

    posted = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', body))
    posted.pop("csrfmiddlewaretoken", None)
    assert posted["yours-methods"] == "partner-led-workshop"
    unchosen = mia.post(url(review, "terms_edit"), posted)
    assert error_summary(unchosen) == ["Select which text to keep"]
    posted.update(
        {
            "choice-key-lines-of-enquiry": "combine",
            "combined-key-lines-of-enquiry": "Sofia's questions\n\nMia's questions",
        }
    )
    assert mia.post(url(review, "terms_edit"), posted).status_code == 302
    terms = TermsOfReference.objects.get(review=review)
    assert terms.version == 3
    assert terms.data["key-lines-of-enquiry"] == "Sofia's questions\n\nMia's questions"
    assert terms.data["agencies"] == "Sofia's agencies" and terms.data["timescale"] == "Mia's timescale"
    assert terms.data["methods"] == ["partner-led-workshop"]


def test_methods_and_dates_both_changed_are_kept_one_or_the_other(manager, reviewer, review):
    save(manager, review, 0)
    save(reviewer, review, 1, methods=["partner-report"], **{"scope-from": "2021-03-01"})
    mia = client_for(manager)
    refused = mia.post(
        url(review, "terms_edit"),
        form(1, methods=["learning-together"], **day_parts("scope-from", date(2020, 3, 1))),
    )
    body = page_text(refused)
    assert "Which text do you want to keep for ‘Method’?" in body
    assert "Which text do you want to keep for ‘Scope period from’?" in body
    assert "Learning Together (SCIE systems model)" in body and "1 March 2021" in body
    assert "Combine them" not in body, "a choice of methods or a date is kept whole"
    posted = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', body))
    posted.pop("csrfmiddlewaretoken", None)
    posted.update({"choice-methods": "yours", "choice-scope-from": "theirs"})
    assert mia.post(url(review, "terms_edit"), posted).status_code == 302
    terms = TermsOfReference.objects.get(review=review)
    assert terms.data["methods"] == ["learning-together"] and terms.data["scope-from"] == "2021-03-01"


def test_people_who_may_see_but_not_change_are_refused(organisation, manager, reviewer, review):
    save(manager, review, 0)
    practitioner = client_for(make_person(organisation, Role.PRACTITIONER))
    assert practitioner.get(url(review)).status_code == 200
    body = page_text(practitioner.get(url(review)))
    assert "Change the terms of reference" not in body and "Record that version" not in body
    assert practitioner.get(url(review, "terms_edit")).status_code == 403
    assert practitioner.post(url(review, "terms_edit"), form(1)).status_code == 403
    assert practitioner.get(url(review, "terms_agree")).status_code == 403
    writer = client_for(reviewer)
    assert writer.get(url(review, "terms_edit")).status_code == 200
    assert writer.post(url(review, "terms_agree"), {"version": "1"}).status_code == 403
    assert TermsOfReference.objects.get(review=review).version == 1


def test_every_terms_page_is_not_found_for_another_organisation(client, manager, review):
    save(manager, review, 0)
    save(manager, review, 1, timescale="Nine months")
    for page in (
        url(review),
        url(review, "terms_edit"),
        url(review, "terms_version", number=1),
        url(review, "terms_compare"),
        url(review, "terms_agree"),
    ):
        assert_isolated(client, page, owner=manager)


def test_a_merge_that_breaks_a_rule_returns_to_the_form_with_the_merged_text(manager, reviewer, review):
    save(manager, review, 0)
    save(reviewer, review, 1, methods=[], **{"method-rationale": ""})
    mia = client_for(manager)
    refused = mia.post(url(review, "terms_edit"), form(1, methods=["partner-led-workshop", "partner-report"]))
    body = page_text(refused)
    assert "Which text do you want to keep for ‘Method’?" in body
    assert "Sofia Lind’s changes to Rationale for the method are kept" in body
    posted = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', body))
    posted.pop("csrfmiddlewaretoken", None)
    posted["choice-methods"] = "yours"
    response = mia.post(url(review, "terms_edit"), posted)
    assert response.status_code == 200
    assert field_error(response, "id_method-rationale") == "Enter why these methods were chosen"
    assert checked(response) == ["partner-led-workshop", "partner-report"]
    assert 'name="base_version" value="2"' in page_text(response)
    assert TermsOfReference.objects.get(review=review).version == 2


def test_a_version_asked_for_under_another_review_is_not_found(manager, organisation, review):
    save(manager, review, 0)
    incident = notified(manager, organisation, framework_version(ENGLISH))
    with time_machine.travel(london(2025, 3, 4, 9, 0), tick=False):
        other = review_start(actor=manager, incident=incident)
    client = client_for(manager)
    assert client.get(url(review, "terms_version", number=1)).status_code == 200
    assert client.get(url(other, "terms_version", number=1)).status_code == 404
