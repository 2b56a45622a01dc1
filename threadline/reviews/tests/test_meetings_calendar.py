"""Calendar invitations of meetings: the .ics read back with icalendar (times right in winter
and summer, one UID for the meeting's life, SEQUENCE rising with each change, CANCEL on
cancelling) and the e-mails the background task sends, which never name the child."""

import smtplib
from datetime import UTC, date, datetime, time
from email import message_from_bytes

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from threadline.core.models import AuditEvent
from threadline.reviews.calendar_invites import FILENAME
from threadline.reviews.models import MeetingAttendee
from threadline.reviews.services.meetings import review_meeting_cancel, review_meeting_change
from threadline.reviews.services.meetings_invitations import INVITATIONS_ACTOR_LABEL

from . import test_meetings as shared
from .conftest import on
from .test_meetings import SECRETS, queued, run_queued, schedule

# The shared fixtures, used by name.
health, team, meeting = shared.health, shared.team, shared.meeting

pytestmark = pytest.mark.django_db


def calendar_part(message):
    """The text/calendar part of a sent e-mail, as the recipient's mail program sees it."""
    parsed = message_from_bytes(message.message().as_bytes())
    parts = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1, "each invitation carries one calendar entry"
    return parts[0]


def event_of(ics: bytes):
    calendar = Calendar.from_ical(ics)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0]


def event_in(message):
    return event_of(calendar_part(message).get_payload(decode=True))


def attendees_of(event) -> dict[str, dict]:
    found = event.get("attendee")
    found = found if isinstance(found, list) else [found]
    return {str(a).removeprefix("mailto:"): dict(a.params) for a in found}


def test_the_invitation_is_a_request_with_the_meetings_uid_and_winter_times_in_utc(meeting, review, settings):
    settings.DEFAULT_FROM_EMAIL = "Threadline <no-reply@threadline.example>"
    settings.THREADLINE_BASE_URL = "https://threadline.example/"
    with on(date(2025, 3, 10)):
        assert run_queued() == 4
    calendar, event = event_in(mail.outbox[0])
    assert calendar["method"] == "REQUEST" and calendar["version"] == "2.0"
    assert calendar["prodid"] == "-//Threadline//Learning reviews//EN"
    assert event["uid"] == f"{meeting.uid}@threadline"
    assert event.decoded("sequence") == 0
    assert event.decoded("dtstart") == datetime(2025, 3, 12, 10, 0, tzinfo=UTC)
    assert event.decoded("dtend") == datetime(2025, 3, 12, 12, 0, tzinfo=UTC)
    assert event.decoded("dtstamp") == datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
    reference = review.incident.reference
    assert str(event["summary"]) == f"Review team meeting – review of {reference}"
    assert str(event["location"]) == "Room 2, Northbridge Civic Centre"
    link = f"https://threadline.example/reviews/{review.pk}/meetings/{meeting.pk}/"
    assert link in str(event["description"]) and str(event["url"]) == link
    assert str(event["organizer"]) == "mailto:no-reply@threadline.example"
    assert event["organizer"].params["CN"] == "Threadline"
    people = attendees_of(event)
    assert set(people) == {
        "chair@example.test",
        "sofia@example.test",
        "nia.evans@health.example",
        "sam.patel@example.org",
    }
    assert people["chair@example.test"]["CN"] == "Ruth Chair"
    assert people["chair@example.test"]["ROLE"] == "CHAIR"
    assert people["sam.patel@example.org"]["ROLE"] == "REQ-PARTICIPANT"
    assert people["sam.patel@example.org"]["RSVP"] == "TRUE"


def test_a_summer_meeting_starts_an_hour_earlier_in_utc(chair, review, django_capture_on_commit_callbacks):
    with on(date(2025, 6, 2)):
        with django_capture_on_commit_callbacks(execute=True):
            schedule(chair, review, day=date(2025, 6, 12), start_time=time(9, 30), end_time=time(11, 0))
        assert run_queued() == 1
    _, event = event_in(mail.outbox[0])
    assert event.decoded("dtstart") == datetime(2025, 6, 12, 8, 30, tzinfo=UTC)
    assert event.decoded("dtend") == datetime(2025, 6, 12, 10, 0, tzinfo=UTC)
    assert "Thursday 12 June 2025, 09:30 to 11:00 (UK time)" in mail.outbox[0].body
    raw = calendar_part(mail.outbox[0]).get_payload(decode=True).decode()
    assert "DTSTART:20250612T083000Z\r\n" in raw and "DTEND:20250612T100000Z\r\n" in raw


def test_one_email_per_person_with_the_calendar_attached_and_nothing_that_names_the_child(meeting, review):
    with on(date(2025, 3, 10)):
        run_queued()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "chair@example.test",
        "nia.evans@health.example",
        "sam.patel@example.org",
        "sofia@example.test",
    ]
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)
    message = next(m for m in mail.outbox if m.to == ["sam.patel@example.org"])
    reference = review.incident.reference
    assert message.subject == f"Invitation: Review team meeting, 12 March 2025 – review of {reference}"
    assert "Hello Sam Patel," in message.body
    assert (
        f"You are invited to ‘Review team meeting’, for the review of incident {reference}." in message.body
    )
    assert "Wednesday 12 March 2025, 10:00 to 12:00 (UK time)" in message.body
    part = calendar_part(message)
    assert part["Content-Type"] == "text/calendar; method=REQUEST; charset=utf-8"
    assert part.get_filename() == FILENAME
    child = review.incident.child
    for sent in mail.outbox:
        whole = sent.message().as_string() + calendar_part(sent).get_payload(decode=True).decode()
        for secret in (*SECRETS, child.pseudonym, "Gaps in the chronology"):
            assert secret not in whole


