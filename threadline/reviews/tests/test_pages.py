"""The review pages as people use them with the test client: starting, the task list, a stage's
form with its errors, the merge screen when two people edit at once, decisions, reopening,
and the home panel."""

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from threadline.core.models import AuditEvent, Role
from threadline.core.testing import make_person
from threadline.frameworks.tests.conftest import error_summary, field_error, page_text, page_title
from threadline.reviews.domain.considerations import AREAS
from threadline.reviews.domain.records import area_field_name
from threadline.reviews.models import Review, StageRecord
from threadline.reviews.services import stage_record_save

from .conftest import ILR_VALUES, on

pytestmark = pytest.mark.django_db


def stage_url(review, key="initial-learning-review", action=""):
    url = reverse("reviews:stage", kwargs={"pk": review.pk, "stage_key": key})
    return f"{url}{action}/" if action else url


def client_for(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def date_parts(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def ilr_post(version, **changes):
    values = {**ILR_VALUES, **changes}
    post = {name: value for name, value in values.items() if name != "meeting-date"}
    post.update(date_parts("meeting-date", date.fromisoformat(values["meeting-date"])))
    post["base_version"] = str(version)
    return post


def test_the_reviews_page_lists_reviews_and_the_incidents_ready_for_one(client, manager, incident):
    client.force_login(manager)
    body = page_text(client.get(reverse("reviews:review_list")))
    assert f"Start a review of {incident.reference}" in body
    assert "There are no reviews you can see yet" in body
    assert '<a class="govuk-service-navigation__link" href="/reviews/"' in body


def test_a_manager_starts_a_review_from_its_confirmation_page(client, manager, incident):
    client.force_login(manager)
    url = reverse("reviews:start", kwargs={"pk": incident.pk})
    page = client.get(url)
    assert page.status_code == 200 and "Start the review" in page_text(page)
    response = client.post(url)
    review = Review.objects.get(incident=incident)
    assert response.status_code == 302 and response["Location"] == review.get_absolute_url()
    assert client.get(url)["Location"] == review.get_absolute_url(), "a second visit goes to the review"


def test_the_start_page_refuses_other_roles_and_hides_other_organisations(
    client, organisation, incident, stranger
):
    url = reverse("reviews:start", kwargs={"pk": incident.pk})
    client.force_login(make_person(organisation, Role.PRACTITIONER))
    assert client.get(url).status_code == 403
    client.force_login(stranger)
    assert client.get(url).status_code == 404


def test_the_task_list_shows_each_stage_with_status_deadline_and_who_completes_it(client, manager, review):
    client.force_login(manager)
    with on(date(2025, 3, 5)):
        response = client.get(review.get_absolute_url())
    body = page_text(response)
    assert '<ul class="govuk-task-list">' in body
    ilr = re.search(r'id="stage-initial-learning-review".*?</li>', body, re.S).group(0)
    assert "Not yet started" in ilr and "working days left" in ilr
    assert "Completed by: Service manager or head of service, or review chair" in ilr
    flr = re.search(r'id="stage-full-learning-review".*?</li>', body, re.S).group(0)
    assert "Cannot start yet" in flr and "govuk-task-list__link" not in flr
    notification = re.search(r'id="stage-notification".*?</li>', body, re.S).group(0)
    assert "Completed" in notification
    assert AuditEvent.objects.filter(actor=manager, action="view", target_id=str(review.pk)).exists()


def test_a_stage_waiting_for_a_date_on_the_incident_page_says_so(client, manager, organisation):
    from threadline.incidents.tests.builders import LOCAL, framework_version
    from threadline.reviews.services import review_start

    from .conftest import notified

    incident = notified(manager, organisation, framework_version(LOCAL))
    with on(date(2025, 3, 5)):
        review = review_start(actor=manager, incident=incident)
        client.force_login(manager)
        body = page_text(client.get(review.get_absolute_url()))
    preparation = re.search(r'id="stage-preparation".*?</li>', body, re.S).group(0)
    assert "Cannot start yet" in preparation
    assert "It starts once the decision to review is recorded on the incident page." in preparation
    # A stage waiting for an earlier stage needs no such words.
    action = re.search(r'id="stage-action".*?</li>', body, re.S).group(0)
    assert "Cannot start yet" in action and "incident page" not in action


def test_the_stage_page_asks_what_the_framework_records_and_the_nine_areas(client, manager, review):
    client.force_login(manager)
    body = page_text(client.get(stage_url(review)))
    for label in ("Meeting date", "Co-chairs", "Attendees", "Key information", "Immediate actions"):
        assert f">{label}<" in body or f">{label} " in body, label
    for area in AREAS:
        assert f'name="{area_field_name(area.key)}"' in body
        assert area.guidance[:40] in body
    assert 'data-autosave-url="/drafts/autosave"' in body


def test_saving_the_stage_keeps_a_version(client, manager, review):
    client.force_login(manager)
    response = client.post(
        stage_url(review), ilr_post(0, **{area_field_name("voice-of-the-child"): "Seen twice."})
    )
    assert response.status_code == 302
    record = StageRecord.objects.get(review=review)
    assert record.version == 1
    assert record.data["considerations"] == {"voice-of-the-child": "Seen twice."}
    assert record.data["meeting-date"] == "2025-03-12"


def test_the_second_to_save_sees_what_changed_chooses_and_saves_version_3(manager, reviewer, review):
    stage_record_save(
        actor=manager,
        review=review,
        stage=review.incident.framework_version.stages.get(key="initial-learning-review"),
        values=ILR_VALUES,
        base_version=0,
    )
    sofia, mia = client_for(reviewer), client_for(manager)
    assert 'name="base_version" value="1"' in page_text(sofia.get(stage_url(review)))
    assert 'name="base_version" value="1"' in page_text(mia.get(stage_url(review)))
    assert (
        sofia.post(stage_url(review), ilr_post(1, **{"key-information": "Sofia's account"})).status_code
        == 302
    )

    refused = mia.post(
        stage_url(review), ilr_post(1, **{"key-information": "Mia's account", "attendees": "Mia added"})
    )
    body = page_text(refused)
    assert refused.status_code == 200
    assert "Sofia Lind changed this stage while you were editing" in body
    assert "Sofia's account" in body and "Mia's account" in body
    assert "Which text do you want to keep for ‘Key information’?" in body
    assert "Attendees" not in re.findall(r'<h2 class="govuk-heading-m">(.*?)</h2>', body), (
        "only Mia changed it"
    )
    assert StageRecord.objects.get(review=review).data["key-information"] == "Sofia's account"

    form = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', body))
    form.pop("csrfmiddlewaretoken", None)
    unchosen = mia.post(stage_url(review), form)
    assert error_summary(unchosen) == ["Select which text to keep"]
    form.update(
        {"choice-key-information": "combine", "combined-key-information": "Sofia's account\n\nMia's account"}
    )
    assert mia.post(stage_url(review), form).status_code == 302
    record = StageRecord.objects.get(review=review)
    assert record.version == 3
    assert record.data["key-information"] == "Sofia's account\n\nMia's account"
    assert record.data["attendees"] == "Mia added"


def test_marking_complete_with_parts_missing_names_each_next_to_its_field(client, manager, review):
    client.force_login(manager)
    client.post(stage_url(review), {"immediate-actions": "Safety plan", "base_version": "0"})
    with on(date(2025, 3, 12)):
        response = client.post(stage_url(review, action="complete"), date_parts("done_on", date(2025, 3, 12)))
    assert response.status_code == 200
    assert page_title(response).startswith("Error: ")
    assert error_summary(response) == [
        "Enter the meeting date",
        "Enter the co-chairs",
        "Enter the attendees",
        "Enter the key information",
        "Enter the critical issues",
        "Enter the immediate learning",
    ]
    assert field_error(response, "id_attendees") == "Enter the attendees"
    assert "Safety plan" in page_text(response), "what was recorded is still there"


def test_marking_complete_takes_the_person_back_to_the_task_list(client, manager, review):
    client.force_login(manager)
    client.post(stage_url(review), ilr_post(0))
    with on(date(2025, 3, 12)):
        response = client.post(stage_url(review, action="complete"), date_parts("done_on", date(2025, 3, 12)))
        assert response.status_code == 302 and response["Location"] == review.get_absolute_url()
        body = page_text(client.get(stage_url(review)))
    assert "This stage is complete" in body and "reopen it" in body
    assert "What was recorded" in body and "Risk panel core members" in body


def test_a_decision_without_rationale_shows_the_error_next_to_the_rationale(client, manager, review):
    client.force_login(manager)
    url = stage_url(review, "action-plan-and-decision", "decision")
    with on(date(2025, 3, 20)):
        response = client.post(
            url,
            {
                "outcome": "full-learning-review",
                "independence": "independent",
                "rationale": "",
                "decision_makers": "Head of Service",
                **date_parts("decided_on", date(2025, 3, 20)),
            },
        )
    assert response.status_code == 200
    assert field_error(response, "id_rationale") == "Enter the rationale for the decision"
    assert error_summary(response) == ["Enter the rationale for the decision"]


def test_a_decision_is_recorded_and_shown_on_the_stage(client, manager, review):
    client.force_login(manager)
    with on(date(2025, 3, 20)):
        response = client.post(
            stage_url(review, "action-plan-and-decision", "decision"),
            {
                "outcome": "full-learning-review",
                "independence": "within-the-service",
                "rationale": "Learning for three agencies.",
                "decision_makers": "Head of Service",
                **date_parts("decided_on", date(2025, 3, 20)),
            },
        )
        assert response.status_code == 302
        body = page_text(client.get(stage_url(review, "action-plan-and-decision")))
    assert "Full Learning Review needed" in body and "Led within the service" in body


def test_the_chair_reopens_a_stage_with_a_reason_and_a_reviewer_cannot(
    client, manager, chair, reviewer, review
):
    client.force_login(manager)
    client.post(stage_url(review), ilr_post(0))
    with on(date(2025, 3, 12)):
        client.post(stage_url(review, action="complete"), date_parts("done_on", date(2025, 3, 12)))
    assert client_for(reviewer).get(stage_url(review, action="reopen")).status_code == 403
    chair_client = client_for(chair)
    empty = chair_client.post(stage_url(review, action="reopen"), {"reason": ""})
    assert field_error(empty, "id_reason") == "Enter the reason for reopening the stage"
    done = chair_client.post(
        stage_url(review, action="reopen"), {"reason": "New information from the police"}
    )
    assert done.status_code == 302
    assert "New information from the police" in page_text(chair_client.get(stage_url(review)))


def test_the_home_panel_lists_the_stages_a_person_completes_and_says_when_there_are_none(
    client, manager, review, organisation
):
    client.force_login(manager)
    with on(date(2025, 3, 5)):
        body = page_text(client.get("/"))
    assert "Review stages you complete" in body
    assert f"{review.incident.reference}: Initial Learning Review (ILR)" in body
    client.force_login(make_person(organisation, Role.QUALITY_ASSURER))
    with on(date(2025, 3, 5)):
        body = page_text(client.get("/"))
    assert "No review stage is waiting for you" in body


def test_what_is_typed_on_a_stage_is_kept_as_a_draft_and_given_back(client, manager, review):
    client.force_login(manager)
    saved = client.post(
        "/drafts/autosave",
        {"draft_key": stage_url(review), "attendees": "Typed, not saved", "base_version": "0"},
    )
    assert saved.status_code == 200
    body = page_text(client.get(stage_url(review)))
    assert "Typed, not saved" in body and "It has not been saved yet" in body
    assert client.post(stage_url(review), ilr_post(0)).status_code == 302
    assert "It has not been saved yet" not in page_text(client.get(stage_url(review)))


def test_text_typed_on_a_stage_before_its_item_had_a_page_is_shown_and_kept(client, manager, review, flr):
    StageRecord.objects.create(
        review=review,
        stage=flr,
        data={"action-plan": "Joint risk panel with education, by April."},
        version=1,
    )
    client.force_login(manager)
    page = page_text(client.get(stage_url(review, "full-learning-review")))
    assert "Written on this stage before" in page and "Joint risk panel with education, by April." in page
    with on(date(2025, 6, 2)):
        stage_record_save(
            actor=manager, review=review, stage=flr, values={"participants": "The co-chairs"}, base_version=1
        )
    data = StageRecord.objects.get(review=review, stage=flr).data
    assert data["action-plan"] == "Joint risk panel with education, by April."
    assert data["participants"] == "The co-chairs"
