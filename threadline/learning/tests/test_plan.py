# ruff: noqa: F811
"""The action plan as a snapshot (what a board receives with a report) and as the "Action plan"
document: every live recommendation with its CLEAR parts and live actions, overdue in working
days, the latest update, the child by pseudonym only; the PDF downloaded by whoever may see the
review, named by the incident reference and audited as an export."""

import json
import shutil
import subprocess
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from threadline.core.models import AuditAction, AuditEvent
from threadline.core.testing import assert_isolated
from threadline.reviews import extensions
from threadline.reviews.tests.conftest import chair, incident, on, review, yjs  # noqa: F401

from ..models import Recommendation
from ..selectors.plan import action_plan_snapshot
from ..services.actions import action_create, action_remove
from ..services.updates import action_update_post
from ..testing import make_action_plan
from ..views.plan import action_plan_document, action_plan_html

pytestmark = pytest.mark.django_db

STARTED = date(2025, 3, 4)  # a Tuesday


@pytest.fixture
def plan(manager, organisation, review):
    with on(STARTED):
        return make_action_plan(actor=manager, review=review, owner=manager, organisation=organisation)


def laid_out_text(document) -> str:
    """The text WeasyPrint laid out on the pages (no PDF text extractor is a dependency)."""
    from weasyprint.formatting_structure import boxes

    def walk(box):
        if isinstance(box, boxes.TextBox):
            yield box.text
        for child in getattr(box, "children", ()):
            yield from walk(child)

    return " ".join(text for page in document.pages for text in walk(page._page_box))


def test_the_snapshot_holds_each_recommendation_its_clear_parts_and_its_actions(
    manager, organisation, review, plan
):
    with on(date(2025, 3, 10)):
        action_update_post(
            actor=manager, action=plan.action, text="Dates set for the training", status="in-progress"
        )
    with on(date(2025, 3, 11)):
        snapshot = action_plan_snapshot(review)
    assert json.loads(json.dumps(snapshot)) == snapshot, "it is stored as JSON"
    assert snapshot["incident_reference"] == review.incident.reference
    assert snapshot["child_pseudonym"] == review.incident.child.pseudonym
    assert snapshot["taken_at"].startswith("2025-03-11T")
    [recommendation] = snapshot["recommendations"]
    assert recommendation["title"] == "Share exploitation concerns the same day"
    assert recommendation["case_for_change"].startswith("Concerns about exploitation took nine days")
    assert recommendation["learning"].startswith("Exploitation concerns must reach")
    assert recommendation["evidence"].startswith("The merged chronology shows")
    assert recommendation["responsibility"].startswith("The partnership's education lead")
    assert recommendation["outcome"].startswith("Nine in ten exploitation concerns")
    assert recommendation["responsible_organisations"] == [organisation.name]
    assert recommendation["review_by"] == plan.recommendation.review_by.isoformat()
    [action] = recommendation["actions"]
    assert action == {
        "description": "Train the duty team in sharing exploitation concerns",
        "level": "Operational",
        "owner_organisation": organisation.name,
        "owner": "Mia Manager",
        "due_on": plan.action.due_on.isoformat(),
        "status": "in-progress",
        "status_label": "In progress",
        "overdue": False,
        "working_days_late": None,
        "success_measure": "Every duty worker trained by the due date",
        "check_back_on": plan.action.check_back_on.isoformat(),
        "latest_update": {"on": "2025-03-10", "text": "Dates set for the training"},
    }
    assert snapshot["counts"] == {"recommendations": 1, "actions": 1, "open": 1, "overdue": 0}


def test_an_action_past_its_due_date_is_overdue_in_the_owner_s_working_days(review, plan):
    # Due 1 April 2025 (20 working days after 4 March); Friday 4 April is three working days on.
    assert plan.action.due_on == date(2025, 4, 1)
    with on(date(2025, 4, 4)):
        snapshot = action_plan_snapshot(review)
    [action] = snapshot["recommendations"][0]["actions"]
    assert (action["overdue"], action["working_days_late"]) == (True, 3)
    assert snapshot["counts"]["overdue"] == 1


