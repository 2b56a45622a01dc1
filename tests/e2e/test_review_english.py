"""An English local child safeguarding practice review, in a browser with axe on every page: a
service manager starts the review of a notified incident, records the rapid review with the
agencies involved, the decision to hold a local review, commissions a lead reviewer (whose agency
was involved, so Threadline refuses their independence and the chair records how the conflict
is handled), agrees the method and terms of reference, records the review with the family's
involvement, the final report and its copy to the national Panel, and sees every stage completed."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from threadline.core.testing import make_organisation
from threadline.incidents.models import ClockEvent
from threadline.incidents.tests.builders import ENGLISH, framework_version, notify
from threadline.learning.testing import make_action_plan
from threadline.reviews.models import (
    Decision,
    FamilyContact,
    InvolvedAgency,
    Review,
    ReviewTeamMember,
    StageRecord,
    TermsOfReference,
)

from .journey import Visitor, already_signed_in, screenshot
from .test_incidents import fill_date, frameworks  # noqa: F401 — the fixture is used by name

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

RAPID_REVIEW = "Rapid review"
DECISION = "Decision on a local review"
COMMISSION = "Reviewer commissioned"
METHOD = "Method agreed"
CONDUCT = "Review conducted"
FINAL_REPORT = "Final report"
TO_PANEL = "Full report sent to the Panel and the Secretary of State"
TEAM_PAGE = "Review team and agencies involved"
NOTIFIED = "Serious incident notified to the national Panel"
STAGES = {
    "notification": NOTIFIED,
    "rapid-review": RAPID_REVIEW,
    "decision": DECISION,
    "commission-reviewer": COMMISSION,
    "method": METHOD,
    "review": CONDUCT,
    "final-report": FINAL_REPORT,
    "report-to-panel": TO_PANEL,
}
HEALTH = "Northbridge Health Board"
POLICE = "Northbridge Police"
LEAD = "Dr Lena Hart"


def picture(visitor: Visitor, top, name: str) -> None:
    """A screenshot with `top` at the top of the window."""
    top.evaluate("element => element.scrollIntoView()")
    screenshot(visitor, name)


def status_of(visitor: Visitor, stage: str):
    return visitor.page.locator(".govuk-task-list__item", has_text=stage).locator(".govuk-task-list__status")


def errors(visitor: Visitor):
    return visitor.page.locator(".govuk-error-summary")


def fill(visitor: Visitor, answers: dict[str, str]) -> None:
    for label, text in answers.items():
        visitor.page.get_by_label(label, exact=True).fill(text)


def save_stage(visitor: Visitor, stage: str) -> None:
    visitor.press("Save")
    expect(visitor.page.get_by_text(f"‘{stage}’ saved")).to_be_visible()


def mark_complete(visitor: Visitor, stage: str, review: Review) -> None:
    visitor.press("Mark as complete")
    expect(visitor.page.get_by_text(f"‘{stage}’ marked as complete")).to_be_visible()
    assert visitor.path == review.get_absolute_url()
    expect(status_of(visitor, stage)).to_have_text("Completed")


def back_to_the_review(visitor: Visitor) -> None:
    visitor.follow("Back to the review")


def rapid_review(mia: Visitor, review: Review) -> None:
    page = mia.page
    mia.follow(RAPID_REVIEW)
    assert mia.heading() == RAPID_REVIEW
    fill(
        mia,
        {
            "Facts of the case": "Admitted to hospital with a head injury; the explanation did not fit it.",
            "Immediate learning": "Bruising on a non-mobile baby was seen twice and not referred.",
            "Immediate actions": "Child protection plan for the sibling; health visitors reminded of the "
            "bruising protocol.",
        },
    )
    save_stage(mia, RAPID_REVIEW)

    # Everything typed is saved, but the agencies involved belong on the team page.
    mia.press("Mark as complete")
    expect(errors(mia)).to_contain_text(f"Record the agencies involved on the ‘{TEAM_PAGE}’ page")
    expect(page.get_by_label("Facts of the case", exact=True)).to_have_value(
        "Admitted to hospital with a head injury; the explanation did not fit it."
    )
    agencies = page.locator("#agencies-involved")
    expect(agencies).to_contain_text("Not recorded yet")

    mia.arrive_by(agencies.get_by_role("link"))
    assert mia.heading() == TEAM_PAGE
    for agency, involvement in (
        (HEALTH, "Health visiting and the emergency department."),
        (POLICE, "Attended the home after a neighbour's call."),
    ):
        page.get_by_label("Agency", exact=True).select_option(label=agency)
        page.get_by_label("Their involvement (optional)").fill(involvement)
        mia.press("Add the agency")
        expect(page.get_by_text(f"{agency} is listed as involved with the child")).to_be_visible()
    assert InvolvedAgency.objects.filter(review=review).count() == 2

    back_to_the_review(mia)
    mia.follow(RAPID_REVIEW)
    expect(page.locator("#agencies-involved")).to_contain_text(f"{HEALTH} and {POLICE}")
    mark_complete(mia, RAPID_REVIEW, review)


def decide_to_hold_a_local_review(mia: Visitor, review: Review) -> None:
    page = mia.page
    today = timezone.localdate()
    mia.follow(DECISION)
    fill(
        mia,
        {
            "Criteria considered": "Two agencies missed the same bruising: concerns about agencies working "
            "together, and improvements needed.",
            "How the decision was communicated to the family": "The chair telephoned the mother and wrote "
            "to her with the rationale.",
        },
    )
    save_stage(mia, DECISION)
    mia.follow("Record the decision")
    assert mia.heading() == f"Record the decision: {DECISION}"
    page.get_by_label("Local review", exact=True).check()
    page.get_by_label("Rationale", exact=True).fill(
        "The case meets the criteria and the learning is local: a local review is appropriate."
    )
    fill_date(page, "id_decided_on", today)
    mia.press("Record the decision")
    expect(errors(mia)).to_contain_text("Enter who made the decision")
    expect(page.get_by_label("Local review", exact=True)).to_be_checked()
    page.get_by_label("Who made the decision", exact=True).fill(
        "The three safeguarding partners' delegated leads"
    )
    mia.press("Record the decision")
    expect(page.get_by_text("The decision is recorded")).to_be_visible()
    mark_complete(mia, DECISION, review)
    expect(
        page.locator(".govuk-task-list__item", has_text=DECISION).get_by_text("Decision: Local review")
    ).to_be_visible()
    decision = Decision.objects.get(review=review)
    assert (decision.outcome, decision.decided_on) == ("local-review", today)
    assert ClockEvent.objects.get(incident=review.incident, event="decision").on == today


def commission_the_reviewer(mia: Visitor, ruth: Visitor, review: Review) -> None:
    page = mia.page
    mia.follow(COMMISSION)
    page.get_by_label("Knowledge and skills considered", exact=True).fill(
        "Twenty years in health visiting; has led three local reviews; communicates findings clearly."
    )
    save_stage(mia, COMMISSION)
    mia.arrive_by(page.locator("#reviewers").get_by_role("link"))
    mia.follow("Add a member")
    page.get_by_label("Lead reviewer", exact=True).check()
    page.get_by_label("Full name", exact=True).fill(LEAD)
    page.get_by_label("Email address", exact=True).fill("lena.hart@health.example")
    page.get_by_label("Job title (optional)").fill("Designated nurse for safeguarding")
    page.get_by_label("Organisation they represent").select_option(label=HEALTH)
    mia.press("Add them to the team")
    warning = (
        f"They belong to {HEALTH}, an agency involved with the child. A lead reviewer should have no "
        "real or perceived conflict of interest."
    )
    row = page.locator("tr", has_text=LEAD)
    expect(row.locator(".govuk-warning-text")).to_contain_text(warning)
    expect(row.get_by_text("Not yet declared")).to_be_visible()
    expect(page.locator("#team-summary")).to_have_text(
        "1 member must declare independence; 1 conflict needs the chair's decision"
    )

    mia.follow(f"Declare independence of {LEAD}")
    assert mia.heading() == f"Declare independence: {LEAD}"
    page.get_by_label("Independent of the case: no real or perceived conflict of interest").check()
    page.get_by_label("The declaration, in their words").fill("I have had no part in this case.")
    mia.press("Record the declaration")
    expect(errors(mia)).to_contain_text(
        f"{HEALTH} is involved with the child: declare the conflict of interest instead of independence"
    )
    expect(page.get_by_label("The declaration, in their words")).to_have_value(
        "I have had no part in this case."
    )
    page.get_by_label("Has a real or perceived conflict of interest").check()
    page.get_by_label("The declaration, in their words").fill(
        "My agency's health visitors saw the child; I did not, and I do not manage them."
    )
    mia.press("Record the declaration")
    expect(page.get_by_text(f"{LEAD}'s declaration is recorded")).to_be_visible()
    expect(page.locator("#team-summary")).to_have_text("1 conflict needs the chair's decision")
    picture(mia, page.get_by_role("heading", name="The team"), "review-english-team-conflict")

    ruth.visit(review.get_absolute_url())
    ruth.follow(TEAM_PAGE)
    ruth.follow(f"Record how the conflict is handled for {LEAD}")
    assert ruth.heading() == f"Conflict of interest: {LEAD}"
    ruth.page.get_by_label("How is the conflict of interest handled?").fill(
        "Dr Hart stays as lead reviewer; the health board's practice is analysed by the independent "
        "scrutineer."
    )
    ruth.press("Record the decision")
    expect(ruth.page.get_by_text(f"How {LEAD}'s conflict of interest is handled is recorded")).to_be_visible()
    expect(ruth.page.locator("#team-summary")).to_have_text("The team is settled")
    member = ReviewTeamMember.objects.get(review=review)
    assert (member.independence, member.conflict_handled_by.full_name) == ("conflict", "Ruth Chair")

    mia.visit(review.get_absolute_url())
    mia.follow(COMMISSION)
    expect(page.locator("#reviewers")).to_contain_text(f"Lead reviewer: {LEAD} ({HEALTH})")
    expect(page.locator("#conflict-of-interest-declaration")).to_contain_text(
        "The one member declared; 1 conflict handled by Ruth Chair"
    )
    picture(
        mia, page.get_by_role("heading", name="Recorded on the review's other pages"), "review-english-linked"
    )
    mark_complete(mia, COMMISSION, review)


def agree_the_method(mia: Visitor, review: Review) -> None:
    page = mia.page
    today = timezone.localdate()
    mia.follow(METHOD)
    expect(page.locator("#methods")).to_contain_text("Not recorded yet")
    mia.arrive_by(page.locator("#methods").get_by_role("link"))
    mia.follow("Write the terms of reference")
    page.get_by_label("Key lines of enquiry", exact=True).fill(
        "1. How was the bruising seen and understood?\n2. What helped or hindered a referral?"
    )
    page.get_by_label("Independently led workshop", exact=True).check()
    page.get_by_label("Family and/or child engagement", exact=True).check()
    mia.press("Save as a new version")
    expect(errors(mia)).to_contain_text("Enter why these methods were chosen")
    expect(page.get_by_label("Independently led workshop", exact=True)).to_be_checked()
    page.get_by_label("Rationale for the method", exact=True).fill(
        "A workshop hears every practitioner without blame; the mother wants to take part."
    )
    mia.press("Save as a new version")
    expect(page.get_by_text("Terms of reference saved as version 1")).to_be_visible()
    mia.follow("Record that version 1 was agreed")
    page.get_by_label("Who agreed it?").fill("The safeguarding partnership executive")
    fill_date(page, "id_agreed_on", today)
    mia.press("Record the agreement")
    expect(page.get_by_text("Version 1 of the terms of reference is recorded as agreed")).to_be_visible()
    terms = TermsOfReference.objects.get(review=review)
    assert terms.version == 1

    back_to_the_review(mia)
    mia.follow(METHOD)
    expect(page.locator("#methods")).to_contain_text("Independently led workshop")
    expect(page.locator("#terms-of-reference")).to_contain_text("The safeguarding partnership executive")
    mark_complete(mia, METHOD, review)


def conduct_the_review(mia: Visitor, review: Review) -> None:
    page = mia.page
    today = timezone.localdate()
    mia.follow(CONDUCT)
    fill(
        mia,
        {
            "Practitioner involvement": "Eleven practitioners at the workshop; two health visitors met "
            "Dr Hart on their own first.",
            "Progress checks": "The partnership's review group checked progress every month.",
        },
    )
    save_stage(mia, CONDUCT)
    mia.arrive_by(page.locator("#family-involvement").get_by_role("link"))
    assert mia.heading() == "The family and the child"
    mia.follow("Record a contact")
    fill_date(page, "id_contacted_on", today)
    page.get_by_label("Who in the family?").fill("The child's mother")
    page.get_by_label("Who made the contact?").fill("Dr Lena Hart, lead reviewer")
    page.get_by_label("In person").check()
    page.get_by_label("What did they say?").fill("She wants other parents to be listened to.")
    mia.press("Record the contact")
    expect(page.get_by_text("The contact is recorded")).to_be_visible()
    assert FamilyContact.objects.filter(review=review).count() == 1

    back_to_the_review(mia)
    mia.follow(CONDUCT)
    expect(page.locator("#family-involvement")).not_to_contain_text("Not recorded yet")
    mark_complete(mia, CONDUCT, review)


def write_the_final_report(mia: Visitor, review: Review) -> None:
    mia.follow(FINAL_REPORT)
    fill(
        mia,
        {
            "Summary of recommended improvements": "One bruising protocol across health and police.",
            "Systemic analysis": "Each agency saw one bruise; no one saw the pattern.",
            "Reviewers named": f"{LEAD}, lead reviewer",
        },
    )
    save_stage(mia, FINAL_REPORT)
    # The recommendations, in CLEAR form, and their actions are made on their own pages.
    expect(mia.page.locator("#recommendations")).to_contain_text("Not recorded yet")
    make_action_plan(
        actor=review.started_by, review=review, owner=review.started_by, organisation=review.lead_organisation
    )
    mia.page.reload()
    expect(mia.page.locator("#recommendations")).to_contain_text("1 recommendation: Share exploitation")
    mark_complete(mia, FINAL_REPORT, review)


def send_it_to_the_panel(mia: Visitor, review: Review) -> None:
    page = mia.page
    today = timezone.localdate()
    publication = today + timedelta(days=28)
    expect(status_of(mia, TO_PANEL)).to_have_text("Cannot start yet")
    mia.follow("See the incident")
    mia.follow("Record the planned publication date")
    expect(page.get_by_label("The planned publication date", exact=True)).to_be_checked()
    fill_date(page, "id_on", publication)
    mia.press("Save the date")
    expect(
        page.get_by_text(f"The planned publication date: {publication.day} {publication:%B %Y}")
    ).to_be_visible()
    mia.visit(review.get_absolute_url())
    mia.follow(TO_PANEL)
    fill_date(page, "id_sent-to-panel-on", today)
    fill_date(page, "id_sent-to-secretary-of-state-on", today)
    fill_date(page, "id_sent-to-ofsted-on", today)
    page.get_by_label("What was sent", exact=True).fill("The full report, final version.")
    save_stage(mia, TO_PANEL)
    mark_complete(mia, TO_PANEL, review)


def test_an_english_local_review_from_rapid_review_to_the_report_sent_to_the_panel(
    open_browser,
    manager,
    chair,
    organisation,
    frameworks,  # noqa: F811
):
    make_organisation(HEALTH)
    make_organisation(POLICE)
    yesterday = timezone.localdate() - timedelta(days=1)
    incident = notify(
        actor=manager,
        organisation=organisation,
        version=framework_version(ENGLISH),
        told=[("panel", yesterday, "Notified online"), ("police", yesterday, "Public protection unit")],
    )
    assert incident.eligible is True

    mia = open_browser()
    already_signed_in(mia, manager)
    mia.visit("/reviews/")
    mia.follow(f"Start a review of {incident.reference}")
    mia.press("Start the review")
    review = Review.objects.get(incident=incident)
    assert mia.heading() == f"Review of {incident.reference}: {incident.child.pseudonym}"
    expect(status_of(mia, NOTIFIED)).to_have_text("Completed")
    expect(status_of(mia, RAPID_REVIEW)).to_have_text("Not yet started")
    expect(status_of(mia, COMMISSION)).to_have_text("Cannot start yet")

    ruth = open_browser()
    already_signed_in(ruth, chair)

    rapid_review(mia, review)
    decide_to_hold_a_local_review(mia, review)
    commission_the_reviewer(mia, ruth, review)
    agree_the_method(mia, review)
    conduct_the_review(mia, review)
    write_the_final_report(mia, review)
    send_it_to_the_panel(mia, review)

    for name in STAGES.values():
        expect(status_of(mia, name)).to_have_text("Completed")
    expect(status_of(mia, "Publication")).to_have_text("Not yet started")
    expect(mia.page.get_by_text("8 of 10 stages finished")).to_be_visible()
    picture(mia, mia.page.get_by_role("heading", name="Stages"), "review-english-task-list")
    done = set(review.incident.completions.values_list("stage__key", flat=True))
    assert set(STAGES) <= done
    saved = StageRecord.objects.get(review=review, stage__key="report-to-panel").data
    assert saved["sent-to-panel-on"] == timezone.localdate().isoformat()
