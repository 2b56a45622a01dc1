"""Framework pages: everyone signed in reads them; only system administrators change them."""

import pytest
from django.urls import reverse

from threadline.core.models import AuditAction, AuditEvent
from threadline.frameworks.models import FrameworkVersion, VersionStatus

from .conftest import error_summary, field_error, page_text, page_title

pytestmark = pytest.mark.django_db


def stage_post(**changes):
    data = {
        "name": "Initial Learning Review (ILR)",
        "description": "At the risk panel.",
        "records": "attendees\nimmediate learning",
        "completed_by": ["service-manager", "review-chair"],
        "deadline_kind": "working_days_after",
        "deadline_n": "10",
        "outer_limit_n": "",
        "runs_from": "notification",
        "source": "seed 000 §14",
    }
    data.update(changes)
    return data


# --- reading ----------------------------------------------------------------------------------


def test_a_practitioner_reads_the_frameworks_but_cannot_change_them(client, practitioner, yjs):
    client.force_login(practitioner)
    page = page_text(client.get(reverse("frameworks:framework_list")))
    for name in (
        "YJS serious incident review",
        "National youth justice incident procedure",
        "English practice review",
        "Local board learning review",
        "Scottish learning review",
    ):
        assert name in page
    response = client.get(yjs.get_absolute_url())
    assert response.status_code == 200
    page = page_text(response)
    assert page_title(response) == "YJS serious incident review, version 1 – Threadline"
    assert "Initial Learning Review (ILR)" in page
    assert "Within 10 working days of the service becoming aware of the incident" in page
    assert "Attempts suicide" in page
    assert "Make a new version" not in page
    assert reverse("frameworks:stage_edit", kwargs={"pk": yjs.stages.first().pk}) not in page


def test_the_navigation_offers_frameworks_to_system_administrators(client, sysadmin, practitioner, builtin):
    client.force_login(sysadmin)
    assert 'href="/frameworks/"' in page_text(client.get(reverse("core:home")))
    client.force_login(practitioner)
    assert 'href="/frameworks/"' not in page_text(client.get(reverse("core:home")))


def test_the_english_version_lists_the_11_methods_and_the_panel_deadline(client, practitioner, builtin):
    client.force_login(practitioner)
    page = page_text(client.get(builtin["english-practice-review"].get_absolute_url()))
    assert "Children and young people outreach" in page
    assert "No later than 7 working days before the planned publication date" in page
    assert "Within 6 months of the decision to review" in page


def test_an_administrator_sees_the_button_to_make_a_new_version(client, sysadmin, yjs):
    client.force_login(sysadmin)
    page = page_text(client.get(yjs.get_absolute_url()))
    assert "Make a new version" in page
    assert "Retire this version" in page


def test_a_draft_is_not_found_for_anyone_but_administrators(client, practitioner, draft):
    client.force_login(practitioner)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert AuditEvent.objects.filter(actor=practitioner, action=AuditAction.PERMISSION_DENIED).exists()
    assert "Version 2" not in page_text(client.get(reverse("frameworks:framework_list")))


def test_signed_out_people_are_sent_to_sign_in(client, yjs):
    response = client.get(reverse("frameworks:framework_list"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


# --- refused ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["practitioner", "manager"])
def test_edit_pages_are_forbidden_to_anyone_but_system_administrators(client, who, request, yjs, draft):
    client.force_login(request.getfixturevalue(who))
    stage = draft.stages.get(key="check-back")
    gets = [
        reverse("frameworks:stage_edit", kwargs={"pk": stage.pk}),
        reverse("frameworks:stage_add", kwargs={"pk": draft.pk}),
        reverse("frameworks:stage_remove", kwargs={"pk": stage.pk}),
        reverse("frameworks:version_publish", kwargs={"pk": draft.pk}),
        reverse("frameworks:version_retire", kwargs={"pk": yjs.pk}),
        reverse("frameworks:version_discard", kwargs={"pk": draft.pk}),
    ]
    for url in gets:
        assert client.get(url).status_code == 403, url
        assert client.post(url, stage_post()).status_code == 403, url
    for url in (
        reverse("frameworks:version_copy", kwargs={"pk": yjs.pk}),
        reverse("frameworks:stage_move", kwargs={"pk": stage.pk}),
    ):
        assert client.post(url, {"direction": "up"}).status_code == 403, url
    assert FrameworkVersion.objects.filter(framework=yjs.framework).count() == 2
    stage.refresh_from_db()
    assert stage.order == 7


def test_the_edit_page_of_a_published_stage_says_it_cannot_change(client, sysadmin, yjs):
    client.force_login(sysadmin)
    stage = yjs.stages.get(key="initial-learning-review")
    response = client.post(
        reverse("frameworks:stage_edit", kwargs={"pk": stage.pk}), stage_post(deadline_n="20"), follow=True
    )
    assert "Version 1 is published and cannot be changed. Make a new version to change it." in page_text(
        response
    )
    stage.refresh_from_db()
    assert stage.deadline_rule["n"] == 10


# --- changing -------------------------------------------------------------------------------


def test_an_administrator_makes_a_new_version_changes_a_stage_and_publishes_it(client, sysadmin, yjs):
    client.force_login(sysadmin)
    response = client.post(reverse("frameworks:version_copy", kwargs={"pk": yjs.pk}))
    draft = FrameworkVersion.objects.get(framework=yjs.framework, number=2)
    assert response["Location"] == draft.get_absolute_url()
    stage = draft.stages.get(key="initial-learning-review")

    edit = client.get(reverse("frameworks:stage_edit", kwargs={"pk": stage.pk}))
    assert edit.status_code == 200
    assert 'value="10"' in page_text(edit)

    response = client.post(
        reverse("frameworks:stage_edit", kwargs={"pk": stage.pk}),
        stage_post(deadline_n="12", completed_by=["service-manager", "quality-assurer"]),
    )
    assert response.status_code == 302
    stage.refresh_from_db()
    assert stage.deadline_rule == {"kind": "working_days_after", "n": 12}
    assert stage.records == ["attendees", "immediate-learning"]

    confirm = client.get(reverse("frameworks:version_publish", kwargs={"pk": draft.pk}))
    assert "Publish version 2?" in page_text(confirm)
    assert "Stop new reviews starting on the versions published before" in page_text(confirm)
    response = client.post(
        reverse("frameworks:version_publish", kwargs={"pk": draft.pk}),
        {"notes": "ILR within 12 working days", "retire_others": "on"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    yjs.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED
    assert yjs.status == VersionStatus.RETIRED
    page = page_text(client.get(draft.get_absolute_url(), follow=True))
    assert "Within 12 working days of the notification" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"deadline_n": "-3"}, "deadline_n", "The number of working days must be 0 or more"),
        (
            {"deadline_n": "ten"},
            "deadline_n",
            "Enter the number of days or months as a whole number, like 10",
        ),
        ({"deadline_n": ""}, "deadline_n", "Enter how many working days the deadline allows"),
        ({"completed_by": ["wizard"]}, "completed_by", "Select who completes the stage from the list"),
        ({"completed_by": []}, "completed_by", "Select who completes the stage"),
        ({"runs_from": "stage:check-back"}, "runs_from", "Select an event or an earlier stage from the list"),
        ({"name": ""}, "name", "Enter the stage's name"),
        (
            {"deadline_kind": "calendar_months_after", "deadline_n": "6", "outer_limit_n": "3"},
            "outer_limit_n",
            "The outer limit must be at least the deadline (6)",
        ),
    ],
)
def test_the_stage_form_shows_gov_uk_errors_for_bad_input(client, sysadmin, draft, changes, field, message):
    client.force_login(sysadmin)
    stage = draft.stages.get(key="initial-learning-review")
    response = client.post(reverse("frameworks:stage_edit", kwargs={"pk": stage.pk}), stage_post(**changes))
    assert response.status_code == 200
    assert page_title(response).startswith("Error: ")
    assert message in error_summary(response)
    assert field_error(response, f"id_{field}") == message
    stage.refresh_from_db()
    assert stage.deadline_rule == {"kind": "working_days_after", "n": 10}


