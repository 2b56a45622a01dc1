"""Possible same events, stored and decided (issue 6 item 5): the background refresh after a
submission, decisions that survive it, and the pages where a person confirms or rejects."""

from datetime import date

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from threadline.chronologies.models import EntryMatch, MatchStatus
from threadline.chronologies.services.analysis import review_match_decide
from threadline.chronologies.services.matches import (
    MATCHES_ACTOR_LABEL,
    review_matches_refresh,
    review_matches_refresh_later,
)
from threadline.chronologies.tasks_matches import refresh_entry_matches
from threadline.core.access import NotAllowed
from threadline.core.models import AuditAction, AuditEvent, Role
from threadline.core.testing import assert_isolated, make_person
from threadline.frameworks.tests.conftest import page_text
from threadline.reviews.domain.errors import ReviewRuleError
from threadline.reviews.tests import conftest as reviews_fixtures

from . import fixtures_merged as fixtures
from .fixtures_merged import add_entry, copy_to_next_version

pytestmark = pytest.mark.django_db

chair, incident, review, reviewer, yjs = (
    reviews_fixtures.chair,
    reviews_fixtures.incident,
    reviews_fixtures.review,
    reviews_fixtures.reviewer,
    reviews_fixtures.yjs,
)
police, health, schools, police_writer, chronologies = (
    fixtures.police,
    fixtures.health,
    fixtures.schools,
    fixtures.police_writer,
    fixtures.chronologies,
)

TASK_PATH = refresh_entry_matches.module_path


@pytest.fixture
def reported_twice(chronologies):
    """The same night reported by the police and the youth justice service, and two unrelated
    entries of the same day."""
    return {
        "police": add_entry(
            chronologies["police"],
            "14/11/2024 21:40",
            "Officers attended the family home after a report of a domestic incident. Child A and mother present.",
            who_was_present="PC Reed, mother, Child A",
        ),
        "yjs": add_entry(
            chronologies["yjs"],
            "14/11/2024 22:10",
            "Police told the service of a domestic incident at the family home; officers attended.",
            who_was_present="Mother, Child A",
        ),
        "health": add_entry(chronologies["health"], "14/11/2024", "Routine immunisation at the surgery."),
        "school": add_entry(chronologies["yjs"], "15/11/2024", "Child A absent from school."),
    }


