# ruff: noqa: F811
"""Embed measures on an action, the pages of actions and the "Your actions" home panel."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from threadline.core.access import NotAllowed
from threadline.core.home import panels_for
from threadline.core.models import AuditEvent
from threadline.core.tests.support import page_text
from threadline.reviews.domain.errors import ReviewRuleError
from threadline.reviews.tests.conftest import chair, incident, on, review, yjs  # noqa: F401

from ..services.measures import embed_measure_add
from .fixtures_actions import action, partner_colleague, partner_lead, partner_owner, recommendation  # noqa: F401

pytestmark = pytest.mark.django_db


def measure(actor, action, **changes):
    values = {
        "kind": "audit",
        "name": "Case file audit",
        "measured_on": date(2025, 6, 1),
        "result": "92%",
        "shows": "partly",
    }
    with on(date(2025, 6, 2)):
        return embed_measure_add(actor=actor, action=action, **(values | changes))


def test_the_owner_and_the_review_team_record_measures(action, partner_owner, manager, partner_colleague):
    assert measure(partner_owner, action).result == "92%"
    measure(manager, action, kind="indicator", name="Same-day referrals", result="88%")
    assert [m.name for m in action.measures.all()] == ["Case file audit", "Same-day referrals"]
    with pytest.raises(NotAllowed):
        measure(partner_colleague, action)


def test_a_measure_in_the_future_without_a_result_or_a_judgement_is_refused(action, partner_owner):
    with pytest.raises(ReviewRuleError) as refused:
        measure(partner_owner, action, measured_on=date(2025, 7, 1), result="", shows="")
    assert dict(refused.value.problems) == {
        "measured_on": "The date it was measured must be today or in the past",
        "result": "Enter the result, for example 92% or ‘good’",
        "shows": "Choose what the result shows about practice",
    }
    assert not action.measures.exists()


def test_what_the_measure_shows_is_kept_and_audited(action, partner_owner):
    recorded = measure(partner_owner, action, shows="changed")
    recorded.refresh_from_db()
    assert recorded.shows == "changed" and recorded.get_shows_display() == "Practice has changed"
    event = AuditEvent.objects.filter(detail__measure=recorded.pk).get()
    assert event.detail["shows"] == "changed"


def test_recording_on_the_page_without_a_judgement_keeps_what_was_typed(client, action, partner_owner):
    client.force_login(partner_owner)
    url = reverse("learning:action", kwargs={"pk": action.pk})
    typed = {
        "form": "measure",
        "kind": "indicator",
        "name": "Same-day referrals",
        "measured_on_0": "1",
        "measured_on_1": "6",
        "measured_on_2": "2025",
        "result": "88%",
    }
    with on(date(2025, 6, 2)):
        refused = client.post(url, typed)
        body = page_text(refused)
        assert refused.status_code == 200 and "There is a problem" in body
        assert "Choose what the result shows about practice" in body
        assert 'value="Same-day referrals"' in body and 'value="88%"' in body
        assert not action.measures.exists()
        saved = client.post(url, typed | {"shows": "not-yet"})
        assert saved.status_code == 302
        page = page_text(client.get(url))
    assert action.measures.get().shows == "not-yet"
    assert "Practice has not changed yet" in page


def test_the_panel_lists_open_actions_overdue_first(action, partner_owner, manager):
    with on(date(2025, 4, 22)):
        panel = next(p for p in panels_for(partner_owner) if p.title == "Your actions")
    assert panel.items[0]["hint"] == "Overdue: was due 17 April 2025"
    assert panel.items[0]["href"] == reverse("learning:action", kwargs={"pk": action.pk})
    assert not [p for p in panels_for(manager) if p.title == "Your actions"]


def test_the_partner_owner_sees_the_action_page_and_my_actions(
    client, action, partner_owner, partner_colleague
):
    client.force_login(partner_owner)
    with on(date(2025, 4, 22)):
        page = client.get(reverse("learning:action", kwargs={"pk": action.pk})).content.decode()
        mine = client.get(reverse("learning:my_actions")).content.decode()
    incident = action.review.incident
    assert (
        f"{incident.reference} ({incident.child.pseudonym})" in page
        and "Overdue" in page
        and "Post an update" in page
    )
    assert "Train the duty team" in mine and "Overdue" in mine
    client.force_login(partner_colleague)
    assert client.get(reverse("learning:action", kwargs={"pk": action.pk})).status_code == 404


def test_a_bad_file_on_the_page_shows_the_error_and_keeps_the_text(client, action, partner_owner):
    client.force_login(partner_owner)
    with on(date(2025, 3, 25)):
        response = client.post(
            reverse("learning:action", kwargs={"pk": action.pk}),
            {
                "form": "update",
                "text": "Twelve of fifteen trained",
                "status": "in-progress",
                "files": SimpleUploadedFile("register.pdf", b"<html><body>x</body></html>"),
            },
        )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and "register.pdf" in body
    assert "Twelve of fifteen trained</textarea>" in body
    assert not action.updates.exists()


def test_the_review_actions_page_and_adding_an_action(client, action, manager, recommendation, partner_owner):
    client.force_login(manager)
    with on(date(2025, 4, 22)):
        page = client.get(
            reverse("learning:actions", kwargs={"review_pk": action.review_id})
        ).content.decode()
        refused = client.post(
            reverse("learning:action_add", kwargs={"rec_pk": recommendation.pk}),
            {"description": "Audit files", "due_on_0": "3", "due_on_1": "3", "due_on_2": "2025"},
        )
    assert "Share exploitation concerns the same day" in page and "govuk-tag--red" in page
    body = refused.content.decode()
    assert refused.status_code == 200
    assert "The due date must be on or after the day the review started, 4 March 2025" in body
    assert "Audit files</textarea>" in body
