"""The timeline picture (issue 6 item 6): its geometry, and the page's SVG with a lane per agency,
the episodes and gaps shaded, the incident marked, and the tables that hold the same."""

import re
from datetime import date

import pytest
from django.urls import reverse

from threadline.chronologies.domain.timeline import (
    LANE_HEIGHT,
    LaneCounts,
    Span,
    describe,
    draw_timeline,
    label_lines,
    months_between,
)
from threadline.chronologies.models import PracticeEpisode
from threadline.chronologies.selectors.timeline import timeline_of
from threadline.core.models import AuditAction, AuditEvent
from threadline.frameworks.tests.conftest import page_text
from threadline.reviews.tests import conftest as reviews_fixtures

from . import fixtures_merged as fixtures
from .fixtures_merged import add_entry

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

MARCH, APRIL = date(2024, 3, 1), date(2024, 4, 1)


def picture(**changes):
    given = {
        "lanes": [
            LaneCounts("Northbridge Health Board", {MARCH: (4, 1), APRIL: (2, 0)}),
            LaneCounts("Northbridge Police", {APRIL: (8, 8)}),
        ],
        "first": date(2024, 1, 1),
        "last": date(2024, 12, 31),
        "episodes": [Span("Transfer", date(2024, 3, 1), date(2024, 3, 31))],
        "gaps": [Span("Gap of 123 days", date(2024, 6, 1), date(2024, 10, 1))],
        "incident": date(2024, 12, 1),
    }
    return draw_timeline(**{**given, **changes})


def test_each_month_is_a_column_and_each_agency_a_lane():
    drawn = picture()
    assert (
        len(drawn.grid) == 13
        and drawn.first_month == date(2024, 1, 1)
        and drawn.last_month == date(2024, 12, 1)
    )
    assert [lane.name for lane in drawn.lanes] == ["Northbridge Health Board", "Northbridge Police"]
    assert drawn.lanes[1].y - drawn.lanes[0].y == LANE_HEIGHT
    health_bars, police_bars = drawn.lanes[0].bars, drawn.lanes[1].bars
    assert [bar.month for bar in health_bars] == [MARCH, APRIL]
    # The tallest month fills the lane; others are in proportion, significant ones drawn within.
    assert police_bars[0].height == police_bars[0].significant_height == LANE_HEIGHT - 12
    assert health_bars[0].height == pytest.approx((LANE_HEIGHT - 12) / 2, abs=0.1)
    assert health_bars[0].significant_height == pytest.approx((LANE_HEIGHT - 12) / 8, abs=0.1)
    assert health_bars[1].significant_height == 0
    assert health_bars[0].title == "March 2024: 4 contacts, 1 significant"


def test_episodes_gaps_and_the_incident_sit_at_their_dates():
    drawn = picture()
    month = drawn.month_width
    episode, gap = drawn.episodes[0], drawn.gaps[0]
    assert episode.x == pytest.approx(drawn.plot_left + 2 * month, abs=0.1)
    assert episode.width == pytest.approx(month, abs=0.1)
    assert gap.x == pytest.approx(drawn.plot_left + 5 * month, abs=0.1)
    assert gap.x + gap.width == pytest.approx(drawn.plot_left + (9 + 1 / 31) * month, abs=0.1)
    assert drawn.incident.x == pytest.approx(drawn.plot_left + (11 + 0.5 / 31) * month, abs=0.1)
    assert drawn.incident.anchor == "end", "a label near the right edge reads towards the left"
    assert picture(incident=date(2024, 2, 1)).incident.anchor == "start"
    assert picture(incident=date(2025, 6, 1)).incident is None


def test_month_labels_thin_out_on_a_long_period_and_names_wrap_on_two_lines():
    assert [t.label for t in picture().ticks][:3] == ["Jan", "Feb", "Mar"]
    assert picture().ticks[0].year == "2024"
    long = picture(first=date(2015, 1, 1), last=date(2024, 12, 31))
    assert {t.label for t in long.ticks} == {"Jan", "Jul"}
    assert [t.year for t in long.ticks if t.label == "Jan"] == [str(year) for year in range(2015, 2025)]
    assert len(months_between(date(2023, 11, 5), date(2024, 2, 1))) == 4
    assert label_lines("Northbridge Youth Justice Service") == ["Northbridge Youth", "Justice Service"]
    assert label_lines("Police") == ["Police"]