def queued() -> list:
    return [r.args_kwargs["args"] for r in DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY")]


def run_queued() -> list:
    ran = []
    for result in DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY"):
        stored = result.task_result
        ran.append(result.task.call(*stored.args, **stored.kwargs))
    DBTaskResult.objects.filter(task_path=TASK_PATH).delete()
    return ran


def test_a_refresh_stores_the_true_pair_only_by_the_entries_uids(review, reported_twice):
    counts = review_matches_refresh(review_id=review.pk)
    assert counts == {"added": 1, "updated": 0, "removed": 0}
    match = EntryMatch.objects.get(review=review)
    # The police come before the youth justice service by name.
    assert (match.entry_a, match.entry_b) == (reported_twice["police"].uid, reported_twice["yjs"].uid)
    assert match.status == MatchStatus.SUGGESTED and match.score >= 0.45
    assert match.reasons.startswith("on the same day, 14 November 2024; at about the same time")
    event = AuditEvent.objects.get(actor_label=MATCHES_ACTOR_LABEL, detail__matches="refreshed")
    assert event.detail == {"matches": "refreshed", "added": 1, "updated": 0, "removed": 0}
    assert review_matches_refresh(review_id=review.pk) == {"added": 0, "updated": 0, "removed": 0}


def test_a_decision_survives_a_refresh_and_a_suggestion_that_no_longer_applies_goes(
    review, reviewer, chronologies, reported_twice
):
    add_entry(chronologies["health"], "01/12/2024", "Strategy meeting about Child A's safety plan.")
    add_entry(
        chronologies["police"], "01/12/2024", "Attended the strategy meeting about Child A's safety plan."
    )
    review_matches_refresh(review_id=review.pk)
    night = EntryMatch.objects.get(entry_a=reported_twice["police"].uid)
    meeting = EntryMatch.objects.exclude(pk=night.pk).get()
    review_match_decide(actor=reviewer, match=night, same_event=True)
    # The police submit again: the night's entry is reworded, the meeting entry is gone.
    following = copy_to_next_version(chronologies["police"])
    following.entries.filter(uid=reported_twice["police"].uid).update(
        what_happened="Reworded beyond recognition."
    )
    following.entries.filter(occurred_on=date(2024, 12, 1)).delete()
    counts = review_matches_refresh(review_id=review.pk)
    assert counts["removed"] == 1 and not EntryMatch.objects.filter(pk=meeting.pk).exists()
    kept = EntryMatch.objects.get(pk=night.pk)
    assert kept.status == MatchStatus.CONFIRMED and kept.decided_by == reviewer


def test_a_submission_queues_one_refresh_after_it_commits(
    review, reported_twice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        review_matches_refresh_later(review=review)
    assert queued() == [], "nothing is queued before the submission commits"
    for callback in callbacks:
        callback()
    with django_capture_on_commit_callbacks(execute=True):
        review_matches_refresh_later(review=review)
    assert queued() == [[review.pk]], "a refresh already waiting is not queued twice"
    assert run_queued() == [{"added": 1, "updated": 0, "removed": 0}]
    assert EntryMatch.objects.filter(review=review).count() == 1
    assert AuditEvent.objects.filter(target_id=str(review.pk), detail__matches="refresh queued").count() == 2


def test_deciding_is_for_the_review_team_audited_and_may_be_changed(review, reviewer, reported_twice):
    review_matches_refresh(review_id=review.pk)
    match = EntryMatch.objects.get()
    with pytest.raises(NotAllowed):
        review_match_decide(
            actor=make_person(review.lead_organisation, Role.PRACTITIONER), match=match, same_event=True
        )
    rejected = review_match_decide(actor=reviewer, match=match, same_event=False)
    assert rejected.status == MatchStatus.REJECTED and rejected.decided_at is not None
    confirmed = review_match_decide(actor=reviewer, match=match, same_event=True)
    assert confirmed.status == MatchStatus.CONFIRMED
    details = [e.detail for e in AuditEvent.objects.filter(actor=reviewer, action=AuditAction.CHANGE)]
    assert {"match": match.pk, "status": "rejected", "status_before": "suggested"} in details
    assert {"match": match.pk, "status": "confirmed", "status_before": "rejected"} in details
    EntryMatch.objects.filter(pk=match.pk).delete()
    with pytest.raises(ReviewRuleError, match="no longer applies"):
        review_match_decide(actor=reviewer, match=match, same_event=True)


def test_the_matches_page_shows_both_entries_and_records_the_decision(
    client, review, reviewer, reported_twice
):
    review_matches_refresh(review_id=review.pk)
    match = EntryMatch.objects.get()
    url = reverse("chronologies:matches", kwargs={"review_pk": review.pk})
    client.force_login(reviewer)
    body = page_text(client.get(url))
    assert "To check (1)" in body and "Same event (0)" in body
    assert "Officers attended the family home after a report" in body
    assert "Police told the service of a domestic incident" in body
    assert "14 November 2024, 21:40" in body and "14 November 2024, 22:10" in body
    assert "Words in common: officers, attended, family, home, domestic, incident, child, mother" in body
    match_url = reverse("chronologies:match", kwargs={"review_pk": review.pk, "match_pk": match.pk})
    refused = client.post(match_url, {"decision": "maybe"})
    assert refused.status_code == 200 and "Choose again" in page_text(refused)
    done = client.post(match_url, {"decision": "same"})
    assert done.status_code == 302 and done.url == url
    assert EntryMatch.objects.get().status == MatchStatus.CONFIRMED
    after = page_text(client.get(done.url))
    assert "Northbridge Police’s and Northbridge Youth Justice Service’s entries are the same event" in after
    assert "There are no possible same events to check." in after
    merged = page_text(client.get(reverse("chronologies:merged", kwargs={"review_pk": review.pk})))
    assert (
        "Same event</strong> also reported by Northbridge Youth Justice Service, 14 November 2024, 22:10"
        in merged
    )
    assert "Same event</strong> also reported by Northbridge Police, 14 November 2024, 21:40" in merged
    # Both entries are kept as they were.
    assert (
        merged.count("Officers attended the family home") == 1
        and merged.count("Police told the service") == 1
    )
    client.post(match_url, {"decision": "different"})
    merged = page_text(client.get(reverse("chronologies:merged", kwargs={"review_pk": review.pk})))
    assert "also reported by" not in merged and "Possible same event</strong>" not in merged


def test_a_suggestion_is_marked_on_the_merged_page_with_a_link(client, review, reviewer, reported_twice):
    review_matches_refresh(review_id=review.pk)
    match = EntryMatch.objects.get()
    client.force_login(reviewer)
    merged = page_text(client.get(reverse("chronologies:merged", kwargs={"review_pk": review.pk})))
    link = reverse("chronologies:match", kwargs={"review_pk": review.pk, "match_pk": match.pk})
    assert (
        f'<a class="govuk-link" href="{link}">check it against Northbridge Youth Justice Service’s entry'
        in merged
    )
    assert "1 to check" in merged


def test_asking_for_a_refresh_queues_it_and_the_page_says_so(
    client, review, reviewer, reported_twice, django_capture_on_commit_callbacks
):
    client.force_login(reviewer)
    url = reverse("chronologies:matches_refresh", kwargs={"review_pk": review.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302 and queued() == [[review.pk]]
    assert "being brought up to date" in page_text(client.get(response.url))
    assert AuditEvent.objects.filter(actor=reviewer, detail__matches="refresh asked").exists()


def test_the_match_pages_are_isolated(client, review, reviewer, reported_twice, police_writer):
    review_matches_refresh(review_id=review.pk)
    match = EntryMatch.objects.get()
    match_url = reverse("chronologies:match", kwargs={"review_pk": review.pk, "match_pk": match.pk})
    for url in (reverse("chronologies:matches", kwargs={"review_pk": review.pk}), match_url):
        assert_isolated(client, url, owner=reviewer)
        client.force_login(police_writer)
        assert client.get(url).status_code == 404
    assert client.post(match_url, {"decision": "same"}).status_code == 404
    client.force_login(reviewer)
    other = reverse("chronologies:match", kwargs={"review_pk": review.pk, "match_pk": match.pk + 1})
    assert client.get(other).status_code == 404
    assert EntryMatch.objects.get().status == MatchStatus.SUGGESTED
