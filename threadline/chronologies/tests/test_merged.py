"""The merged chronology (issue 6 item 5): every agency's latest submitted entries in one order,
filtered, with gaps and the incident between them, and its page with who may see it."""

import re
from datetime import date, time

import pytest
from django.urls import reverse

from threadline.chronologies.domain.merged import Marker, place_markers, span_words, when_words
from threadline.chronologies.models import AnalysisNote, EntryMatch, PracticeEpisode
from threadline.chronologies.selectors.merged import (
    MergedFilters,
    merged_entries,
    merged_gaps,
    merged_page,
    submissions_of,
)
from threadline.core.models import AuditAction, AuditEvent, Role
from threadline.core.testing import assert_isolated, make_person
from threadline.frameworks.tests.conftest import field_error, page_text
from threadline.reviews.tests import conftest as reviews_fixtures

from . import fixtures_merged as fixtures
from .fixtures_merged import add_entry, copy_to_next_version

# The fixtures of these tests, bound here so that pytest finds them.
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

pytestmark = pytest.mark.django_db


def whats(entries) -> list[str]:
    return [e.what_happened for e in entries]


@pytest.fixture
def ordered(chronologies):
    """One day, 1 March 2024, as three agencies recorded it, plus a day either side."""
    police, health, yjs = chronologies["police"], chronologies["health"], chronologies["yjs"]
    add_entry(police, "01/03/2024 14:30", "police at 14:30")
    add_entry(police, "01/03/2024 09:05", "police at 09:05")
    add_entry(health, "03/2024", "health in March")
    add_entry(health, "01/03/2024", "health on the day", significant=True)
    add_entry(yjs, "01/03/2024", "yjs on the day, first")
    add_entry(yjs, "01/03/2024", "yjs on the day, second")
    add_entry(yjs, "29/02/2024", "yjs the day before")
    add_entry(police, "02/03/2024", "police the day after")
    add_entry(yjs, "03/2024", "yjs in March")
    return chronologies


def test_merge_ordering_by_date_precision_then_agency_then_the_agencys_order(review, ordered):
    assert whats(merged_entries(review)) == [
        "yjs the day before",
        # the same first day: the months first, by agency name...
        "health in March",
        "yjs in March",
        # ...then the days, by agency name and then in the agency's own order...
        "health on the day",
        "yjs on the day, first",
        "yjs on the day, second",
        # ...then the timed entries by time
        "police at 09:05",
        "police at 14:30",
        "police the day after",
    ]


def test_only_the_latest_submitted_version_of_each_agency_is_merged(review, ordered):
    police = ordered["police"]
    following = copy_to_next_version(police)
    add_entry(following, "02/03/2024", "police, added in version 2")
    draft = copy_to_next_version(following, submitted=False)
    add_entry(draft, "02/03/2024", "police, not submitted yet")
    found = whats(merged_entries(review))
    assert found.count("police at 14:30") == 1
    assert "police, added in version 2" in found and "police, not submitted yet" not in found
    rows = {s.chronology.organisation.name: s.version for s in submissions_of(review)}
    assert rows["Northbridge Police"].number == 2 and rows["Northbridge Schools Service"] is None


def test_filters_by_agency_period_and_significance(review, ordered, police, health):
    assert whats(merged_entries(review, organisation_ids=[health.pk])) == [
        "health in March",
        "health on the day",
    ]
    # A month entry is within a period that starts later in its month.
    in_period = whats(merged_entries(review, date_from=date(2024, 3, 2), date_to=date(2024, 3, 31)))
    assert in_period == ["health in March", "yjs in March", "police the day after"]
    assert whats(merged_entries(review, date_to=date(2024, 2, 29))) == ["yjs the day before"]
    assert whats(merged_entries(review, significant_only=True)) == ["health on the day"]


def test_gap_detection_over_the_period_asked_for_to_the_incident(review, chronologies):
    # The agencies were asked from 1 January 2024; the incident was on 1 March 2025.
    add_entry(chronologies["police"], "15/01/2024", "first contact")
    add_entry(chronologies["health"], "05/2024", "a contact some time in May")
    add_entry(chronologies["yjs"], "20/12/2024 10:00", "last contact")
    assert [(g.first, g.last) for g in merged_gaps(review, gap_days=90)] == [
        (date(2024, 1, 16), date(2024, 4, 30)),  # up to May, which the month entry covers
        (date(2024, 6, 1), date(2024, 12, 19)),
    ]
    assert [(g.first, g.last) for g in merged_gaps(review, gap_days=60)][-1] == (
        date(2024, 12, 21),
        date(2025, 3, 1),
    )
    assert merged_gaps(review, gap_days=400) == []