def test_the_description_says_what_the_picture_shows():
    words = describe(picture())
    assert words.startswith(
        "Contacts each month from January 2024 to December 2024, one lane for each of 2 agencies"
    )
    assert "Practice episodes: Transfer, 1 to 31 March 2024" in words
    assert "Gaps with no contact: 1 June to 1 October 2024" in words
    assert "The incident on 1 December 2024" in words


pytestmark = pytest.mark.django_db


def test_the_timeline_page_draws_lanes_episodes_gaps_and_the_incident(client, review, chronologies, reviewer):
    add_entry(chronologies["police"], "12/03/2024 14:30", "Officers attended.", significant=True)
    add_entry(chronologies["police"], "20/03/2024", "Officers attended again.")
    add_entry(chronologies["health"], "04/2024", "Health visitor contact.")
    add_entry(chronologies["yjs"], "02/12/2024", "Appointment kept.")
    PracticeEpisode.objects.create(
        review=review, title="Transfer from Southport", starts_on=date(2024, 3, 1), ends_on=date(2024, 3, 31)
    )
    client.force_login(reviewer)
    response = client.get(reverse("chronologies:timeline", kwargs={"review_pk": review.pk}))
    body = page_text(response)
    assert response.status_code == 200
    svg = re.search(r"<svg class=\"tl\".*?</svg>", body, re.S).group(0)
    assert 'role="img"' in svg and '<title id="tl-title">' in svg and '<desc id="tl-desc">' in svg
    assert re.findall(r'<tspan x="10" y="[\d.]+">([^<]+)</tspan>', svg) == [
        "Northbridge Health Board",
        "Northbridge Police",
        "Northbridge Youth",
        "Justice Service",
    ]
    assert svg.count('class="tl-episode"') == 1 and "Practice episode 1: Transfer from Southport" in svg
    # April is known by its month only, so the one gap runs from May to the contact in December.
    assert svg.count('class="tl-gap"') == 1 and 'fill="url(#tl-gap-hatch)"' in svg
    assert 'class="tl-incident"' in svg and "Incident, 1 March 2025" in svg
    assert "Northbridge Police, March 2024: 2 contacts, 1 significant" in svg
    assert svg.count('class="tl-significant-marker"') == 1
    # The tables hold the same.
    assert "Practice episode 1: Transfer from Southport" in body and "1 to 31 March 2024" in body
    assert "Gap of 215 days with no contact" in body and "1 May to 1 December 2024" in body
    march = re.search(r">March 2024</th>(.*?)</tr>", body, re.S).group(1)
    assert re.findall(r"<td[^>]*>(.*?)</td>", march) == [
        '<span class="threadline-none">0</span>',
        "2 (1)",
        '<span class="threadline-none">0</span>',
    ]
    assert AuditEvent.objects.filter(
        actor=reviewer, action=AuditAction.VIEW, detail__page="timeline"
    ).exists()


def test_the_timeline_counts_in_the_database_and_waits_for_a_submission(review, chronologies, manager):
    add_entry(chronologies["police"], "12/03/2024", "One.", significant=True)
    add_entry(chronologies["police"], "13/03/2024", "Two.")
    found = timeline_of(review)
    police_column = found.agencies.index("Northbridge Police")
    march = next(row for row in found.months if row.month == MARCH)
    assert march.cells[police_column] == (2, 1) and march.total == 2


def test_the_timeline_page_is_for_the_review_team_only(client, review, chronologies, police_writer, reviewer):
    url = reverse("chronologies:timeline", kwargs={"review_pk": review.pk})
    client.force_login(police_writer)
    assert client.get(url).status_code == 404
    client.force_login(reviewer)
    body = page_text(client.get(url))
    assert "The timeline is drawn once an agency has submitted its chronology." not in body
    assert 'media="print"' in body and "chronologies/print.css" in body
