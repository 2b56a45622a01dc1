"""The review's analysis on the merged chronology (issue 6 item 5): the gap length, key practice
episodes and analysis notes kept apart from the agencies' entries; checked, audited, on pages."""

from datetime import date

import pytest
from django.urls import reverse

from threadline.chronologies.models import AnalysisNote, ChronologyEntry, MergeSettings, PracticeEpisode
from threadline.chronologies.selectors.merged import gap_days_of
from threadline.chronologies.services.analysis import (
    review_episode_add,
    review_episode_remove,
    review_gap_days_set,
    review_note_add,
)
from threadline.core.access import NotAllowed
from threadline.core.models import AuditAction, AuditEvent, Role
from threadline.core.testing import assert_isolated, make_person
from threadline.frameworks.tests.conftest import error_summary, field_error, page_text
from threadline.reviews.domain.errors import ReviewRuleError
from threadline.reviews.tests import conftest as reviews_fixtures

from . import fixtures_merged as fixtures
from .fixtures_merged import add_entry

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


@pytest.fixture
def lead_practitioner(review):
    """A practitioner of the lead organisation: may see the review, not analyse its chronologies."""
    return make_person(review.lead_organisation, Role.PRACTITIONER, full_name="Lee Practitioner")


@pytest.fixture
def entry(chronologies):
    return add_entry(
        chronologies["police"],
        "12/03/2024 14:30",
        "Officers attended the home.",
        opinion="Low risk, in the officer's view.",
    )


def audit_details(review):
    return [e.detail for e in AuditEvent.objects.filter(target_id=str(review.pk)).order_by("pk")]


# --- the gap length


def test_the_gap_length_is_90_days_until_set_and_is_audited(reviewer, review):
    assert gap_days_of(review) == 90
    review_gap_days_set(actor=reviewer, review=review, gap_days=30)
    review_gap_days_set(actor=reviewer, review=review, gap_days=45)
    assert gap_days_of(review) == 45 and MergeSettings.objects.get(review=review).updated_by == reviewer
    assert {"gap_days": 45, "gap_days_before": 30} in audit_details(review)


@pytest.mark.parametrize(
    ("days", "message"),
    [(None, "Enter the number of days, like 90"), (0, "between 1 and 3,650"), (4000, "between 1 and 3,650")],
)
def test_a_gap_length_out_of_range_is_refused(reviewer, review, days, message):
    with pytest.raises(ReviewRuleError, match=message) as refused:
        review_gap_days_set(actor=reviewer, review=review, gap_days=days)
    assert refused.value.field == "gap_days" and not MergeSettings.objects.exists()


def test_only_the_review_team_sets_the_gap_length(lead_practitioner, police_writer, review):
    for person in (lead_practitioner, police_writer):
        with pytest.raises(NotAllowed):
            review_gap_days_set(actor=person, review=review, gap_days=30)


def test_the_gap_length_page_keeps_a_mistake_and_saves(client, reviewer, review, chronologies):
    url = reverse("chronologies:gap_setting", kwargs={"review_pk": review.pk})
    client.force_login(reviewer)
    refused = client.post(url, {"gap_days": "ninety"})
    assert refused.status_code == 200
    assert field_error(refused, "id_gap_days") == "Enter the number of days as a whole number, like 90"
    assert 'value="ninety"' in page_text(refused)
    refused = client.post(url, {"gap_days": "0"})
    assert field_error(refused, "id_gap_days") == "The number of days must be between 1 and 3,650"
    assert error_summary(refused) == ["The number of days must be between 1 and 3,650"]
    saved = client.post(url, {"gap_days": "120"})
    assert saved.status_code == 302 and gap_days_of(review) == 120
    merged = page_text(client.get(saved.url))
    assert "Gaps are now periods of more than 120 days with no contact" in merged
    assert "A gap is a period of more than 120 days" in merged


# --- practice episodes


