"""The meetings pages: arranging one (errors by their fields, nothing typed lost), a meeting's
page, the minutes with autosaved drafts and the merge screen when two people save, moving,
cancelling and attendance; who may do what, and 404 across organisations and reviews."""

import re
from datetime import date

import pytest
from django.urls import reverse

from threadline.core.models import Role
from threadline.core.testing import assert_isolated, make_person
from threadline.frameworks.tests.conftest import error_summary, field_error, page_text
from threadline.incidents.tests.builders import london
from threadline.reviews.models import Meeting, MeetingAttendee
from threadline.reviews.services import review_start

from . import test_meetings as shared
from .conftest import notified, on
from .test_meetings import SAM, queued, texts

# The shared fixtures, used by name.
health, team, meeting = shared.health, shared.team, shared.meeting

pytestmark = pytest.mark.django_db


def url(name, meeting=None, review=None):
    if meeting is not None:
        return reverse(f"reviews:{name}", kwargs={"pk": meeting.review_id, "meeting_pk": meeting.pk})
    return reverse(f"reviews:{name}", kwargs={"pk": review.pk})


def form(**changes) -> dict:
    data = {
        "kind": "learning-event",
        "title": "",
        "day_0": "12",
        "day_1": "3",
        "day_2": "2025",
        "start_time": "9:30",
        "end_time": "3pm",
        "location": "Northbridge Learning Centre",
        "agenda": "Welcome and purpose",
        "other_invitees": SAM,
        "send_invitations": "on",
    }
    return {**data, **changes}


def test_arranging_a_meeting_from_the_page(client, chair, review, team, django_capture_on_commit_callbacks):
    client.force_login(chair)
    add = url("meeting_add", review=review)
    with on(date(2025, 3, 10)):
        page = page_text(client.get(add))
        assert "Ruth Chair, Chair (Northbridge Youth Justice Service)" in page
        assert "PC Tom Reed, Team member (Northbridge Health Board) – no e-mail address" in page
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(add, {**form(), "team_members": [str(team["nurse"].pk)]}, follow=True)
        listing = page_text(client.get(url("meetings", review=review)))
    meeting = Meeting.objects.get(review=review)
    assert response.redirect_chain[-1][0] == url("meeting", meeting)
    body = page_text(response)
    assert "‘Learning event’ is arranged. Invitations are being sent to 2 people." in body
    assert "Wednesday 12 March 2025, 09:30 to 15:00" in body
    assert "Nia Evans" in body and "Sam Patel" in body and "Welcome and purpose" in body
    assert meeting.starts_at == london(2025, 3, 12, 9, 30)
    assert queued() == [[meeting.pk, 0]]
    assert "Learning event" in listing and "Coming up" in listing


def test_mistakes_are_shown_by_their_fields_and_everything_typed_is_kept(client, chair, review, team):
    client.force_login(chair)
    typed = f"{SAM}\nDr Khan khan@example.org"
    with on(date(2025, 3, 10)):
        response = client.post(
            url("meeting_add", review=review),
            form(end_time="9:00", other_invitees=typed, team_members=[str(team["chair"].pk)]),
        )
    assert response.status_code == 200
    assert field_error(response, "id_end_time") == "The meeting must end after it starts"
    bad_line = "Line 2, ‘Dr Khan khan@example.org’, is not in the form Name <email>, organisation"
    # The page helpers strip tags, and "<email>" reads as one once unescaped.
    assert field_error(response, "id_other_invitees") == bad_line.replace("<email>", "")
    assert error_summary(response) == [
        "The meeting must end after it starts",
        bad_line.replace("<email>", ""),
    ]
    assert "is not in the form Name &lt;email&gt;, organisation" in response.content.decode()
    body = page_text(response)
    assert 'value="Northbridge Learning Centre"' in body and 'value="9:00"' in body and 'value="9:30"' in body
    assert typed in body and "Welcome and purpose" in body
    assert re.search(rf'value="{team["chair"].pk}" checked', body)
    assert body.count("<title>Error: ") == 1
    assert not Meeting.objects.exists()


def test_a_time_that_is_not_a_time_is_refused_by_the_form(client, chair, review):
    client.force_login(chair)
    with on(date(2025, 3, 10)):
        response = client.post(url("meeting_add", review=review), form(start_time="half nine"))
    assert (
        field_error(response, "id_start_time")
        == "Enter the start time as a time of day, like 14:30 or 2:30pm"
    )


