"""Invented incidents for the demonstration, one or more under each framework and in
different states of the clock. Each is notified "in the past" by moving the clock, so the
deadlines, audit rows and reminders read as they would have."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from threadline.core.models import Organisation, User
from threadline.frameworks.models import Criterion, FrameworkVersion, Stage

from .models import Incident
from .services import (
    NotificationDetails,
    incident_clock_pause,
    incident_deadline_delay,
    incident_event_record,
    incident_notify,
    incident_stage_complete,
)

LONDON = ZoneInfo("Europe/London")

# (key, framework, organisation, notifier, days ago notified, child, criterion group, what then)
DEMO = [
    (
        "demo-yjs-1",
        "yjs-serious-incident-review",
        "Northbridge Youth Justice Service",
        "manager@northbridge-yjs.example",
        4,
        ("Jayden Morrow", date(2009, 3, 14)),
        "youth-justice-board",
        "due",
    ),
    (
        "demo-yjs-2",
        "yjs-serious-incident-review",
        "Northbridge Youth Justice Service",
        "practitioner@northbridge-yjs.example",
        30,
        ("Leah Carter", date(2010, 11, 2)),
        "safeguarding",
        "late",
    ),
    (
        "demo-national-1",
        "national-youth-justice-incident",
        "Northbridge Youth Justice Service",
        "manager@northbridge-yjs.example",
        20,
        ("Callum Reid", date(2008, 7, 21)),
        "mandatory",
        "done",
    ),
    (
        "demo-english-1",
        "english-practice-review",
        "Northbridge Safeguarding Children Partnership",
        "chair@northbridge-scp.example",
        60,
        ("Amara Osei", date(2012, 1, 9)),
        "serious-case",
        "decided",
    ),
    (
        "demo-local-1",
        "local-board-learning-review",
        "Northbridge Safeguarding Children Partnership",
        "chair@northbridge-scp.example",
        10,
        ("Ellis Kane", date(2011, 6, 30)),
        "triggers",
        "due",
    ),
    (
        "demo-scottish-1",
        "scottish-learning-review",
        "Glenmoray Child Protection Committee",
        "lead@glenmoray-cpc.example",
        45,
        ("Rory Munro", date(2009, 9, 5)),
        "learning-review",
        "paused",
    ),
]


def _details(child, criterion, when: datetime) -> NotificationDetails:
    name, born = child
    return NotificationDetails(
        full_name=name,
        date_of_birth=born,
        identifiers="Demo record — invented",
        sex="unknown",
        ethnicity="unknown",
        care_experienced="no",
        placed_out_of_area="no",
        disability="unknown",
        status_with_service="open",
        case_closed_on=None,
        occurred_at=when - timedelta(days=2),
        aware_at=when - timedelta(days=1),
        category=criterion.category or "safeguarding",
        criterion=criterion,
        what_happened="An invented incident for the demonstration. No real child or family is described.",
        immediate_actions="A safety plan was agreed with the family and the police were informed.",
        told=[("police", (when - timedelta(days=1)).date(), "Public protection unit")],
    )


def load_demo_data() -> dict[str, int]:
    made = 0
    for key, framework, organisation_name, email, days_ago, child, group, then in DEMO:
        if Incident.objects.filter(submission_key=key).exists():
            continue
        version = (
            FrameworkVersion.objects.filter(framework__key=framework, status="published")
            .order_by("-number")
            .first()
        )
        organisation = Organisation.objects.filter(name=organisation_name).first()
        actor = User.objects.filter(email=email).first()
        criterion = Criterion.objects.filter(version=version, group=group).order_by("order").first()
        if not (version and organisation and actor and criterion):
            continue
        when = (timezone.now() - timedelta(days=days_ago)).astimezone(LONDON).replace(hour=10, minute=0)
        with time_machine.travel(when, tick=False):
            incident = incident_notify(
                actor=actor,
                organisation=organisation,
                framework_version=version,
                details=_details(child, criterion, when),
                submission_key=key,
            )
        stages = list(Stage.objects.filter(version=version).order_by("order"))
        first_deadline = next((s for s in stages if s.deadline_rule), None)
        notified_on = when.date()
        if then == "done" and first_deadline:
            incident_stage_complete(
                actor=actor, incident=incident, stage=first_deadline, done_on=notified_on + timedelta(days=9)
            )
        elif then == "decided":
            incident_event_record(
                actor=actor, incident=incident, event="decision", on=notified_on + timedelta(days=14)
            )
            report = next((s for s in stages if s.runs_from == "decision" and s.deadline_rule), None)
            if report:
                incident_deadline_delay(
                    actor=actor,
                    incident=incident,
                    stage=report,
                    reason="Agencies' chronologies arrived late; the panel agreed a revised date.",
                    revised_due=timezone.localdate() + timedelta(days=200),
                )
        elif then == "paused":
            incident_event_record(
                actor=actor, incident=incident, event="decision", on=notified_on + timedelta(days=10)
            )
            incident_clock_pause(
                actor=actor,
                incident=incident,
                reason="Criminal trial in progress",
                started_on=notified_on + timedelta(days=20),
            )
        made += 1
    return {"incidents": Incident.objects.count()}
