# ruff: noqa: F811
"""Pages to change an action and to take it off the plan: the review team's only."""

from datetime import date

from django.urls import reverse

from threadline.core.models import AuditAction, AuditEvent, Role
from threadline.core.testing import make_organisation, make_person
from threadline.core.tests.support import page_text
from threadline.reviews.tests.conftest import chair, incident, on, review, yjs  # noqa: F401

from ..models import Action
from .fixtures_actions import (  # noqa: F401
    action,
    partner_colleague,
    partner_lead,
    partner_owner,
    recommendation,
)


def post_of(action, **changes):
    values = {
        "description": "Train every duty worker",
        "owner_organisation": action.owner_organisation_id,
        "owner": action.owner_id,
        "level": "strategic",
        "due_on_0": "22",
        "due_on_1": "4",
        "due_on_2": "2025",
        "success_measure": "All trained",
        "check_back_on_0": "1",
        "check_back_on_1": "7",
        "check_back_on_2": "2025",
    }
    return values | changes


def test_the_team_changes_an_action(client, manager, action):
    client.force_login(manager)
    url = reverse("learning:action_change", kwargs={"pk": action.pk})
    with on(date(2025, 3, 25)):
        shown = page_text(client.get(url))
        assert "Train the duty team in sharing exploitation concerns" in shown
        saved = client.post(url, post_of(action))
    assert saved.status_code == 302 and saved["Location"] == reverse(
        "learning:action", kwargs={"pk": action.pk}
    )
    action.refresh_from_db()
    assert action.description == "Train every duty worker"
    assert action.due_on == date(2025, 4, 22) and action.level == "strategic" and action.version == 1


def test_a_bad_change_shows_each_message_next_to_its_field_and_keeps_what_was_typed(client, manager, action):
    client.force_login(manager)
    url = reverse("learning:action_change", kwargs={"pk": action.pk})
    with on(date(2025, 3, 25)):
        page = client.post(
            url, post_of(action, description="", **{"check_back_on_1": "3", "check_back_on_0": "1"})
        )
    text = page_text(page)
    assert page.status_code == 200
    assert "Enter what will be done" in text
    assert "The check-back date must be on or after the due date" in text
    assert "All trained" in text and "Error: Change the action" in text
    action.refresh_from_db()
    assert action.version == 0


def test_the_owner_may_not_change_or_remove_and_another_organisation_gets_404(client, partner_owner, action):
    stranger = make_person(
        make_organisation("Eastfield Police"), Role.SERVICE_MANAGER, email="e@example.test"
    )
    client.force_login(partner_owner)
    for name in ("action_change", "action_remove"):
        assert client.get(reverse(f"learning:{name}", kwargs={"pk": action.pk})).status_code == 403
    client.force_login(stranger)
    for name in ("action_change", "action_remove"):
        assert client.get(reverse(f"learning:{name}", kwargs={"pk": action.pk})).status_code == 404
    assert AuditEvent.objects.filter(actor=stranger, action=AuditAction.PERMISSION_DENIED).exists()


def test_removing_needs_a_reason_then_takes_the_action_off_the_plan(client, manager, action):
    client.force_login(manager)
    url = reverse("learning:action_remove", kwargs={"pk": action.pk})
    with on(date(2025, 3, 25)):
        refused = client.post(url, {"reason": ""})
        assert refused.status_code == 200 and "Enter why the action is being removed" in page_text(refused)
        removed = client.post(url, {"reason": "Merged into the training action"})
        assert removed["Location"] == reverse("learning:actions", kwargs={"review_pk": action.review_id})
        assert Action.objects.get(pk=action.pk).removed_at is not None
        assert client.get(reverse("learning:action", kwargs={"pk": action.pk})).status_code == 404
        assert client.get(url).status_code == 404
    assert action.updates.get().text == "Removed: Merged into the training action"
