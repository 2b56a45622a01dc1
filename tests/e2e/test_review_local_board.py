"""A local safeguarding children board's learning review (seed 003) through its four phases, in a
browser with axe on every page. The chair of the Case Review Sub-Group starts the review, dates
the decision to hold it, and prepares: the chronologies, then an attempt to finish the phase that
names what is missing, then the learning review lead and group on the team page, the key lines of
enquiry agreed on the terms page, and the learning event arranged on the meetings page, which
e-mails each participant an invitation with a calendar entry. On the day of the learning event
they record who came, the findings and the agreed actions; weeks later the recommendations and
the action plan with its owner; months later what monitoring shows."""

from contextlib import contextmanager
from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from threadline.chronologies.selectors.chronologies import request_defaults
from threadline.chronologies.services.entries import chronology_entry_add
from threadline.chronologies.services.requests import chronologies_request
from threadline.chronologies.services.versions import chronology_submit
from threadline.core.models import Organisation, Role
from threadline.core.testing import make_organisation, make_person
from threadline.incidents.models import ClockEvent
from threadline.incidents.tests.builders import LOCAL, framework_version, notify
from threadline.learning.services.findings import finding_add
from threadline.learning.services.measures import embed_measure_add
from threadline.learning.testing import make_action_plan
from threadline.reviews.calendar_invites import FILENAME
from threadline.reviews.models import Meeting, Review, ReviewTeamMember, StageRecord, TermsOfReference
from threadline.reviews.tests.test_meetings import run_queued
from threadline.reviews.tests.test_meetings_calendar import calendar_part, event_in

from .journey import Visitor, already_signed_in, screenshot
from .test_incidents import fill_date, frameworks  # noqa: F401 — the fixture is used by name

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

PREPARATION = "Phase 1: Preparation"
ACTION = "Phase 2: Action"
REVIEW = "Phase 3: Review"
EMBED = "Phase 4: Embed"
ANNUAL_REPORT = "Learning in the annual report"
PHASES = {"preparation": PREPARATION, "action": ACTION, "review": REVIEW, "embed": EMBED}
TEAM_PAGE = "Review team and agencies involved"
TERMS_PAGE = "Terms of reference and method"
HEALTH = "Northbridge Health Board"
SAM = "Sam Patel <sam.patel@example.org>, Northbridge Schools Service"


def long_date(day) -> str:
    return f"{day.day} {day:%B %Y}"


def status_of(visitor: Visitor, stage: str):
    return visitor.page.locator(".govuk-task-list__item", has_text=stage).locator(".govuk-task-list__status")


def fill(visitor: Visitor, answers: dict[str, str]) -> None:
    for label, text in answers.items():
        visitor.page.get_by_label(label, exact=True).fill(text)


def save_and_complete(visitor: Visitor, phase: str, review: Review) -> None:
    visitor.press("Save")
    expect(visitor.page.get_by_text(f"‘{phase}’ saved")).to_be_visible()
    complete(visitor, phase, review)


def complete(visitor: Visitor, phase: str, review: Review) -> None:
    visitor.press("Mark as complete")
    expect(visitor.page.get_by_text(f"‘{phase}’ marked as complete")).to_be_visible()
    assert visitor.path == review.get_absolute_url()
    expect(status_of(visitor, phase)).to_have_text("Completed")


@contextmanager
def coming_back(visitor: Visitor, person, when: datetime):
    """The person comes back to Threadline at `when`: the clock of the whole process (the live
    server's too) moves there, and they sign in again, their old session long gone."""
    with time_machine.travel(timezone.make_aware(when), tick=True):
        already_signed_in(visitor, person)
        yield


def start_the_review(ruth: Visitor, incident) -> Review:
    page = ruth.page
    today = timezone.localdate()
    ruth.visit("/reviews/")
    ruth.follow(f"Start a review of {incident.reference}")
    ruth.press("Start the review")
    review = Review.objects.get(incident=incident)
    expect(status_of(ruth, PREPARATION)).to_have_text("Cannot start yet")

    # The Case Review Sub-Group's decision to hold a learning review starts the phases.
    ruth.follow("See the incident")
    ruth.follow("Record the decision date")
    expect(page.get_by_label("The decision to review", exact=True)).to_be_checked()
    fill_date(page, "id_on", today)
    ruth.press("Save the date")
    expect(page.get_by_text(f"The decision to review: {long_date(today)}")).to_be_visible()
    assert ClockEvent.objects.get(incident=incident, event="decision").on == today
    ruth.visit(review.get_absolute_url())
    expect(status_of(ruth, PREPARATION)).to_have_text("Not yet started")
    return review