def test_gap_markers_stand_before_the_first_entry_after_them_even_across_pages():
    days = [date(2024, 1, 5), date(2024, 6, 1), date(2024, 6, 2)]
    gap = Marker("gap", date(2024, 1, 6), date(2024, 5, 31), "No contact")
    the_incident = Marker("incident", date(2025, 3, 1), date(2025, 3, 1), "The incident")
    before, after = place_markers(days, [gap, the_incident], day_before_page=None, last_page=True)
    assert before == [[], [gap], []] and after == [the_incident]
    before, after = place_markers(days[2:], [gap, the_incident], day_before_page=days[1], last_page=False)
    assert before == [[]] and after == []
    before, _ = place_markers(days[1:], [gap], day_before_page=days[0], last_page=False)
    assert before == [[gap], []]


def test_dates_read_with_their_precision():
    assert when_words(date(2024, 3, 1), "month") == "March 2024"
    assert when_words(date(2024, 3, 12), "day") == "12 March 2024"
    assert when_words(date(2024, 3, 12), "time", time(14, 30)) == "12 March 2024, 14:30"
    assert span_words(date(2024, 5, 3), date(2024, 9, 22)) == "3 May to 22 September 2024"
    assert span_words(date(2024, 12, 3), date(2025, 1, 2)) == "3 December 2024 to 2 January 2025"


def test_a_page_decrypts_only_its_own_entries_and_marks_episodes_matches_and_notes(
    review, ordered, manager, django_assert_max_num_queries
):
    first, second = list(merged_entries(review))[1:3]
    episode = PracticeEpisode.objects.create(
        review=review, title="Transfer", starts_on=date(2024, 3, 1), ends_on=date(2024, 3, 1)
    )
    EntryMatch.objects.create(review=review, entry_a=first.uid, entry_b=second.uid, score=0.8)
    AnalysisNote.objects.create(
        review=review, entry_uid=second.uid, text="Seen twice in a day", author=manager
    )
    with django_assert_max_num_queries(12):
        page = merged_page(review, filters=MergedFilters(), per_page=4, page_number=2)
    assert [row.entry.what_happened for row in page.rows] == [
        "yjs on the day, first",
        "yjs on the day, second",
        "police at 09:05",
        "police at 14:30",
    ]
    assert all(row.episodes == [episode] for row in page.rows)
    page = merged_page(review, filters=MergedFilters(), per_page=4, page_number=1)
    assert page.rows[0].episodes == []
    health_march = page.rows[1]
    assert health_march.when == "March 2024" and health_march.episodes == [episode]  # a month spans its days
    assert [link.agency for link in page.rows[2].matches] == ["Northbridge Health Board"]
    assert [n.text for n in page.rows[2].notes] == ["Seen twice in a day"]


# --- the page