def test_the_meeting_page_shows_who_was_invited_and_the_texts(client, reviewer, meeting):
    client.force_login(reviewer)
    with on(date(2025, 3, 10)):
        body = page_text(client.get(url("meeting", meeting)))
    assert "Review team meeting" in body and "Room 2, Northbridge Civic Centre" in body
    assert "PC Tom Reed" in body and "No e-mail address" in body
    assert "1. Gaps in the chronology" in body
    assert url("meeting_ics", meeting) in body and url("meeting_cancel", meeting) in body


def test_the_minutes_are_saved_with_the_next_version(client, chair, meeting):
    client.force_login(chair)
    edit = url("meeting_edit_texts", meeting)
    page = page_text(client.get(edit))
    assert 'data-draft-key="' + edit + '"' in page and 'name="base_version" value="1"' in page
    response = client.post(edit, {**texts(minutes="Agreed the chronology is complete"), "base_version": "1"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.version == 2 and meeting.minutes == "Agreed the chronology is complete"


def test_a_stale_save_shows_the_merge_screen_and_the_choice_is_saved(client, chair, reviewer, meeting):
    from threadline.reviews.services.meetings import review_meeting_texts_save

    review_meeting_texts_save(
        actor=chair,
        meeting=meeting,
        values=texts(minutes="The chair's minutes", decisions="Hold a practitioner event"),
        base_version=1,
    )
    client.force_login(reviewer)
    edit = url("meeting_edit_texts", meeting)
    yours = {**texts(minutes="Sofia's minutes", actions_arising="Sofia: book a room"), "base_version": "1"}
    merge = client.post(edit, yours)
    body = page_text(merge)
    assert merge.status_code == 200
    assert "Ruth Chair changed this meeting’s record while you were editing" in body
    assert "The chair's minutes" in body and "Sofia's minutes" in body
    assert "Ruth Chair’s changes to Decisions are kept" in body
    meeting.refresh_from_db()
    assert meeting.version == 2 and meeting.minutes == "The chair's minutes"
    resolution = {
        "resolving": "1",
        "original_version": "1",
        "base_version": "2",
        **{f"yours-{name}": value for name, value in yours.items() if name != "base_version"},
    }
    unchosen = client.post(edit, resolution)
    assert field_error(unchosen, "choice-minutes") == "Select which text to keep"
    chosen = client.post(
        edit, {**resolution, "choice-minutes": "combine", "combined-minutes": "Both sets of minutes"}
    )
    assert chosen.status_code == 302
    meeting.refresh_from_db()
    assert meeting.version == 3 and meeting.minutes == "Both sets of minutes"
    assert (
        meeting.decisions == "Hold a practitioner event" and meeting.actions_arising == "Sofia: book a room"
    )


def test_what_is_typed_in_the_minutes_is_kept_as_a_draft(client, chair, meeting):
    client.force_login(chair)
    edit = url("meeting_edit_texts", meeting)
    kept = client.post(
        reverse("core:draft_autosave"),
        {"draft_key": edit, **texts(minutes="Half-written minutes"), "base_version": "1"},
    )
    assert kept.status_code == 200
    page = page_text(client.get(edit))
    assert "We kept what you typed" in page and "Half-written minutes" in page


def test_moving_and_cancelling_from_the_pages(client, chair, meeting):
    client.force_login(chair)
    with on(date(2025, 3, 10)):
        change = url("meeting_change", meeting)
        shown = page_text(client.get(change))
        assert 'value="10:00"' in shown and 'value="12:00"' in shown and 'value="12"' in shown
        wrong = client.post(
            change, {"day_0": "14", "day_1": "3", "day_2": "2025", "start_time": "2pm", "end_time": "1pm"}
        )
        assert field_error(wrong, "id_end_time") == "The meeting must end after it starts"
        assert 'value="2pm"' in page_text(wrong)
        moved = client.post(
            change,
            {"day_0": "14", "day_1": "3", "day_2": "2025", "start_time": "2pm", "end_time": "3pm"},
            follow=True,
        )
        assert "The meeting is changed. Updated invitations are being sent." in page_text(moved)
        cancel = url("meeting_cancel", meeting)
        assert (
            field_error(client.post(cancel, {"reason": ""}), "id_reason")
            == "Enter why the meeting is cancelled"
        )
        done = client.post(cancel, {"reason": "Room unavailable"}, follow=True)
    body = page_text(done)
    assert "Cancelled" in body and "Reason: Room unavailable" in body
    meeting.refresh_from_db()
    assert meeting.sequence == 2 and meeting.cancelled_at is not None
    assert client.get(change).status_code == 302


def test_attendance_is_recorded_from_the_page_after_the_meeting(client, chair, meeting):
    client.force_login(chair)
    attendance = url("meeting_attendance", meeting)
    with on(date(2025, 3, 11)):
        assert client.get(attendance).status_code == 302
    people = {a.name: a.pk for a in meeting.attendees.all()}
    answers = {f"attended-{pk}": "unknown" for pk in people.values()}
    answers[f"attended-{people['Nia Evans']}"] = "yes"
    answers[f"attended-{people['Sam Patel']}"] = "no"
    with on(date(2025, 3, 13)):
        client.force_login(chair)  # two days later: the first session has timed out
        missing = client.post(
            attendance, {k: v for k, v in answers.items() if k != f"attended-{people['Sam Patel']}"}
        )
        assert (
            field_error(missing, f"id_attended-{people['Sam Patel']}") == "Select whether Sam Patel attended"
        )
        assert client.post(attendance, answers).status_code == 302
    assert MeetingAttendee.objects.get(pk=people["Nia Evans"]).attended is True
    assert MeetingAttendee.objects.get(pk=people["Sam Patel"]).attended is False


def test_people_who_may_see_but_not_arrange_are_refused_changes(client, organisation, review, meeting):
    reader = make_person(organisation, Role.PRACTITIONER, full_name="Pat Reader", email="reader@example.test")
    client.force_login(reader)
    assert client.get(url("meetings", review=review)).status_code == 200
    assert client.get(url("meeting", meeting)).status_code == 200
    for name in ("meeting_edit_texts", "meeting_change", "meeting_cancel", "meeting_attendance"):
        assert client.get(url(name, meeting)).status_code == 403, name
        assert client.post(url(name, meeting), {}).status_code == 403, name
    assert client.get(url("meeting_add", review=review)).status_code == 403
    assert client.post(url("meeting_add", review=review), form()).status_code == 403
    assert "Arrange a meeting" not in page_text(client.get(url("meetings", review=review)))


@pytest.mark.parametrize(
    "name", ["meeting", "meeting_ics", "meeting_edit_texts", "meeting_change", "meeting_cancel"]
)
def test_meeting_pages_are_isolated_between_organisations(client, chair, meeting, name):
    assert_isolated(client, url(name, meeting), owner=chair)


def test_the_list_and_add_pages_are_isolated_between_organisations(client, chair, review):
    assert_isolated(client, url("meetings", review=review), owner=chair)
    assert_isolated(client, url("meeting_add", review=review), owner=chair)


def test_a_meeting_asked_for_under_another_review_is_not_found(
    client, chair, manager, organisation, yjs, meeting
):
    other = notified(manager, organisation, yjs, full_name="Leah Carter")
    with on(date(2025, 3, 4)):
        second = review_start(actor=manager, incident=other)
    client.force_login(chair)
    for name in (
        "meeting",
        "meeting_ics",
        "meeting_edit_texts",
        "meeting_change",
        "meeting_cancel",
        "meeting_attendance",
    ):
        wrong = reverse(f"reviews:{name}", kwargs={"pk": second.pk, "meeting_pk": meeting.pk})
        assert client.get(wrong).status_code == 404, name
        assert client.post(wrong, {"reason": "x"}).status_code == 404, name
    meeting.refresh_from_db()
    assert meeting.cancelled_at is None


def test_what_is_typed_on_the_add_page_is_kept_as_a_draft(client, chair, review, team):
    client.force_login(chair)
    add = url("meeting_add", review=review)
    kept = client.post(
        reverse("core:draft_autosave"),
        {**form(agenda="Half an agenda"), "draft_key": add, "team_members": [str(team["nurse"].pk)]},
    )
    assert kept.status_code == 200
    body = page_text(client.get(add))
    assert "We kept what you typed" in body and "Half an agenda" in body
    assert re.search(rf'value="{team["nurse"].pk}" checked', body)
    assert not re.search(rf'value="{team["chair"].pk}" checked', body)