def test_sending_marks_who_was_invited_and_is_audited_with_a_count(meeting):
    with on(date(2025, 3, 10)):
        run_queued()
    invited = dict(MeetingAttendee.objects.filter(meeting=meeting).values_list("name", "invited_at"))
    assert invited["PC Tom Reed"] is None and invited["Sam Patel"] is not None
    event = AuditEvent.objects.get(actor_label=INVITATIONS_ACTOR_LABEL)
    assert event.detail == {"meeting": meeting.pk, "method": "REQUEST", "sequence": 0, "recipients": 4}


def test_a_change_sends_the_same_uid_with_the_next_sequence(
    chair, meeting, django_capture_on_commit_callbacks
):
    with on(date(2025, 3, 10)):
        run_queued()
        first = {m.to[0]: event_in(m)[1] for m in mail.outbox}
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            review_meeting_change(
                actor=chair,
                meeting=meeting,
                day=date(2025, 4, 2),
                start_time=time(13, 0),
                end_time=time(14, 30),
                location="Online",
            )
        assert run_queued() == 4
    message = next(m for m in mail.outbox if m.to == ["sam.patel@example.org"])
    assert message.subject.startswith("Updated invitation: Review team meeting, 2 April 2025")
    _, event = event_in(message)
    assert event["uid"] == first["sam.patel@example.org"]["uid"]
    assert event.decoded("sequence") == 1
    # 2 April is after the clocks went forward: 13:00 in the UK is 12:00 UTC.
    assert event.decoded("dtstart") == datetime(2025, 4, 2, 12, 0, tzinfo=UTC)
    assert str(event["location"]) == "Online"
    assert "Wednesday 2 April 2025, 13:00 to 14:30 (UK time)" in message.body


def test_cancelling_sends_cancel_to_those_invited_only(
    chair, review, meeting, django_capture_on_commit_callbacks
):
    with on(date(2025, 3, 10)):
        run_queued()
        MeetingAttendee.objects.filter(email="sam.patel@example.org").update(invited_at=None)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            review_meeting_cancel(actor=chair, meeting=meeting, reason="Jayden Morrow's family asked to wait")
        assert run_queued() == 3
    assert "sam.patel@example.org" not in [m.to[0] for m in mail.outbox]
    message = mail.outbox[0]
    assert message.subject.startswith("Cancelled: Review team meeting, 12 March 2025")
    assert calendar_part(message)["Content-Type"] == "text/calendar; method=CANCEL; charset=utf-8"
    calendar, event = event_in(message)
    assert calendar["method"] == "CANCEL" and event["status"] == "CANCELLED"
    assert event.decoded("sequence") == 1 and event["uid"] == f"{meeting.uid}@threadline"
    assert "Jayden" not in message.body and "family asked" not in message.body


def test_a_run_superseded_by_a_later_change_sends_nothing(chair, meeting, django_capture_on_commit_callbacks):
    with on(date(2025, 3, 10)):
        with django_capture_on_commit_callbacks(execute=True):
            review_meeting_change(
                actor=chair,
                meeting=meeting,
                day=date(2025, 3, 13),
                start_time=time(10, 0),
                end_time=time(11, 0),
            )
        assert queued() == [[meeting.pk, 0], [meeting.pk, 1]]
        assert run_queued() == 4
    assert {event_in(m)[1].decoded("sequence") for m in mail.outbox} == {1}


def test_when_the_mail_server_refuses_nothing_is_marked_as_sent(meeting, monkeypatch):
    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    with on(date(2025, 3, 10)), pytest.raises(smtplib.SMTPServerDisconnected):
        run_queued()
    assert not MeetingAttendee.objects.filter(invited_at__isnull=False).exists()
    assert not AuditEvent.objects.filter(actor_label=INVITATIONS_ACTOR_LABEL).exists()


def test_the_download_is_the_same_entry_published_without_the_invitees(client, reviewer, review, meeting):
    client.force_login(reviewer)
    url = reverse("reviews:meeting_ics", kwargs={"pk": review.pk, "meeting_pk": meeting.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; method=PUBLISH; charset=utf-8"
    assert f"meeting-{review.incident.reference}-2025-03-12.ics" in response["Content-Disposition"]
    calendar, event = event_of(response.content)
    assert calendar["method"] == "PUBLISH" and event["uid"] == f"{meeting.uid}@threadline"
    assert event.get("attendee") is None and event.get("organizer") is None
    assert event.decoded("dtstart") == datetime(2025, 3, 12, 10, 0, tzinfo=UTC)
    for secret in SECRETS:
        assert secret not in response.content.decode()