def merged_url(review, **query):
    url = reverse("chronologies:merged", kwargs={"review_pk": review.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def cards(response) -> list[str]:
    """The entries' titles in the page's order."""
    text = page_text(response)
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", title)).strip()
        for title in re.findall(r'<h3 class="govuk-summary-card__title">(.*?)</h3>', text, re.S)
    ]


def test_the_merged_page_shows_each_entry_with_the_opinion_apart(client, review, chronologies, reviewer):
    add_entry(
        chronologies["police"],
        "12/03/2024 14:30",
        "Officers attended the home after a call from a neighbour.",
        who_was_present="PC Reed, mother, Child A",
        childs_voice="Child A said they wanted to stay with their nan.",
        opinion="The officer judged the risk to be low.",
        source="Police log 24/1187",
        author_role="Police constable",
        significant=True,
    )
    add_entry(chronologies["health"], "06/2024", "Health visitor contact by telephone.")
    client.force_login(reviewer)
    response = client.get(merged_url(review))
    body = page_text(response)
    assert response.status_code == 200
    assert cards(response) == [
        "12 March 2024, 14:30 Northbridge Police",
        "June 2024 Northbridge Health Board",
    ]
    facts = body.index("Officers attended the home")
    opinion_label = body.index("Northbridge Police’s professional opinion or analysis")
    assert facts < opinion_label < body.index("The officer judged the risk to be low.")
    assert "Child A said they wanted to stay with their nan." in body and "Police log 24/1187" in body
    assert "Recorded by: Police constable" in body and "Significant</strong>" in body
    assert "Version 1, submitted 20 March 2025" in body and "Not submitted yet" in body
    assert "Showing 1 to 2 of 2 entries" in body
    # June is known by its month only: the gap starts after it (71 days before March is no gap).
    assert "No contact from any agency for 244 days, 1 July 2024 to 1 March 2025" in body
    assert "71 days" not in body
    assert "The incident, 1 March 2025" in body
    assert AuditEvent.objects.filter(
        actor=reviewer, action=AuditAction.VIEW, target_id=str(review.pk)
    ).exists()


def test_the_merged_page_filters_and_keeps_what_was_chosen(client, review, ordered, health, manager):
    client.force_login(manager)
    response = client.get(
        merged_url(
            review,
            agency=health.pk,
            significant="on",
            date_from_0="1",
            date_from_1="3",
            date_from_2="2024",
            date_to_0="",
            date_to_1="",
            date_to_2="",
        )
    )
    assert cards(response) == ["1 March 2024 Northbridge Health Board"]
    body = page_text(response)
    assert (
        f'value="{health.pk}" checked' in body
        and 'name="significant" type="checkbox" value="on" checked' in body
    )
    assert "that match the filters" in body and "Clear the filters" in body
    refused = client.get(
        merged_url(
            review,
            date_from_0="5",
            date_from_1="3",
            date_from_2="2024",
            date_to_0="1",
            date_to_1="3",
            date_to_2="2024",
        )
    )
    assert (
        field_error(refused, "id_date_to") == "The end of the period must be the same as or after its start"
    )
    assert 'name="date_from_0" type="text" inputmode="numeric" value="5"' in page_text(refused)
    bad = client.get(merged_url(review, date_from_0="31", date_from_1="2", date_from_2="2024"))
    assert field_error(bad, "id_date_from") == "The start of the period must be a real date"
    assert len(cards(bad)) == 9, "a filter in error filters nothing"


def test_the_merged_page_is_paginated_in_the_database(client, review, chronologies, manager):
    for day in range(1, 29):
        for hour in range(8, 12):
            add_entry(chronologies["police"], f"{day:02d}/02/2024 {hour:02d}:00", f"contact {day} at {hour}")
    client.force_login(manager)
    first = client.get(merged_url(review))
    assert len(cards(first)) == 100 and "Page 1 of 2" in page_text(first)
    second = client.get(merged_url(review, page=2))
    assert cards(second)[0] == "26 February 2024, 08:00 Northbridge Police" and len(cards(second)) == 12
    # The gap up to the incident is shown after the last entry, on the last page only.
    assert "No contact from any agency for 367 days, 29 February 2024 to 1 March 2025" in page_text(second)
    assert "No contact from any agency for 367 days" not in page_text(first)


def test_an_agency_writer_cannot_see_the_merged_page_and_the_review_team_can(
    client, review, chronologies, police_writer, reviewer, chair
):
    url = merged_url(review)
    client.force_login(police_writer)
    assert client.get(url).status_code == 404
    assert AuditEvent.objects.filter(actor=police_writer, action=AuditAction.PERMISSION_DENIED).exists()
    for person in (reviewer, chair):
        client.force_login(person)
        assert client.get(url).status_code == 200
    practitioner = make_person(review.lead_organisation, Role.PRACTITIONER)
    client.force_login(practitioner)
    assert client.get(url).status_code == 404
    assert_isolated(client, url, owner=reviewer)


def test_the_merged_page_before_any_request_or_submission(client, review, reviewer):
    client.force_login(reviewer)
    body = page_text(client.get(merged_url(review)))
    assert "No agency has been asked for a chronology yet." in body
    assert "No agency has submitted its chronology yet." in body
    assert "No contact from any agency" not in body and 'media="print"' in body