def test_removed_actions_and_recommendations_are_not_in_the_plan(manager, organisation, review, plan):
    with on(STARTED):
        second = action_create(
            actor=manager,
            recommendation=plan.recommendation,
            description="Audit twenty referrals each quarter",
            level="strategic",
            owner_organisation=organisation,
            owner=manager,
            due_on=date(2025, 5, 30),
            success_measure="Audit reported to the board",
            check_back_on=date(2025, 9, 1),
        )
        action_remove(actor=manager, action=plan.action, reason="Replaced by the audit")
        snapshot = action_plan_snapshot(review)
    assert [a["description"] for a in snapshot["recommendations"][0]["actions"]] == [second.description]
    assert snapshot["counts"]["actions"] == 1
    with on(STARTED):
        action_remove(actor=manager, action=second, reason="Withdrawn")
        # No page removes a recommendation yet; the plan must still leave a removed one out.
        Recommendation.objects.filter(pk=plan.recommendation.pk).update(removed_at=timezone.now())
        snapshot = action_plan_snapshot(review)
    assert snapshot["recommendations"] == []
    assert snapshot["counts"] == {"recommendations": 0, "actions": 0, "open": 0, "overdue": 0}


def test_the_learning_app_provides_the_plan_to_the_reviews(review, plan):
    provided = extensions.action_plan_of(review)
    assert provided["recommendations"][0]["actions"][0]["description"] == plan.action.description
    assert extensions.action_count(provided) == 1
    assert extensions.action_count(None) == 0


def test_the_snapshot_never_holds_the_child_s_name(review, plan):
    stored = json.dumps(action_plan_snapshot(review))
    assert review.incident.child.full_name not in stored


# --- the document


def test_the_document_lays_out_the_plan_with_the_marking_and_the_pseudonym(review, plan):
    snapshot = action_plan_snapshot(review)
    html = action_plan_html(snapshot)
    assert "OFFICIAL-SENSITIVE" in html and 'counter(page) " of " counter(pages)' in html
    assert review.incident.child.full_name not in html
    text = laid_out_text(action_plan_document(snapshot))
    assert "Train the duty team in sharing exploitation concerns" in text
    assert "Share exploitation concerns the same day" in text
    assert review.incident.child.pseudonym in text and "OFFICIAL-SENSITIVE" in text


def actions_url(review):
    return reverse("learning:actions", kwargs={"review_pk": review.pk})


def pdf_url(review):
    return reverse("learning:action_plan_pdf", kwargs={"review_pk": review.pk})


def test_the_action_plan_page_offers_the_download(client, manager, review, plan):
    client.force_login(manager)
    body = client.get(actions_url(review)).content.decode()
    assert f'href="{pdf_url(review)}"' in body and "Download the action plan (PDF)" in body


def test_the_download_is_a_pdf_named_by_the_reference_and_audited_as_an_export(client, manager, review, plan):
    client.force_login(manager)
    response = client.get(pdf_url(review))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"] == (
        f'attachment; filename="action-plan-{review.incident.reference}.pdf"'
    )
    assert response["Cache-Control"] == "private, no-store"
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=manager).get()
    assert event.target_id == str(review.pk)
    assert event.detail == {"export": "action plan", "format": "pdf", "actions": 1}


def test_the_download_is_for_those_who_may_see_the_review_only(client, manager, review, plan):
    assert_isolated(client, pdf_url(review), owner=manager)
    client.force_login(manager)
    assert client.post(pdf_url(review)).status_code == 405


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_downloaded_pdf_holds_the_action_text(client, manager, review, plan):
    client.force_login(manager)
    content = client.get(pdf_url(review)).content
    text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True).stdout.decode()
    assert "Train the duty team in sharing exploitation concerns" in " ".join(text.split())
    assert "Page 1 of" in text and "OFFICIAL-SENSITIVE" in text


def test_an_agency_that_only_owns_an_action_sees_its_action_not_the_plan(
    client, manager, review, other_organisation
):
    from threadline.core.models import Role
    from threadline.core.testing import make_person
    from threadline.reviews.services.governance import review_governance_submit

    owner = make_person(other_organisation, Role.PRACTITIONER, email="owner@example.test")
    with on(date(2025, 3, 20)):
        made = make_action_plan(
            actor=manager,
            review=review,
            owner=owner,
            organisation=other_organisation,
            today=date(2025, 3, 20),
        )
        [submission] = review_governance_submit(
            actor=manager,
            review=review,
            subject="ilr-outcome",
            boards=["operational-group"],
            submitted_on=date(2025, 3, 20),
        )
    client.force_login(owner)
    kept = {"pk": review.pk, "submission_pk": submission.pk}
    for url in (
        pdf_url(review),
        reverse("learning:embed", kwargs={"review_pk": review.pk}),
        reverse("reviews:governance_action_plan", kwargs=kept),
        reverse("reviews:governance_action_plan_pdf", kwargs=kept),
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("learning:action", kwargs={"pk": made.action.pk})).status_code == 200