def test_an_episode_is_marked_audited_and_removed_keeping_its_notes(reviewer, review):
    episode = review_episode_add(
        actor=reviewer,
        review=review,
        title=" Transfer from Southport ",
        starts_on=date(2024, 2, 5),
        ends_on=date(2024, 3, 20),
        description="Records arrived late.",
    )
    assert episode.title == "Transfer from Southport" and episode.created_by == reviewer
    note = review_note_add(actor=reviewer, review=review, text="Who held the case?", episode=episode)
    removed = review_episode_remove(actor=reviewer, episode=episode)
    assert (
        removed.removed_at is not None and AnalysisNote.objects.filter(pk=note.pk, episode=episode).exists()
    )
    with pytest.raises(ReviewRuleError, match="already been removed"):
        review_episode_remove(actor=reviewer, episode=episode)
    details = audit_details(review)
    assert {"episode": episode.pk, "starts_on": "2024-02-05", "ends_on": "2024-03-20"} in details
    assert {"episode": episode.pk} in details
    assert not any("Records arrived late." in str(d) for d in details), "no free text in the audit log"


def test_an_episode_needs_a_title_and_dates_in_order(reviewer, review):
    with pytest.raises(ReviewRuleError) as refused:
        review_episode_add(
            actor=reviewer, review=review, title="", starts_on=date(2024, 3, 1), ends_on=date(2024, 2, 1)
        )
    assert refused.value.problems == [
        ("title", "Enter a title for the episode"),
        ("ends_on", "The episode must end on or after the day it starts"),
    ]
    with pytest.raises(ReviewRuleError) as refused:
        review_episode_add(actor=reviewer, review=review, title="T", starts_on=None, ends_on=None)
    assert [field for field, _ in refused.value.problems] == ["starts_on", "ends_on"]
    with pytest.raises(NotAllowed):
        review_episode_add(
            actor=make_person(review.lead_organisation, Role.PRACTITIONER),
            review=review,
            title="T",
            starts_on=date(2024, 3, 1),
            ends_on=date(2024, 3, 2),
        )
    assert not PracticeEpisode.objects.exists()


def test_the_episodes_page_adds_with_errors_by_their_fields_and_removes(
    client, reviewer, review, chronologies
):
    url = reverse("chronologies:episodes", kwargs={"review_pk": review.pk})
    client.force_login(reviewer)
    refused = client.post(
        url,
        {
            "title": "Exploitation concerns",
            "starts_on_0": "1",
            "starts_on_1": "11",
            "starts_on_2": "2024",
            "ends_on_0": "1",
            "ends_on_1": "10",
            "ends_on_2": "2024",
            "description": "Missing episodes and a new peer group.",
        },
    )
    assert refused.status_code == 200
    assert field_error(refused, "id_ends_on") == "The episode must end on or after the day it starts"
    kept = page_text(refused)
    assert (
        'value="Exploitation concerns"' in kept
        and "Missing episodes and a new peer group.</textarea>" in kept
    )
    missing = client.post(url, {"title": "", "starts_on_0": "31", "starts_on_1": "2", "starts_on_2": "2024"})
    assert field_error(missing, "id_starts_on") == "The date the episode starts must be a real date"
    added = client.post(
        url,
        {
            "title": "Exploitation concerns",
            "starts_on_0": "1",
            "starts_on_1": "11",
            "starts_on_2": "2024",
            "ends_on_0": "15",
            "ends_on_1": "1",
            "ends_on_2": "2025",
        },
    )
    assert added.status_code == 302
    episode = PracticeEpisode.objects.get(review=review)
    body = page_text(client.get(url))
    assert "Exploitation concerns" in body and "1 November 2024 to 15 January 2025" in body
    remove_url = reverse(
        "chronologies:episode_remove", kwargs={"review_pk": review.pk, "episode_pk": episode.pk}
    )
    assert "Remove ‘Exploitation concerns’" in page_text(client.get(remove_url))
    assert client.post(remove_url).status_code == 302
    assert "No practice episodes are marked yet." in page_text(client.get(url))
    assert client.get(remove_url).status_code == 404


def test_entries_in_an_episode_are_marked_with_its_name_on_the_merged_page(
    client, reviewer, review, chronologies
):
    add_entry(chronologies["police"], "12/03/2024", "Inside.")
    add_entry(chronologies["police"], "12/05/2024", "Outside.")
    review_episode_add(
        actor=reviewer, review=review, title="Transfer", starts_on=date(2024, 3, 1), ends_on=date(2024, 3, 31)
    )
    client.force_login(reviewer)
    body = page_text(client.get(reverse("chronologies:merged", kwargs={"review_pk": review.pk})))
    inside, outside = body.index("Inside."), body.index("Outside.")
    marked = body.index("Practice episode</strong> Transfer")
    assert marked < inside < outside and body.count("Practice episode</strong> Transfer") == 1