def test_two_errors_are_shown_together(client, sysadmin, draft):
    client.force_login(sysadmin)
    stage = draft.stages.get(key="initial-learning-review")
    response = client.post(
        reverse("frameworks:stage_edit", kwargs={"pk": stage.pk}),
        stage_post(deadline_n="-1", completed_by=["wizard"]),
    )
    assert error_summary(response) == [
        "Select who completes the stage from the list",
        "The number of working days must be 0 or more",
    ]


def test_a_stage_is_added_moved_and_removed_through_the_pages(client, sysadmin, draft):
    client.force_login(sysadmin)
    add = reverse("frameworks:stage_add", kwargs={"pk": draft.pk})
    assert client.get(add).status_code == 200
    response = client.post(
        add,
        stage_post(
            name="Annual report",
            completed_by=["governance-board-member"],
            deadline_kind="none",
            deadline_n="",
            runs_from="previous-stage",
        ),
    )
    assert response.status_code == 302
    stage = draft.stages.get(key="annual-report")
    assert stage.order == 8 and stage.deadline_rule is None

    client.post(reverse("frameworks:stage_move", kwargs={"pk": stage.pk}), {"direction": "up"})
    stage.refresh_from_db()
    assert stage.order == 7

    confirm = client.get(reverse("frameworks:stage_remove", kwargs={"pk": stage.pk}))
    assert "Remove ‘Annual report’?" in page_text(confirm)
    client.post(reverse("frameworks:stage_remove", kwargs={"pk": stage.pk}))
    assert not draft.stages.filter(key="annual-report").exists()
    assert draft.stages.count() == 7


def test_a_refused_move_is_explained(client, sysadmin, draft):
    client.force_login(sysadmin)
    decision = draft.stages.get(key="action-plan-and-decision")
    response = client.post(
        reverse("frameworks:stage_move", kwargs={"pk": decision.pk}), {"direction": "up"}, follow=True
    )
    assert "Cannot move ‘Action plan and decision on a Full Learning Review’ up" in page_text(response)


def test_the_draft_page_offers_the_changes(client, sysadmin, draft):
    client.force_login(sysadmin)
    page = page_text(client.get(draft.get_absolute_url()))
    assert "Publish this version" in page
    assert "Add a stage" in page
    assert 'Move up<span class="govuk-visually-hidden"> ‘Initial Learning Review (ILR)’' in page


def test_a_draft_is_deleted_after_confirming(client, sysadmin, draft):
    client.force_login(sysadmin)
    url = reverse("frameworks:version_discard", kwargs={"pk": draft.pk})
    assert "Delete draft version 2?" in page_text(client.get(url))
    assert client.post(url)["Location"] == reverse("frameworks:framework_list")
    assert not FrameworkVersion.objects.filter(pk=draft.pk).exists()


def test_choosing_no_deadline_ignores_a_number_left_in_the_box(client, sysadmin, draft):
    client.force_login(sysadmin)
    stage = draft.stages.get(key="initial-learning-review")
    response = client.post(
        reverse("frameworks:stage_edit", kwargs={"pk": stage.pk}),
        stage_post(deadline_kind="none", deadline_n="-2", outer_limit_n="x"),
    )
    assert response.status_code == 302
    stage.refresh_from_db()
    assert stage.deadline_rule is None and stage.outer_limit_rule is None
