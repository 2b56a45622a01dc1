"""In a browser, with axe on every page: a review chair arranges a meeting (after reading why
the first try was refused), writes its agenda, moves it and cancels it; records who attended
a meeting already held; and meets the merge screen when a colleague saved the minutes first."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from threadline.reviews.models import Meeting
from threadline.reviews.services.meetings import review_meeting_schedule, review_meeting_texts_save
from threadline.reviews.tests import test_meetings as shared

from .journey import already_signed_in
from .test_incidents import fill_date

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

# The shared fixtures, used by name.
health, team = shared.health, shared.team


def test_a_chair_arranges_moves_and_cancels_a_meeting(open_browser, chair, review, team):
    day = timezone.localdate() + timedelta(days=14)
    ruth = open_browser()
    already_signed_in(ruth, chair)
    page = ruth.page
    ruth.visit(reverse("reviews:meetings", kwargs={"pk": review.pk}))
    assert ruth.heading() == "Meetings and events"

    ruth.follow("Arrange a meeting")
    page.get_by_label("Practitioner event").check()
    fill_date(page, "id_day", day)
    page.get_by_label("Start time").fill("14:00")
    page.get_by_label("End time").fill("13:00")
    page.get_by_label("Nia Evans, Team member (Northbridge Health Board)").check()
    page.get_by_label("Anyone else invited (optional)").fill("Sam Patel sam@example.org")
    ruth.press("Arrange the meeting")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The meeting must end after it starts")
    expect(summary).to_contain_text("Line 1, ‘Sam Patel sam@example.org’, is not in the form")
    expect(page.get_by_label("Start time")).to_have_value("14:00")

    page.get_by_label("End time").fill("16:30")
    page.get_by_label("Anyone else invited (optional)").fill("Sam Patel <sam@example.org>, Schools")
    ruth.press("Arrange the meeting")
    expect(page.get_by_text("‘Practitioner event’ is arranged")).to_be_visible()
    assert ruth.heading() == "Practitioner event"

    ruth.follow("Change the agenda")
    page.get_by_label("Agenda").fill("1. What happened and why\n2. What got in the way")
    ruth.press("Save")
    expect(page.get_by_text("is saved as version 2")).to_be_visible()

    ruth.follow("Change the date, time or place of Practitioner event")
    page.get_by_label("Place (optional)").fill("Online")
    ruth.press("Save and send updates")
    expect(page.get_by_text("Updated invitations are being sent")).to_be_visible()

    ruth.follow("Cancel the meeting Practitioner event")
    ruth.press("Cancel the meeting")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why the meeting is cancelled")
    page.get_by_label("Why is the meeting cancelled?").fill("The venue is closed")
    ruth.press("Cancel the meeting")
    expect(page.locator("h1")).to_contain_text("Cancelled")
    assert Meeting.objects.get(review=review).sequence == 2


def test_attendance_and_the_merge_screen(open_browser, chair, reviewer, review, team):
    held = review_meeting_schedule(
        actor=chair,
        review=review,
        kind="team-meeting",
        day=timezone.localdate() - timedelta(days=2),
        start_time=time(10, 0),
        end_time=time(11, 0),
        team_member_ids=[team["reviewer"].pk, team["nurse"].pk],
    )
    ruth = open_browser()
    already_signed_in(ruth, chair)
    page = ruth.page
    ruth.visit(reverse("reviews:meeting", kwargs={"pk": review.pk, "meeting_pk": held.pk}))
    ruth.follow("Record who attended")
    page.get_by_role("group", name="Nia Evans, Northbridge Health Board").get_by_label(
        "Did not attend"
    ).check()
    page.get_by_role("group", name="Sofia Lind, Northbridge Youth Justice Service").get_by_label(
        "Attended"
    ).check()
    ruth.press("Save")
    expect(page.get_by_text("Who attended is recorded")).to_be_visible()

    ruth.follow("Write the minutes, decisions and actions")
    page.get_by_label("Minutes").fill("Ruth's minutes")
    review_meeting_texts_save(
        actor=reviewer,
        meeting=held,
        values={"agenda": "", "minutes": "Sofia's minutes", "decisions": "", "actions_arising": ""},
        base_version=1,
    )
    ruth.press("Save")
    assert ruth.heading() == "Sofia Lind changed this meeting’s record while you were editing"
    page.get_by_label("Keep your text").check()
    ruth.press("Save")
    expect(page.get_by_text("is saved as version 3")).to_be_visible()
    held.refresh_from_db()
    assert held.minutes == "Ruth's minutes"