def the_health_board_sends_its_chronology(page, review: Review) -> None:
    """The chronology itself is the agencies' work, shown in their own journey
    (test_chronologies.py): here the health board is asked, answers and submits."""
    health = Organisation.objects.get(name=HEALTH)
    lead = make_person(health, Role.PARTNER_AGENCY_LEAD, full_name="Hana Lead", email="hana@health.example")
    chair = review.started_by
    asked = request_defaults(review, today=timezone.localdate())
    (chronology,) = chronologies_request(actor=chair, review=review, agencies=[health], **asked)
    chronology_entry_add(
        actor=lead,
        chronology=chronology,
        values={
            "date": f"{asked['period_to']:%d/%m/%Y}",
            "what_happened": "Seen at the emergency department.",
        },
    )
    chronology_submit(actor=lead, chronology=chronology)


def prepare(ruth: Visitor, review: Review, event_day) -> None:
    page = ruth.page
    today = timezone.localdate()
    ruth.follow(PREPARATION)
    assert ruth.heading() == PREPARATION
    fill(
        ruth,
        {
            "Participants invited": "Sofia Lind, lead reviewer\nNia Evans, school nurse\nSam Patel, head of "
            "year",
        },
    )
    fill_date(page, "id_learning-event-date", event_day)
    ruth.press("Save")
    expect(page.get_by_text(f"‘{PREPARATION}’ saved")).to_be_visible()

    # Finishing the phase too soon names what is still to do, on the pages that record it.
    ruth.press("Mark as complete")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(f"Record the learning review lead on the ‘{TEAM_PAGE}’ page")
    expect(summary).to_contain_text(f"Record the learning review group on the ‘{TEAM_PAGE}’ page")
    expect(summary).to_contain_text(
        f"Record the terms of reference or key lines of enquiry on the ‘{TERMS_PAGE}’ page"
    )
    expect(summary).to_contain_text("Record the agency chronologies on the ‘Merged chronology’ page")
    expect(summary).to_contain_text("Record the combined chronology on the ‘Merged chronology’ page")
    expect(summary.locator("li")).to_have_count(5)
    screenshot(ruth, "review-local-board-missing-parts")
    expect(page.get_by_label("Participants invited", exact=True)).to_have_value(
        "Sofia Lind, lead reviewer\nNia Evans, school nurse\nSam Patel, head of year"
    )
    assert not review.incident.completions.exists()

    ruth.arrive_by(page.locator("#learning-review-lead").get_by_role("link"))
    assert ruth.heading() == TEAM_PAGE
    ruth.follow("Add a member")
    page.get_by_label("Lead reviewer", exact=True).check()
    page.get_by_label("Threadline person").select_option(label="Sofia Lind (sofia@example.test)")
    ruth.press("Add them to the team")
    expect(page.get_by_text("Sofia Lind is proposed as lead reviewer")).to_be_visible()
    ruth.follow("Add a member")
    page.get_by_label("Team member", exact=True).check()
    page.get_by_label("Full name", exact=True).fill("Nia Evans")
    page.get_by_label("Email address", exact=True).fill("nia.evans@health.example")
    page.get_by_label("Job title (optional)").fill("School nurse")
    page.get_by_label("Organisation they represent").select_option(label=HEALTH)
    ruth.press("Add them to the team")
    expect(page.get_by_text("Nia Evans is proposed as team member")).to_be_visible()
    assert ReviewTeamMember.objects.filter(review=review).count() == 2

    ruth.follow("Back to the review")
    ruth.follow(TERMS_PAGE)
    ruth.follow("Write the terms of reference")
    page.get_by_label("Key lines of enquiry", exact=True).fill(
        "1. What did each agency know about the exploitation risk, and when?\n"
        "2. What got in the way of sharing it?"
    )
    page.get_by_label("Learning review (systems approach)", exact=True).check()
    page.get_by_label("Rationale for the method", exact=True).fill(
        "Practitioners reflect together on how they saw things at the time."
    )
    ruth.press("Save as a new version")
    expect(page.get_by_text("Terms of reference saved as version 1")).to_be_visible()
    ruth.follow("Record that version 1 was agreed")
    page.get_by_label("Who agreed it?").fill("The LSCB Case Review Sub-Group")
    fill_date(page, "id_agreed_on", today)
    ruth.press("Record the agreement")
    expect(page.get_by_text("Version 1 of the terms of reference is recorded as agreed")).to_be_visible()
    assert TermsOfReference.objects.get(review=review).version == 1

    ruth.follow("Back to the review")
    ruth.follow("Meetings and events")
    arrange_the_learning_event(ruth, review, event_day)

    ruth.follow("Back to meetings and events")
    expect(page.get_by_role("table", name="Coming up")).to_contain_text("Learning event")
    ruth.follow("Back to the review")
    the_health_board_sends_its_chronology(ruth.page, review)
    ruth.follow(PREPARATION)
    expect(page.locator("#agency-chronologies")).to_contain_text(
        f"The one agency asked has submitted: {HEALTH}"
    )
    expect(page.locator("#combined-chronology")).to_contain_text("1 entry from 1 agency in date order")
    expect(page.locator("#learning-review-lead")).to_contain_text(
        "Sofia Lind (Northbridge Youth Justice Service)"
    )
    expect(page.locator("#learning-review-group")).to_contain_text("Nia Evans (Northbridge Health Board)")
    expect(page.locator("#terms-of-reference-or-key-lines-of-enquiry")).to_contain_text(
        "The LSCB Case Review Sub-Group"
    )
    ruth.press("Mark as complete")
    expect(page.get_by_text(f"‘{PREPARATION}’ marked as complete")).to_be_visible()
    expect(status_of(ruth, PREPARATION)).to_have_text("Completed")
    expect(status_of(ruth, ACTION)).to_have_text("Not yet started")
    saved = StageRecord.objects.get(review=review, stage__key="preparation").data
    assert saved["learning-event-date"] == event_day.isoformat()


