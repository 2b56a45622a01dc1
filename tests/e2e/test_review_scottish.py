"""A Scottish learning review (seed 004) in a browser, checked with axe on every page: from an
incident notified a month ago (notifying it through the question pages is the journey of
test_incidents.py) a service manager starts the review, records the request for information, the
recommendation to proceed with its proposed terms of reference, and the committee's decision;
records a criminal trial that pauses the clock, sees the deadlines paused, ends the trial and sees
the clock run again; then records the family liaison strategy, a log of contacts, the child's view
in their own words and a consent. A team member without family access is refused the family page."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from threadline.core.models import Role
from threadline.core.testing import make_person
from threadline.incidents.models import ClockPause
from threadline.incidents.selectors import incident_timeline
from threadline.incidents.tests.builders import SCOTTISH, framework_version, notify
from threadline.reviews.models import (
    Decision,
    FamilyConsent,
    FamilyContact,
    FamilyLiaisonStrategy,
    FamilyView,
    ParallelProceeding,
    Review,
    StageRecord,
)

from .journey import Visitor, already_signed_in, screenshot
from .test_incidents import fill_date, frameworks  # noqa: F401 — the fixture is used by name
from .test_reviews import long_date, task

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

RFI = "Request for information"
RECOMMENDATION = "Recommendation"
COMMITTEE = "Committee decision"
REPORT = "Report and sign-off"
TERMS_PAGE = "Terms of reference and method"


def days_ago(n: int):
    return timezone.localdate() - timedelta(days=n)


def notified_a_month_ago(manager, organisation):
    """The incident as the notification pages leave it, notified 30 days ago."""
    at = timezone.make_aware(datetime.combine(days_ago(30), time(10, 0)))
    with time_machine.travel(at, tick=False):
        return notify(
            actor=manager,
            organisation=organisation,
            version=framework_version(SCOTTISH),
            full_name="Isla Carmichael",
            occurred_at=at - timedelta(days=2),
            aware_at=at - timedelta(days=1),
        )


def status_of(visitor: Visitor, stage: str):
    return task(visitor, stage).locator(".govuk-task-list__status")


def errors(visitor: Visitor):
    return visitor.page.locator(".govuk-error-summary")


def complete_on(visitor: Visitor, day) -> None:
    fill_date(visitor.page, "id_done_on", day)
    visitor.press("Mark as complete")


def centre(locator) -> None:
    """Scroll what the picture is about to the middle of the window."""
    locator.evaluate("element => element.scrollIntoView({block: 'center'})")


def report_deadline(incident):
    (row,) = [r for r in incident_timeline(incident, today=timezone.localdate()) if r.stage.name == REPORT]
    return row


def request_information(mia: Visitor) -> None:
    page = mia.page
    mia.follow(RFI)
    assert mia.heading() == RFI
    page.get_by_label("Agencies asked", exact=True).fill(
        "Education, Riverside Academy\nNHS Lothian health visiting\nPolice Scotland"
    )
    page.get_by_label("Accounts of involvement", exact=True).fill(
        "School: attendance fell from September.\nHealth: two missed appointments."
    )
    mia.press("Save")
    expect(page.get_by_text(f"‘{RFI}’ saved")).to_be_visible()
    complete_on(mia, days_ago(25))
    expect(errors(mia)).to_contain_text("Enter the initial reflections")
    expect(page.get_by_label("Accounts of involvement", exact=True)).to_have_value(
        "School: attendance fell from September.\nHealth: two missed appointments."
    )
    page.get_by_label("Initial reflections", exact=True).fill(
        "Concerns were held by each agency but not brought together."
    )
    mia.press("Save")
    complete_on(mia, days_ago(25))
    expect(status_of(mia, RFI)).to_have_text("Completed")


def recommend_with_proposed_terms(mia: Visitor, review: Review) -> None:
    page = mia.page
    mia.follow(RECOMMENDATION)
    linked = page.locator("#proposed-terms-of-reference")
    expect(linked).to_contain_text("Not recorded yet")

    mia.follow("Record the decision")
    page.get_by_label("Proceed with consideration of a Learning Review", exact=True).check()
    page.get_by_label("Rationale", exact=True).fill(
        "The agencies' accounts show missed chances to share concerns: a learning review is likely "
        "to bring out learning for the whole system."
    )
    fill_date(page, "id_decided_on", days_ago(21))
    page.get_by_label("Who made the decision", exact=True).fill("Learning review sub-group of the CPC")
    mia.press("Record the decision")
    expect(page.get_by_text("The decision is recorded")).to_be_visible()

    complete_on(mia, days_ago(21))
    expect(errors(mia)).to_contain_text(f"Record the proposed terms of reference on the ‘{TERMS_PAGE}’ page")
    mia.arrive_by(linked.get_by_role("link"))
    assert mia.heading() == "Terms of reference"
    mia.follow("Write the terms of reference")
    page.get_by_label("Key lines of enquiry", exact=True).fill(
        "How agencies shared what they knew about the child in the year before the incident.\n"
        "What helped and what hindered hearing her voice."
    )
    page.get_by_label("Timescale", exact=True).fill("Report to the committee within six months.")
    mia.press("Save as a new version")
    assert mia.heading() == "Terms of reference"
    expect(page.locator(".govuk-summary-list__row", has_text="Current version")).to_contain_text(
        f"Version 1, saved on {long_date(timezone.localdate())}"
    )

    mia.visit(f"{review.get_absolute_url()}stages/recommendation/")
    expect(linked).to_contain_text(f"Version 1, saved on {long_date(timezone.localdate())}")
    complete_on(mia, days_ago(21))
    expect(status_of(mia, RECOMMENDATION)).to_have_text("Completed")


def committee_decides(mia: Visitor) -> None:
    page = mia.page
    mia.follow(COMMITTEE)
    fill_date(page, "id_meeting-date", days_ago(14))
    mia.press("Save")
    mia.follow("Record the decision")
    page.get_by_label("Proceed with a Learning Review", exact=True).check()
    fill_date(page, "id_decided_on", days_ago(14))
    page.get_by_label("Who made the decision", exact=True).fill(
        "Child Protection Committee, chaired by Dr Fiona Reid"
    )
    mia.press("Record the decision")
    expect(errors(mia)).to_contain_text("Enter the rationale for the decision")
    expect(page.get_by_label("Proceed with a Learning Review", exact=True)).to_be_checked()
    page.get_by_label("Rationale", exact=True).fill(
        "The committee agreed the criteria are met and a systemic review will add learning."
    )
    mia.press("Record the decision")
    expect(page.get_by_text("The decision is recorded")).to_be_visible()
    complete_on(mia, days_ago(14))
    expect(status_of(mia, COMMITTEE)).to_have_text("Completed")
    expect(task(mia, COMMITTEE).get_by_text("Decision: Proceed with a Learning Review")).to_be_visible()


def a_trial_pauses_the_clock(mia: Visitor, review: Review) -> None:
    page = mia.page
    incident = review.incident
    due = report_deadline(incident).status.due
    expect(task(mia, REPORT).get_by_text(f"Due {long_date(due)}")).to_be_visible()

    mia.follow("Parallel proceedings")
    assert mia.heading() == "Parallel proceedings"
    page.get_by_label("Criminal trial", exact=True).check()
    page.get_by_label("Who liaises with them?").fill("DS Morag Bell, Police Scotland, with the COPFS")
    fill_date(page, "id_started_on", days_ago(7))
    page.get_by_label("Pause the review's deadlines while these proceedings run").check()
    mia.press("Add the proceedings")
    expect(errors(mia)).to_contain_text("Enter why the clock is paused")
    expect(page.get_by_label("Who liaises with them?")).to_have_value(
        "DS Morag Bell, Police Scotland, with the COPFS"
    )
    expect(page.get_by_label("Criminal trial", exact=True)).to_be_checked()
    page.get_by_label("Why is the clock paused? (if you pause it)").fill(
        "The Procurator Fiscal asked that practitioners are not interviewed before the trial."
    )
    mia.press("Add the proceedings")
    expect(page.get_by_text("The proceedings are recorded")).to_be_visible()
    trials = page.get_by_role("table", name="Proceedings")
    expect(trials.get_by_text("The clock is paused: The Procurator Fiscal asked")).to_be_visible()
    screenshot(mia, "review-proceedings-paused")

    mia.follow("Back to the review")
    expect(status_of(mia, REPORT)).to_have_text("Not yet started")
    expect(task(mia, REPORT)).to_contain_text("Paused with")
    centre(task(mia, REPORT))
    screenshot(mia, "review-scottish-paused")
    mia.follow("See the incident")
    expect(page.get_by_text(f"The clock has been paused since {long_date(days_ago(7))}")).to_be_visible()
    deadlines = page.get_by_role("table", name="Deadlines")
    expect(deadlines.locator("#stage-report-and-sign-off .govuk-tag")).to_have_text("Paused")
    assert report_deadline(incident).state == "paused"

    mia.visit(f"{review.get_absolute_url()}proceedings/")
    mia.follow("End the criminal trial")
    assert mia.heading() == "End the criminal trial"
    mia.press("End the proceedings")
    expect(errors(mia)).to_contain_text("Enter the date the proceedings ended")
    fill_date(page, "id_ended_on", timezone.localdate())
    mia.press("End the proceedings")
    expect(page.get_by_text("The criminal trial has ended")).to_be_visible()
    expect(trials.get_by_text("The clock was paused")).to_be_visible()

    moved = report_deadline(incident).status
    assert moved.due > due, "the days the clock stood still are added to the deadline"
    mia.follow("Back to the review")
    expect(task(mia, REPORT)).to_contain_text(f"Due {long_date(moved.due)}")
    expect(task(mia, REPORT)).to_contain_text("moved by a pause")
    mia.follow("See the incident")
    expect(page.get_by_text("The clock has been paused since")).to_have_count(0)
    row = deadlines.locator("#stage-report-and-sign-off")
    expect(row).to_contain_text(f"Originally {long_date(due)}, moved by a pause")
    expect(row.locator(".govuk-tag")).not_to_have_text("Paused")
    pause = ClockPause.objects.get(incident=incident)
    assert (pause.started_on, pause.ended_on) == (days_ago(7), timezone.localdate())
    trial = ParallelProceeding.objects.get(review=review)
    assert (trial.kind, trial.status, trial.pause_id) == ("criminal-trial", "ended", pause.pk)


CONTACTS = [
    (
        12,
        "The child's mother, Kirsty",
        "Sofia Lind, lead reviewer",
        "Letter",
        "No answer yet. A letter was left.",
    ),
    (
        9,
        "The child's mother, Kirsty",
        "Sofia Lind, lead reviewer",
        "Telephone",
        "She wants to take part. She said the school stopped calling her.",
    ),
    (
        5,
        "Isla, with her grandmother",
        "Grace Adeyemi, key contact",
        "In person",
        "Isla said she would rather write down what she wants to say.",
    ),
]


def the_family(mia: Visitor, review: Review) -> None:
    page = mia.page
    mia.follow("The family and the child")
    assert mia.heading() == "The family and the child"
    mia.follow("Record the family liaison strategy")
    page.get_by_label("Who liaises with the family").fill(
        "Sofia Lind, lead reviewer\nGrace Adeyemi, social worker and key contact"
    )
    page.get_by_label("How the review involves the family").fill(
        "Write to Isla's mother first, then meet her at home before the practitioner events. "
        "Isla is asked, through Grace, how she would like to give her views."
    )
    mia.press("Save the strategy")
    expect(page.get_by_text("The family liaison strategy is saved (version 1)")).to_be_visible()

    for number, (ago, who, made_by, how, said) in enumerate(CONTACTS):
        mia.follow("Record a contact")
        fill_date(page, "id_contacted_on", days_ago(ago))
        page.get_by_label("Who in the family?").fill(who)
        page.get_by_label("Who made the contact?").fill(made_by)
        page.get_by_label(how, exact=True).check()
        if number == 1:
            mia.press("Record the contact")
            expect(errors(mia)).to_contain_text("Enter what the family said")
            expect(page.get_by_label("Who in the family?")).to_have_value(who)
            expect(page.get_by_label(how, exact=True)).to_be_checked()
        page.get_by_label("What did they say?").fill(said)
        mia.press("Record the contact")
        expect(page.get_by_text("The contact is recorded")).to_be_visible()
    log = page.get_by_role("table", name="Every contact with the family, newest first")
    rows = log.locator("tbody tr")
    expect(rows).to_have_count(3)
    for row, (ago, who, made_by, how, said) in zip(rows.all(), reversed(CONTACTS), strict=True):
        expect(row.get_by_role("rowheader")).to_have_text(long_date(days_ago(ago)))
        expect(row).to_contain_text(who)
        expect(row).to_contain_text(made_by)
        expect(row).to_contain_text(how)
        expect(row).to_contain_text(said)

    mia.follow("Record views")
    page.get_by_label("Yes, the child’s own views").check()
    page.get_by_label("Their views, in their own words").fill(
        "Nobody asked me what was happening at home. I wanted my teacher to ask."
    )
    fill_date(page, "id_captured_on", days_ago(3))
    page.get_by_label("How were they captured? (optional)").fill("A letter she wrote with Grace")
    mia.press("Record their views")
    expect(page.get_by_text("Their views are recorded")).to_be_visible()
    expect(page.locator("blockquote", has_text="Nobody asked me what was happening at home.")).to_be_visible()

    mia.follow("Record consent")
    page.get_by_label("Whose consent?").fill("Isla's mother, Kirsty")
    page.get_by_label("Their views being quoted in the report").check()
    page.get_by_label("Given", exact=True).check()
    fill_date(page, "id_on", days_ago(3))
    mia.press("Record the consent")
    expect(page.get_by_text("The consent is recorded")).to_be_visible()
    consent = page.get_by_role(
        "table", name="Consent now: the latest decision of each person on each subject"
    )
    expect(consent.get_by_role("rowheader", name="Isla's mother, Kirsty")).to_be_visible()
    expect(consent.locator(".govuk-tag")).to_have_text("Given")
    centre(log)
    screenshot(mia, "review-family-log")

    strategy = FamilyLiaisonStrategy.objects.get(review=review)
    assert strategy.liaison_people.startswith("Sofia Lind, lead reviewer")
    contacts = FamilyContact.objects.filter(review=review).order_by("contacted_on")
    assert [(c.contacted_on, c.method, c.what_was_said) for c in contacts] == [
        (days_ago(12), "letter", CONTACTS[0][4]),
        (days_ago(9), "phone", CONTACTS[1][4]),
        (days_ago(5), "in-person", CONTACTS[2][4]),
    ]
    (view,) = FamilyView.objects.filter(review=review)
    assert view.is_the_child and view.words.startswith("Nobody asked me")
    (given,) = FamilyConsent.objects.filter(review=review)
    assert (given.subject, given.status) == ("views-in-report", "given")


def test_a_scottish_learning_review_from_notification_to_committee_decision_with_family_and_a_paused_clock(
    open_browser,
    manager,
    organisation,
    frameworks,  # noqa: F811
):
    incident = notified_a_month_ago(manager, organisation)
    assert incident.eligible is True

    mia = open_browser()
    already_signed_in(mia, manager)
    mia.visit("/reviews/")
    mia.follow(f"Start a review of {incident.reference}")
    mia.press("Start the review")
    review = Review.objects.get(incident=incident)
    assert mia.heading() == f"Review of {incident.reference}: {incident.child.pseudonym}"
    expect(mia.page.locator(".govuk-caption-l")).to_have_text("Scottish learning review")
    expect(status_of(mia, RFI)).to_have_text("Not yet started")
    expect(status_of(mia, COMMITTEE)).to_have_text("Cannot start yet")

    request_information(mia)
    recommend_with_proposed_terms(mia, review)
    committee_decides(mia)

    records = StageRecord.objects.filter(review=review)
    assert (
        records.get(stage__key="request-for-information")
        .data["initial-reflections"]
        .startswith("Concerns were held")
    )
    assert records.get(stage__key="committee-decision").data["meeting-date"] == days_ago(14).isoformat()
    decisions = Decision.objects.filter(review=review).order_by("decided_on")
    assert [(d.kind, d.outcome, d.decided_on) for d in decisions] == [
        ("recommendation", "proceed", days_ago(21)),
        ("committee-decision", "proceed", days_ago(14)),
    ]

    a_trial_pauses_the_clock(mia, review)
    mia.visit(review.get_absolute_url())
    the_family(mia, review)

    tom = open_browser()
    already_signed_in(
        tom, make_person(organisation, Role.TEAM_MEMBER, full_name="Tom Member", email="tom@example.test")
    )
    tom.visit(review.get_absolute_url())
    expect(tom.page.get_by_role("link", name="The family and the child")).to_have_count(0)
    for part in ("family/", "family/contacts/add/"):
        tom.visit(f"{review.get_absolute_url()}{part}", status=403)
        assert tom.heading() == "You do not have permission to see this page"
    tom.visit(f"{review.get_absolute_url()}proceedings/")
    expect(tom.page.get_by_role("table", name="Proceedings")).to_contain_text("Criminal trial")
