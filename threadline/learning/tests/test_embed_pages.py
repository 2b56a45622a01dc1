# ruff: noqa: F811
"""The embedding pages: a review's measure series and the board's view across reviews, seen
only by those who may see the review."""

from datetime import date

import pytest
from django.urls import reverse

from threadline.core.models import AuditAction, AuditEvent, Share
from threadline.core.tests.support import page_text
from threadline.reviews.tests.conftest import chair, incident, on, review, yjs  # noqa: F401

from ..models import Recommendation
from ..selectors.embed import board_rows
from ..selectors.tracker import TrackerFilters
from ..services.actions import action_check_back, action_evidence_confirm
from ..services.measures import embed_measure_add
from ..services.updates import action_update_post
from .fixtures_actions import make_action
from .fixtures_tracker import (  # noqa: F401
    riverside,
    second_review,
    theme,
    tracked,
    westmoor,
    westmoor_manager,
)

pytestmark = pytest.mark.django_db


def embed_url(review):
    return reverse("learning:embed", kwargs={"review_pk": review.pk})


BOARD = reverse("learning:embed_board")


def record(actor, action, day, result, shows, name="Case file audit", kind="audit"):
    with on(date(2025, 9, 30)):
        return embed_measure_add(
            actor=actor, action=action, kind=kind, name=name, measured_on=day, result=result, shows=shows
        )


def check_back(action, manager):
    with on(date(2025, 4, 10)):
        action_update_post(actor=action.owner, action=action, text="Done", status="done", files=[])
        action_evidence_confirm(actor=manager, action=action)
    with on(date(2025, 7, 1)):
        return action_check_back(actor=manager, action=action)


@pytest.fixture
def measured(tracked, manager):
    """Northbridge's own action has an audit taken twice and an indicator once; Southport's has
    nothing and is checked back; Westmoor's review has one measure on Northbridge's action."""
    ours = tracked["ours_in_our_review"]
    record(manager, ours, date(2025, 3, 10), "61%", "not-yet")
    record(manager, ours, date(2025, 9, 1), "88%", "changed")
    record(manager, ours, date(2025, 6, 1), "good", "partly", name="Supervision audit")
    check_back(tracked["southport_in_our_review"], manager)
    westmoor_action = tracked["ours_in_westmoor"]
    record(westmoor_action.owner, westmoor_action, date(2025, 6, 1), "12", "worse", name="Repeat referrals")
    return tracked


def test_the_review_page_shows_each_series_with_its_change_and_judgement(client, manager, review, measured):
    client.force_login(manager)
    with on(date(2025, 10, 1)):
        response = client.get(embed_url(review))
    body = page_text(response)
    assert response.status_code == 200
    assert "Embedding the learning" in body
    assert "Share exploitation concerns the same day" in body and "Train the duty team" in body
    assert "61% → 88%, up 27 points" in body and "1 September 2025" in body
    assert "Practice has changed" in body
    assert "Supervision audit" in body and "Only one result so far" in body
    assert "Practice has partly changed" in body
    assert "1 action checked back without any measure" in body and "Brief the police liaison" in body
    assert "Repeat referrals" not in body
    incident = review.incident
    assert f"{incident.reference} ({incident.child.pseudonym})" in body
    assert incident.child.full_name not in body
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, detail__page="embed").count() == 1


def test_another_organisation_gets_not_found_on_the_review_page(client, review, measured, westmoor_manager):
    # Southport owns an action in the review without taking part in it.
    for outsider in (westmoor_manager, measured["southport_in_our_review"].owner):
        client.force_login(outsider)
        assert client.get(embed_url(review)).status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.PERMISSION_DENIED).count() == 2


def test_the_board_view_lists_each_visible_review_with_its_counts(
    client, manager, review, second_review, measured, westmoor_manager
):
    client.force_login(manager)
    with on(date(2025, 10, 1)):
        body = page_text(client.get(BOARD))
    assert embed_url(review) in body and "Northbridge Youth Justice Service" in body
    (ours,) = [r.summary for r in board_rows(manager, TrackerFilters())]
    assert (ours.actions, ours.actions_measured, ours.changed, ours.partly, ours.worse) == (2, 1, 1, 1, 0)
    assert ours.checked_back_unmeasured == (measured["southport_in_our_review"].pk,)
    assert "checked back without a measure</span>" in body
    # Northbridge owns an action in Westmoor's review but does not take part in it.
    assert embed_url(second_review) not in body
    (theirs,) = [r.summary for r in board_rows(westmoor_manager, TrackerFilters())]
    assert (theirs.actions, theirs.actions_measured, theirs.worse, theirs.warning) == (2, 1, 1, False)


def test_the_board_view_leaves_out_reviews_of_other_organisations(
    client, review, second_review, measured, westmoor_manager
):
    client.force_login(westmoor_manager)
    body = page_text(client.get(BOARD))
    assert embed_url(second_review) in body
    assert embed_url(review) not in body and review.incident.reference not in body
    # An agency that only owns an action in a review sees the action, not the review's embedding.
    southport_owner = measured["southport_in_our_review"].owner
    client.force_login(southport_owner)
    body = page_text(client.get(BOARD))
    assert embed_url(review) not in body and review.incident.reference not in body
    assert "There are no reviews with actions to show." in body


def test_the_board_view_filters_by_board_review_and_theme(
    client, manager, review, second_review, measured, organisation, westmoor, theme
):
    Share.objects.create(record=second_review, organisation=organisation)
    client.force_login(manager)
    everything = page_text(client.get(BOARD))
    assert embed_url(review) in everything and embed_url(second_review) in everything
    by_board = page_text(client.get(BOARD, {"lead_organisation": westmoor.pk}))
    assert embed_url(second_review) in by_board and embed_url(review) not in by_board
    by_review = page_text(client.get(BOARD, {"review": review.pk}))
    assert embed_url(review) in by_review and embed_url(second_review) not in by_review
    by_theme = page_text(client.get(BOARD, {"theme": theme.pk}))
    assert embed_url(review) in by_theme and embed_url(second_review) not in by_theme
    assert "counting the actions that match the filters" in by_theme


def test_a_review_whose_measures_are_not_figures_states_no_change(
    client, manager, review, recommendation_other
):
    action = make_action(manager, recommendation_other, manager, review.lead_organisation)
    record(manager, action, date(2025, 3, 10), "requires improvement", "not-yet", name="Ofsted-style audit")
    record(manager, action, date(2025, 6, 10), "good", "changed", name="Ofsted-style audit")
    client.force_login(manager)
    body = page_text(client.get(embed_url(review)))
    assert "Not figures that can be compared" in body and "Practice has changed" in body
    assert "1 of 1" in body


@pytest.fixture
def recommendation_other(review):
    return Recommendation.objects.create(review=review, title="Audit the quality of plans")


def test_the_tracker_and_the_action_page_link_to_embedding(client, manager, review, measured):
    client.force_login(manager)
    with on(date(2025, 10, 1)):
        tracker = page_text(client.get(reverse("learning:tracker")))
        action = page_text(
            client.get(reverse("learning:action", kwargs={"pk": measured["ours_in_our_review"].pk}))
        )
    assert f'href="{BOARD}"' in tracker
    assert f'href="{embed_url(review)}"' in action