def arrange_the_learning_event(ruth: Visitor, review: Review, event_day) -> None:
    page = ruth.page
    ruth.follow("Arrange a meeting")
    page.get_by_label("Learning event", exact=True).check()
    fill_date(page, "id_day", event_day)
    page.get_by_label("Start time").fill("09:30")
    page.get_by_label("End time").fill("13:00")
    page.get_by_label("Place (optional)").fill("Room 2, Northbridge Civic Centre")
    page.get_by_label("Sofia Lind, Lead reviewer (Northbridge Youth Justice Service)").check()
    page.get_by_label("Nia Evans, Team member (Northbridge Health Board)").check()
    page.get_by_label("Anyone else invited (optional)").fill(SAM)
    expect(page.get_by_label("E-mail each person an invitation with a calendar entry")).to_be_checked()
    ruth.press("Arrange the meeting")
    expect(
        page.get_by_text("‘Learning event’ is arranged. Invitations are being sent to 3 people.")
    ).to_be_visible()
    screenshot(ruth, "review-local-board-learning-event")
    meeting = Meeting.objects.get(review=review)
    assert meeting.kind == "learning-event"

    # The invitations go out from the background worker, as it would run them.
    assert run_queued() == 3
    reference = review.incident.reference
    assert sorted(m.to[0] for m in mail.outbox) == [
        "nia.evans@health.example",
        "sam.patel@example.org",
        "sofia@example.test",
    ]
    message = next(m for m in mail.outbox if m.to == ["sam.patel@example.org"])
    assert message.subject == f"Invitation: Learning event, {long_date(event_day)} – review of {reference}"
    assert "Hello Sam Patel," in message.body
    part = calendar_part(message)
    assert part.get_filename() == FILENAME == "meeting.ics"
    assert part["Content-Type"] == "text/calendar; method=REQUEST; charset=utf-8"
    calendar, event = event_in(message)
    assert calendar["method"] == "REQUEST"
    assert str(event["summary"]) == f"Learning event – review of {reference}"
    assert str(event["location"]) == "Room 2, Northbridge Civic Centre"
    assert event.decoded("dtstart").date() == event_day


