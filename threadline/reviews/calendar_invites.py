"""Calendar entries (iCalendar, RFC 5545/5546) for a review's meetings.

An entry leaves Threadline for people's own calendars, which are often shared or seen on a
phone's lock screen, so it carries the incident's reference and the meeting's title only: the
child is never named, and the agenda stays in Threadline behind the link. Times are written
in UTC, which every calendar turns into the reader's local time, across the clock changes too.

The same UID (the meeting's, for its whole life) and a higher SEQUENCE make a calendar update
the entry people already have, or remove it on METHOD:CANCEL.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.mime.text import MIMEText
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from icalendar import Calendar, Event, vCalAddress, vText

from .domain.meetings import UK

PRODID = "-//Threadline//Learning reviews//EN"
REQUEST = "REQUEST"
CANCEL = "CANCEL"
PUBLISH = "PUBLISH"
FILENAME = "meeting.ics"
CHAIR_ROLES = {"chair", "review chair"}


def event_uid(meeting) -> str:
    return f"{meeting.uid}@threadline"


def meeting_link(meeting) -> str:
    """The meeting's page as a full address, when the site's address is configured."""
    base = (getattr(settings, "THREADLINE_BASE_URL", "") or "").rstrip("/")
    if not base:
        return ""
    return base + reverse("reviews:meeting", kwargs={"pk": meeting.review_id, "meeting_pk": meeting.pk})


def summary_of(meeting, reference: str) -> str:
    return f"{meeting.title} – review of {reference}"


def description_of(meeting, reference: str, link: str) -> str:
    where = (
        f"The agenda, papers and minutes are in Threadline: {link}"
        if link
        else f"The agenda, papers and minutes are in Threadline, on the review of incident {reference}."
    )
    return f"{meeting.title} for the review of incident {reference}.\n{where}"


def _organiser() -> vCalAddress:
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organiser = vCalAddress(f"mailto:{address}")
    organiser.params["cn"] = vText(name or "Threadline")
    return organiser


def _attendee(person, *, rsvp: bool) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["cn"] = vText(person.name)
    address.params["cutype"] = vText("INDIVIDUAL")
    chair = (person.role or "").strip().lower() in CHAIR_ROLES
    address.params["role"] = vText("CHAIR" if chair else "REQ-PARTICIPANT")
    address.params["partstat"] = vText("NEEDS-ACTION")
    address.params["rsvp"] = vText("TRUE" if rsvp else "FALSE")
    return address


def meeting_calendar(
    meeting, *, attendees, method: str, reference: str, stamp: datetime, link: str | None = None
) -> bytes:
    """The meeting as an iCalendar object with one event.

    REQUEST and CANCEL (sent by e-mail) name the organiser and every invitee with an e-mail
    address; PUBLISH (the download) names no one, as RFC 5546 asks."""
    link = meeting_link(meeting) if link is None else link
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    event = Event()
    event.add("uid", event_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", meeting.ends_at.astimezone(UTC))
    event.add("summary", summary_of(meeting, reference))
    if meeting.location:
        event.add("location", meeting.location)
    event.add("description", description_of(meeting, reference, link))
    if link:
        event.add("url", link)
    cancelled = method == CANCEL or meeting.cancelled_at is not None
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    # Invitations may be forwarded or seen by people who should not see the case: marked
    # private so that shared calendars show only that the time is taken.
    event.add("class", "PRIVATE")
    if method != PUBLISH:
        event["organizer"] = _organiser()
        for person in attendees:
            if person.email:
                event.add("attendee", _attendee(person, rsvp=method == REQUEST), encode=0)
    calendar.add_component(event)
    return calendar.to_ical()


def content_type(method: str) -> str:
    return f"text/calendar; method={method}; charset=utf-8"


def calendar_attachment(ics: bytes, method: str) -> MIMEText:
    """The .ics as an e-mail attachment whose content type carries the method, so mail
    programs offer to accept, decline or remove the entry."""
    part = MIMEText(ics.decode("utf-8"), "calendar", "utf-8")
    part.replace_header("Content-Type", content_type(method))
    part.add_header("Content-Disposition", "attachment", filename=FILENAME)
    return part


# --- the e-mails that carry them

EMAIL_TEMPLATES = {
    "invitation": "reviews/email/meeting_invitation.txt",
    "update": "reviews/email/meeting_update.txt",
    "cancellation": "reviews/email/meeting_cancelled.txt",
}


def when_in_words(meeting) -> str:
    """'Thursday 12 June 2025, 10:00 to 12:00 (UK time)': the UK is where the review runs,
    whatever time zone the worker sending the e-mail is set to."""
    start, end = meeting.starts_at.astimezone(UK), meeting.ends_at.astimezone(UK)
    day = f"{start:%A} {start.day} {start:%B %Y}"
    if end.date() != start.date():
        return f"{day}, {start:%H:%M} to {end:%A} {end.day} {end:%B %Y}, {end:%H:%M} (UK time)"
    return f"{day}, {start:%H:%M} to {end:%H:%M} (UK time)"


def invitation_kind(meeting, method: str) -> str:
    if method == CANCEL:
        return "cancellation"
    return "update" if meeting.sequence > 0 else "invitation"


def invitation_subject(meeting, method: str, reference: str) -> str:
    start = meeting.starts_at.astimezone(UK)
    prefix = {"invitation": "Invitation", "update": "Updated invitation", "cancellation": "Cancelled"}
    kind = invitation_kind(meeting, method)
    return f"{prefix[kind]}: {meeting.title}, {start.day} {start:%B %Y} – review of {reference}"


def invitation_messages(meeting, *, recipients, method: str, reference: str, stamp: datetime) -> list:
    """One e-mail per person (so no one sees the others' addresses in the message), each with
    the calendar entry attached. They name the incident's reference and the meeting's title,
    never the child."""
    link = meeting_link(meeting)
    ics = meeting_calendar(
        meeting, attendees=recipients, method=method, reference=reference, stamp=stamp, link=link
    )
    kind = invitation_kind(meeting, method)
    subject = invitation_subject(meeting, method, reference)
    messages = []
    for person in recipients:
        body = render_to_string(
            EMAIL_TEMPLATES[kind],
            {
                "person": person,
                "meeting": meeting,
                "reference": reference,
                "when": when_in_words(meeting),
                "link": link,
            },
        )
        message = EmailMessage(
            subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[person.email]
        )
        message.attach(calendar_attachment(ics, method))
        messages.append(message)
    return messages
