"""The family pages as people use them: what they show, who may open them (403 within the
organisation, 404 outside it), every view audited, errors next to their fields with nothing
typed lost, and the merge screen when two people save the strategy at once."""

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from threadline.core.models import AuditAction, AuditEvent, Draft, Role
from threadline.core.testing import assert_isolated, make_person
from threadline.frameworks.tests.conftest import error_summary, field_error, page_text, page_title
from threadline.reviews.models import DraftReportFeedback, FamilyContact, FamilyLiaisonStrategy, FamilyView
from threadline.reviews.services import review_start
from threadline.reviews.services.family import (
    family_consent_record,
    family_contact_record,
    family_feedback_record,
    family_feedback_respond,
    family_strategy_save,
    family_view_record,
)

from .conftest import notified, on

pytestmark = pytest.mark.django_db

DAY = date(2025, 4, 3)


@pytest.fixture
def team_member(organisation):
    return make_person(organisation, Role.TEAM_MEMBER, full_name="Tariq Team", email="tariq@example.test")


def url(name, review, **kwargs):
    return reverse(f"reviews:{name}", kwargs={"pk": review.pk, **kwargs})


def client_for(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def date_parts(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def recorded(review, actor):
    """One of everything, as a family liaison worker would record it."""
    with on(DAY):
        family_strategy_save(
            actor=actor,
            review=review,
            base_version=0,
            liaison_people="Sofia Lind, reviewer\nGrace Adeyemi, key contact",
            strategy="Meet the mother at home first.",
        )
        family_contact_record(
            actor=actor,
            review=review,
            contacted_on=date(2025, 3, 20),
            family_member="Mother",
            made_by="Grace Adeyemi",
            method="letter",
            what_was_said="Letter sent inviting her to take part.",
        )
        family_contact_record(
            actor=actor,
            review=review,
            contacted_on=date(2025, 4, 1),
            family_member="Mother",
            made_by="Sofia Lind",
            method="in-person",
            what_was_said="She said nobody listened.\nShe wants the school to change.",
        )
        family_view_record(
            actor=actor,
            review=review,
            whose="",
            is_the_child=True,
            words="I wanted someone to ask me.\nNobody did.",
            captured_on=date(2025, 4, 2),
        )
        family_view_record(
            actor=actor,
            review=review,
            whose="Grandmother",
            is_the_child=False,
            words="He was let down.",
            captured_on=date(2025, 4, 2),
        )
        family_consent_record(
            actor=actor,
            review=review,
            person="Mother",
            subject="publication",
            status="given",
            on=date(2025, 3, 1),
        )
        family_consent_record(
            actor=actor,
            review=review,
            person="Mother",
            subject="publication",
            status="withdrawn",
            on=date(2025, 4, 1),
        )
        answered = family_feedback_record(
            actor=actor,
            review=review,
            from_whom="Mother",
            received_on=date(2025, 4, 1),
            feedback="Page 3 is wrong.",
        )
        family_feedback_respond(
            actor=actor, feedback=answered, response="Page 3 rewritten.", responded_on=DAY
        )
        family_feedback_record(
            actor=actor, review=review, from_whom="Father", received_on=date(2025, 4, 2), feedback="Too long."
        )


def test_the_family_page_shows_everything_recorded_with_words_as_said(manager, review):
    recorded(review, manager)
    with on(DAY):
        page = client_for(manager).get(url("family", review))
    body = page_text(page)
    assert page.status_code == 200
    assert (
        page_title(page) == f"The family and the child – review of {review.incident.reference} – Threadline"
    )
    assert "Sofia Lind, reviewer<br>Grace Adeyemi, key contact" in body
    assert "Version 1, saved by Mia Manager on 3 April 2025" in body
    contacts = re.findall(r'<th scope="row" class="govuk-table__header">(\d+ \w+ 2025)</th>', body)
    assert contacts[:2] == ["1 April 2025", "20 March 2025"], "contacts newest first"
    assert "She said nobody listened.<br>She wants the school to change." in body
    assert re.search(
        r'govuk-tag--purple">Child</strong>.*?I wanted someone to ask me.<br>Nobody did.', body, re.S
    )
    assert re.search(r'govuk-tag--blue">Family</strong>.*?He was let down.', body, re.S)
    assert re.search(r"Publication of the report</td>\s*<td[^>]*><strong[^>]*>Withdrawn</strong>", body)
    assert "Given on 1 March 2025" in body, "the earlier decision is its history"
    assert "Page 3 rewritten." in body
    assert body.count("Awaiting a response") == 1
    assert f'href="/reviews/{review.pk}/family/strategy/"' in body


def test_every_view_of_the_family_page_is_audited(manager, review):
    client = client_for(manager)
    views = AuditEvent.objects.filter(actor=manager, action=AuditAction.VIEW, target_id=str(review.pk))
    client.get(url("family", review))
    client.get(url("family", review))
    assert views.count() == 2
    assert views.first().detail == {"family": "family"}


def test_someone_who_may_see_the_review_but_not_the_family_is_refused_and_it_is_audited(
    team_member, manager, review
):
    with on(DAY):
        received = family_feedback_record(
            actor=manager, review=review, from_whom="Mother", received_on=DAY, feedback="Private words"
        )
    client = client_for(team_member)
    assert client.get(review.get_absolute_url()).status_code == 200
    pages = [
        url(name, review)
        for name in (
            "family",
            "family_strategy",
            "family_contact_add",
            "family_view_add",
            "family_consent_add",
            "family_feedback_add",
        )
    ] + [url("family_feedback_respond", review, feedback_pk=received.pk)]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 403, page
        assert "Private words" not in page_text(response)
    assert client.post(url("family_contact_add", review), {"family_member": "x"}).status_code == 403
    refused = AuditEvent.objects.filter(actor=team_member, action=AuditAction.PERMISSION_DENIED)
    assert refused.count() == len(pages) + 1
    seen = AuditEvent.objects.filter(actor=team_member, action=AuditAction.VIEW).values_list(
        "detail", flat=True
    )
    assert not [detail for detail in seen if "family" in detail], "a refusal is not a view of the family"
    assert not FamilyContact.objects.exists()


def test_the_family_pages_answer_not_found_to_another_organisation(manager, review):
    with on(DAY):
        received = family_feedback_record(
            actor=manager, review=review, from_whom="Mother", received_on=DAY, feedback="Words"
        )
    for page in (
        url("family", review),
        url("family_strategy", review),
        url("family_contact_add", review),
        url("family_feedback_respond", review, feedback_pk=received.pk),
    ):
        assert_isolated(Client(), page, owner=manager)


def test_feedback_of_another_review_is_not_found_under_this_one(manager, organisation, yjs, review):
    other = notified(manager, organisation, yjs)
    with on(date(2025, 3, 4)):
        other_review = review_start(actor=manager, incident=other)
    with on(DAY):
        theirs = family_feedback_record(
            actor=manager, review=other_review, from_whom="Father", received_on=DAY, feedback="Other words"
        )
    response = client_for(manager).get(url("family_feedback_respond", review, feedback_pk=theirs.pk))
    assert response.status_code == 404


def test_a_contact_is_recorded_from_its_page(manager, review):
    client = client_for(manager)
    with on(DAY):
        response = client.post(
            url("family_contact_add", review),
            {
                **date_parts("contacted_on", date(2025, 4, 1)),
                "family_member": "Mother",
                "made_by": "Sofia Lind, reviewer",
                "method": "video",
                "what_was_said": "  She said:\r\n\r\n  “Nobody rang us.”  ",
            },
        )
    assert response.status_code == 302 and response.url == url("family", review)
    stored = FamilyContact.objects.get()
    assert stored.what_was_said == "She said:\n\n  “Nobody rang us.”"
    assert (stored.method, stored.contacted_on) == ("video", date(2025, 4, 1))


def test_each_mistake_is_shown_next_to_its_field_and_everything_typed_is_kept(manager, review):
    client = client_for(manager)
    with on(DAY):
        response = client.post(
            url("family_contact_add", review),
            {
                **date_parts("contacted_on", date(2025, 4, 9)),
                "family_member": "The child's uncle",
                "made_by": "",
                "method": "",
                "what_was_said": "",
            },
        )
    body = page_text(response)
    assert response.status_code == 200
    assert page_title(response).startswith("Error: ")
    assert field_error(response, "id_contacted_on") == "The date of the contact must be today or in the past"
    assert field_error(response, "id_made_by") == "Enter who made the contact"
    assert field_error(response, "id_method") == "Select how the contact was made"
    assert field_error(response, "id_what_was_said") == "Enter what the family said"
    assert field_error(response, "id_family_member") == ""
    assert error_summary(response) == [
        "The date of the contact must be today or in the past",
        "Enter who made the contact",
        "Select how the contact was made",
        "Enter what the family said",
    ]
    assert 'value="The child\'s uncle"' in body and 'value="9"' in body and 'value="2025"' in body
    assert not FamilyContact.objects.exists()


def test_a_date_that_is_not_real_is_named_next_to_it(manager, review):
    with on(DAY):
        response = client_for(manager).post(
            url("family_view_add", review),
            {
                "captured_on_0": "31",
                "captured_on_1": "2",
                "captured_on_2": "2025",
                "is_the_child": "yes",
                "words": "Hi",
            },
        )
    assert field_error(response, "id_captured_on") == "The date the views were captured must be a real date"
    assert ">Hi</textarea>" in page_text(response)


@pytest.mark.parametrize(
    ("name", "post", "field", "message"),
    [
        ("family_view_add", {"is_the_child": "no", "words": "x"}, "id_whose", "Enter whose views these are"),
        (
            "family_view_add",
            {"whose": "Aunt"},
            "id_is_the_child",
            "Select whether these are the child's own words",
        ),
        ("family_view_add", {"is_the_child": "yes"}, "id_words", "Enter their views in their own words"),
        ("family_consent_add", {"person": "Mother"}, "id_subject", "Select what the consent is for"),
        (
            "family_consent_add",
            {"person": "Mother"},
            "id_status",
            "Select whether consent was given, refused or withdrawn",
        ),
        ("family_consent_add", {"subject": "publication"}, "id_person", "Enter whose consent this is"),
        ("family_consent_add", {"person": "Mother"}, "id_on", "Enter the date of the consent"),
        (
            "family_feedback_add",
            {"feedback": "x"},
            "id_from_whom",
            "Enter who in the family gave the feedback",
        ),
        (
            "family_feedback_add",
            {"from_whom": "Mother"},
            "id_feedback",
            "Enter the family's feedback on the draft report",
        ),
        (
            "family_feedback_add",
            {"from_whom": "Mother"},
            "id_received_on",
            "Enter the date the feedback was received",
        ),
        (
            "family_strategy",
            {"base_version": "0", "strategy": "x"},
            "id_liaison_people",
            "Enter who liaises with the family",
        ),
        (
            "family_strategy",
            {"base_version": "0", "liaison_people": "x"},
            "id_strategy",
            "Enter the family liaison strategy",
        ),
    ],
)
def test_every_required_part_has_its_own_message_next_to_it(manager, review, name, post, field, message):
    with on(DAY):
        response = client_for(manager).post(url(name, review), post)
    assert response.status_code == 200
    assert field_error(response, field) == message
    for value in post.values():
        if value not in ("0", "yes", "no", "publication"):
            assert value in page_text(response)


def test_feedback_awaits_a_response_until_what_was_done_is_recorded(manager, review):
    client = client_for(manager)
    with on(DAY):
        added = client.post(
            url("family_feedback_add", review),
            {
                **date_parts("received_on", date(2025, 4, 2)),
                "from_whom": "Mother",
                "feedback": "Page 3\nis wrong.",
            },
        )
        assert added.status_code == 302
        item = DraftReportFeedback.objects.get()
        assert "Awaiting a response" in page_text(client.get(url("family", review)))
        respond = url("family_feedback_respond", review, feedback_pk=item.pk)
        shown = client.get(respond)
        assert "Page 3<br>is wrong." in page_text(shown)
        too_early = client.post(
            respond, {**date_parts("responded_on", date(2025, 4, 1)), "response": "Rewritten"}
        )
        assert (
            field_error(too_early, "id_responded_on")
            == "The response cannot be before the feedback was received on 2 April 2025"
        )
        assert ">Rewritten</textarea>" in page_text(too_early)
        done = client.post(respond, {**date_parts("responded_on", DAY), "response": "Page 3 rewritten"})
        assert done.status_code == 302
        body = page_text(client.get(url("family", review)))
    assert "Awaiting a response" not in body and "Page 3 rewritten" in body and "On 3 April 2025" in body


def test_a_consent_and_views_are_recorded_from_their_pages(manager, review):
    client = client_for(manager)
    with on(DAY):
        client.post(
            url("family_consent_add", review),
            {**date_parts("on", DAY), "person": "Mother", "subject": "views-in-report", "status": "refused"},
        )
        client.post(
            url("family_view_add", review),
            {**date_parts("captured_on", DAY), "is_the_child": "yes", "words": "Line one\nLine two"},
        )
        body = page_text(client.get(url("family", review)))
    assert re.search(r"Their views being quoted in the report</td>\s*<td[^>]*><strong[^>]*>Refused", body)
    assert "Line one<br>Line two" in body
    assert FamilyView.objects.get().whose == "The child"


def test_typing_on_the_strategy_page_is_kept_as_a_draft(manager, review):
    client = client_for(manager)
    strategy_url = url("family_strategy", review)
    client.post(strategy_url, {"base_version": "0", "strategy": "Half-written plan"})
    draft = Draft.objects.get(user=manager, key=strategy_url)
    assert draft.data["strategy"] == "Half-written plan"
    again = page_text(client.get(strategy_url))
    assert "We kept what you typed" in again and ">Half-written plan</textarea>" in again


def strategy_post(version, base, yours):
    return {
        "base_version": str(version),
        "base_liaison_people": base[0],
        "base_strategy": base[1],
        "liaison_people": yours[0],
        "strategy": yours[1],
    }


def test_two_people_saving_the_strategy_at_once_merge_instead_of_overwriting(manager, reviewer, review):
    first = ("Sofia", "Meet at home.")
    with on(DAY):
        family_strategy_save(
            actor=manager, review=review, base_version=0, liaison_people=first[0], strategy=first[1]
        )
    mia, sofia = client_for(manager), client_for(reviewer)
    strategy_url = url("family_strategy", review)
    opened = page_text(mia.get(strategy_url))
    assert (
        'name="base_version" value="1"' in opened and 'name="base_strategy" value="Meet at home."' in opened
    )
    assert (
        sofia.post(
            strategy_url, strategy_post(1, first, ("Sofia and Grace", "Meet at home. Sofia"))
        ).status_code
        == 302
    )
    clash = mia.post(strategy_url, strategy_post(1, first, ("Sofia", "Meet at home. Mia")))
    body = page_text(clash)
    assert clash.status_code == 200
    assert "Sofia Lind changed the family liaison strategy while you were editing" in body
    assert "Sofia Lind’s changes to ‘Who liaises with the family’ are kept" in body
    assert "Meet at home. Sofia" in body and "Meet at home. Mia" in body
    assert FamilyLiaisonStrategy.objects.get().strategy == "Meet at home. Sofia", "nothing is overwritten"
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', body))
    unchosen = mia.post(strategy_url, hidden)
    assert field_error(unchosen, "choice-strategy") == "Select which text to keep"
    merged = mia.post(
        strategy_url,
        {**hidden, "choice-strategy": "combine", "combined-strategy": "Meet at home.\nSofia and Mia agree."},
    )
    assert merged.status_code == 302
    saved = FamilyLiaisonStrategy.objects.get()
    assert (saved.version, saved.liaison_people, saved.strategy) == (
        3,
        "Sofia and Grace",
        "Meet at home.\nSofia and Mia agree.",
    )