# --- analysis notes


def test_a_note_about_an_entry_is_kept_apart_from_it(reviewer, review, entry):
    note = review_note_add(
        actor=reviewer, review=review, text="The risk was underestimated.", entry_uid=entry.uid
    )
    assert note.entry_uid == entry.uid and note.author == reviewer
    entry.refresh_from_db()
    assert entry.opinion == "Low risk, in the officer's view." and "underestimated" not in entry.what_happened
    details = audit_details(review)
    assert {"analysis_note": note.pk, "entry": str(entry.uid), "episode": None} in details
    assert not any("underestimated" in str(d) for d in details)


def test_a_note_must_be_about_an_entry_of_this_review_and_have_words(reviewer, review, entry, stranger):
    with pytest.raises(ReviewRuleError, match="Enter the note"):
        review_note_add(actor=reviewer, review=review, text="  ", entry_uid=entry.uid)
    with pytest.raises(ReviewRuleError, match="not in the review's merged chronology"):
        review_note_add(
            actor=reviewer, review=review, text="x", entry_uid="0f0f0f0f-0000-0000-0000-000000000000"
        )
    with pytest.raises(ReviewRuleError, match="not in the review's merged chronology"):
        review_note_add(actor=reviewer, review=review, text="x", entry_uid="not a uid")
    with pytest.raises(ReviewRuleError, match="10,000 characters or fewer"):
        review_note_add(actor=reviewer, review=review, text="x" * 10_001)
    with pytest.raises(NotAllowed):
        review_note_add(actor=stranger, review=review, text="x")
    assert not AnalysisNote.objects.exists()


def test_the_note_page_adds_a_note_under_its_entry_as_the_reviews_analysis(client, reviewer, review, entry):
    merged = reverse("chronologies:merged", kwargs={"review_pk": review.pk})
    url = reverse("chronologies:note_add", kwargs={"review_pk": review.pk})
    client.force_login(reviewer)
    page = page_text(client.get(merged))
    assert f"{url}?entry={entry.uid}&back=" in page
    form = client.get(f"{url}?entry={entry.uid}&back=page%3D1")
    assert "Officers attended the home." in page_text(form) and "Add a note about this entry" in page_text(
        form
    )
    refused = client.post(f"{url}?entry={entry.uid}&back=page%3D1", {"text": " "})
    assert field_error(refused, "id_text") == "Enter the note"
    added = client.post(f"{url}?entry={entry.uid}&back=page%3D1", {"text": "Seen alone: good practice."})
    assert added.status_code == 302 and added.url == f"{merged}?page=1#entry-{entry.uid}"
    body = page_text(client.get(merged))
    analysis = body.index("The review’s analysis</p>", body.index("Officers attended the home."))
    assert (
        body.index("Low risk, in the officer's view.") < analysis < body.index("Seen alone: good practice.")
    )
    general = client.post(f"{url}?back=%2F%2Fevil.example%2F", {"text": "Contacts were reactive."})
    assert general.url == f"{merged}#analysis"
    assert "Contacts were reactive." in page_text(client.get(merged))
    assert client.get(f"{url}?entry=0f0f0f0f-0000-0000-0000-000000000000").status_code == 404
    assert client.get(f"{url}?episode=999").status_code == 404
    assert ChronologyEntry.objects.get(pk=entry.pk).what_happened == "Officers attended the home."


def test_the_analysis_pages_refuse_other_roles_and_other_organisations(
    client, reviewer, review, chronologies, lead_practitioner
):
    urls = [
        reverse("chronologies:gap_setting", kwargs={"review_pk": review.pk}),
        reverse("chronologies:episodes", kwargs={"review_pk": review.pk}),
        reverse("chronologies:note_add", kwargs={"review_pk": review.pk}),
    ]
    for url in urls:
        assert_isolated(client, url, owner=reviewer)
        client.force_login(lead_practitioner)
        assert client.get(url).status_code == 404
        assert client.post(url, {"text": "x", "gap_days": "5", "title": "x"}).status_code == 404
    assert not AnalysisNote.objects.exists() and not PracticeEpisode.objects.exists()
    assert (
        AuditEvent.objects.filter(actor=lead_practitioner, action=AuditAction.PERMISSION_DENIED).count() == 6
    )