def test_a_local_board_learning_review_through_its_four_phases(
    open_browser,
    manager,
    chair,
    reviewer,
    organisation,
    frameworks,  # noqa: F811
):
    make_organisation(HEALTH)
    incident = notify(actor=manager, organisation=organisation, version=framework_version(LOCAL))
    assert incident.eligible is True
    event_day = timezone.localdate() + timedelta(days=14)

    ruth = open_browser()
    already_signed_in(ruth, chair)
    review = start_the_review(ruth, incident)
    prepare(ruth, review, event_day)
    page = ruth.page

    with coming_back(ruth, chair, datetime.combine(event_day, time(15, 0))):
        ruth.visit(review.get_absolute_url())
        ruth.follow(ACTION)
        fill_date(page, "id_learning-event-date", event_day)
        fill(
            ruth,
            {
                "Attendees": "Sofia Lind, lead reviewer (chair)\nNia Evans, school nurse\nSam Patel, head of "
                "year",
                "Escalations and urgent actions": "None needed urgent action.",
                "Agreed actions": "A monthly multi-agency exploitation meeting, from next month.",
            },
        )
        # The key findings are the review's findings, written on their own page.
        finding_add(
            actor=chair,
            review=review,
            kind="learning",
            title="No one put the picture together",
            text="Each agency held part of the picture; no one met to put it together.",
        )
        save_and_complete(ruth, ACTION, review)

    with coming_back(ruth, chair, datetime.combine(event_day + timedelta(weeks=6), time(10, 0))):
        ruth.visit(review.get_absolute_url())
        ruth.follow(REVIEW)
        fill(
            ruth,
            {
                "Action plan owner": "The LSCB Safeguarding Adolescents Sub-Group, through the Business Group",
            },
        )
        # The recommendations and the action plan are made on their own pages.
        make_action_plan(
            actor=chair, review=review, owner=chair, organisation=review.lead_organisation, findings=False
        )
        save_and_complete(ruth, REVIEW, review)

    with coming_back(ruth, chair, datetime.combine(event_day + timedelta(weeks=26), time(10, 0))):
        ruth.visit(review.get_absolute_url())
        ruth.follow(EMBED)
        expect(ruth.page.locator("#performance-indicators")).to_contain_text("Not recorded yet")
        # Indicators and audit results are recorded against the actions (the embedding page).
        (action,) = review.actions.all()
        for kind, name, result, day in (
            ("indicator", "Referrals screened with the tool", "61%", event_day + timedelta(weeks=13)),
            ("indicator", "Referrals screened with the tool", "92%", event_day + timedelta(weeks=26)),
            ("audit", "Multi-agency audit of twelve cases", "Good", event_day + timedelta(weeks=25)),
        ):
            embed_measure_add(
                actor=chair,
                action=action,
                kind=kind,
                name=name,
                measured_on=day,
                result=result,
                shows="changed",
            )
        ruth.page.reload()
        expect(ruth.page.locator("#performance-indicators")).to_contain_text(
            "Referrals screened with the tool: 92%"
        )
        expect(ruth.page.locator("#changes-to-practice-seen")).to_contain_text(
            "Practice has changed: 2 measures"
        )
        complete(ruth, EMBED, review)
        for phase in PHASES.values():
            expect(status_of(ruth, phase)).to_have_text("Completed")
        expect(status_of(ruth, ANNUAL_REPORT)).to_have_text("Not yet started")
        ruth.page.get_by_role("heading", name="Stages").evaluate("element => element.scrollIntoView()")
        screenshot(ruth, "review-local-board-task-list")

    completions = dict(review.incident.completions.values_list("stage__key", "done_on"))
    assert set(completions) == set(PHASES)
    assert completions["preparation"] < completions["action"] == event_day < completions["review"]
    assert completions["embed"] == event_day + timedelta(weeks=26)
    owner = StageRecord.objects.get(review=review, stage__key="review").data["action-plan-owner"]
    assert owner.startswith("The LSCB Safeguarding Adolescents Sub-Group")
