"""Invented meetings and events for the demonstration reviews (issue 5 item 7): the Risk
Management and Resource Panel and an "Understanding our Learning" meeting for a youth justice
review (seed 000), a learning event for a local board review (seed 003), review team meetings
and a practitioner and manager event for a Scottish learning review (seed 004).

Everything goes through the services. Past meetings get their minutes and attendance; no
invitations are e-mailed (the people are invented). Running it again adds nothing.
"""

from datetime import date, time, timedelta

from django.utils import timezone

from .selectors import meetings as meeting_selectors
from .services.meetings import (
    review_meeting_attendance_record,
    review_meeting_schedule,
    review_meeting_texts_save,
)

PANEL = {
    "kind": "panel",
    "title": "Risk Management and Resource Panel: Initial Learning Review",
    "days": -20,
    "hours": (time(10, 0), time(12, 0)),
    "location": "Conference Room 1, Northbridge Youth Justice Service",
    "agenda": "1. The incident and what is known\n2. Critical issues\n3. Immediate learning\n4. Next steps",
    "minutes": (
        "Co-chaired by the Head of Service for Youth Justice and the Head of Learning Academy, with the "
        "panel's core members and the police public protection unit.\n\n"
        "The panel heard the case manager's summary of the service's involvement since 2024 and agreed "
        "that the exploitation risk had not been shared with education in time."
    ),
    "decisions": "A learning review is needed.\nThe review is led by the Youth Justice Service.",
    "actions_arising": (
        "Head of Service: write the terms of reference by the end of the month.\n"
        "Case manager: share the exploitation screening with the school the same day as agreed."
    ),
    "others": "Sam Patel <sam.patel@northbridge-schools.example>, Northbridge Schools Service",
}
UNDERSTANDING = {
    "kind": "understanding-our-learning",
    "title": "Understanding our Learning",
    "days": 21,
    "hours": (time(14, 0), time(16, 0)),
    "location": "Training Room, Northbridge Civic Centre",
    "agenda": "1. The context of the incident\n2. Good practice seen\n3. Learning to apply",
    "others": (
        "Sam Patel <sam.patel@northbridge-schools.example>, Northbridge Schools Service\n"
        "DI Sarah Quinn <lead@midshire-police.example>, Midshire Police"
    ),
}
LEARNING_EVENT = {
    "kind": "learning-event",
    "title": "Learning event",
    "days": 14,
    "hours": (time(9, 30), time(15, 30)),
    "location": "Northbridge Learning Centre",
    "agenda": "1. Welcome and ground rules\n2. Key interventions\n3. Decision making\n4. What would help",
    "others": "Dr Nia Evans <nia.evans@northbridge-health.example>, Northbridge Health Board",
}
TEAM_MEETINGS = [
    {
        "kind": "team-meeting",
        "title": "Review team meeting 1",
        "days": -30,
        "hours": (time(10, 0), time(11, 30)),
        "location": "Online",
        "agenda": "1. Terms of reference\n2. Agencies involved\n3. Chronologies",
        "minutes": "Agreed the terms of reference in draft and the agencies to ask for chronologies.",
        "decisions": "Chronologies are asked from four agencies.",
        "actions_arising": "Business manager: send the chronology requests this week.",
    },
    {
        "kind": "team-meeting",
        "title": "Review team meeting 2",
        "days": -16,
        "hours": (time(10, 0), time(11, 30)),
        "location": "Online",
        "agenda": "1. Combined chronology\n2. Gaps\n3. Practitioner event",
        "minutes": "The combined chronology shows a gap in health involvement during 2024.",
        "decisions": "Hold a practitioner and manager event.",
        "actions_arising": "Lead reviewer: plan the practitioner and manager event.",
    },
    {
        "kind": "practitioner-event",
        "title": "Practitioner and manager event",
        "days": -9,
        "hours": (time(9, 30), time(13, 0)),
        "location": "Glenmoray Council Chambers, Room 4",
        "agenda": "1. What happened and why\n2. What got in the way\n3. What worked well",
        "minutes": "Practitioners described caseload pressure and unclear escalation routes.",
        "decisions": "",
        "actions_arising": "Reviewer: draft the emerging learning for the next team meeting.",
        "others": "Dr Nia Evans <nia.evans@glenmoray-health.example>, Glenmoray Health",
    },
    {
        "kind": "team-meeting",
        "title": "Review team meeting 3",
        "days": 7,
        "hours": (time(10, 0), time(11, 30)),
        "location": "Online",
        "agenda": "1. Emerging learning\n2. Report outline",
    },
]
DEMO_BY_FRAMEWORK = {
    "yjs-serious-incident-review": [PANEL, UNDERSTANDING],
    "local-board-learning-review": [LEARNING_EVENT],
    "scottish-learning-review": TEAM_MEETINGS,
}
OTHERWISE = TEAM_MEETINGS[:2]


def _weekday(day: date, *, past: bool) -> date:
    """A weekday near `day`, still in the past (or future) as `day` was."""
    step = timedelta(days=-1 if past else 1)
    while day.weekday() >= 5:
        day += step
    return day


def _add(review, actor, plan: dict, today: date) -> None:
    past = plan["days"] < 0
    day = _weekday(today + timedelta(days=plan["days"]), past=past)
    start, end = plan["hours"]
    members = list(meeting_selectors.team_to_invite(review))
    meeting = review_meeting_schedule(
        actor=actor,
        review=review,
        kind=plan["kind"],
        title=plan["title"],
        day=day,
        start_time=start,
        end_time=end,
        location=plan["location"],
        agenda=plan["agenda"],
        team_member_ids=[m.pk for m in members if m.email],
        other_invitees=plan.get("others", ""),
        send_invitations=False,
    )
    if not past:
        return
    texts = {name: plan.get(name, "") for name in ("agenda", "minutes", "decisions", "actions_arising")}
    review_meeting_texts_save(actor=actor, meeting=meeting, values=texts, base_version=meeting.version)
    attendees = list(meeting_selectors.attendees_of(meeting))
    # Everyone came but the last person invited, who sent apologies.
    attended = {a.pk: True for a in attendees}
    if len(attendees) > 1:
        attended[attendees[-1].pk] = False
    review_meeting_attendance_record(actor=actor, meeting=meeting, attended=attended)


def load_demo_data(reviews) -> None:
    today = timezone.localdate()
    for review in reviews:
        actor = review.started_by
        plans = DEMO_BY_FRAMEWORK.get(review.incident.framework_version.framework.key, OTHERWISE)
        existing = set(meeting_selectors.meetings_of(review).values_list("title", flat=True))
        for plan in plans:
            if plan["title"] not in existing:
                _add(review, actor, plan, today)
