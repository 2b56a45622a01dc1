"""The rest of a YJS review (seed 000) in a browser, checked with axe on every page. Its Initial
Learning Review and the decision that a Full Learning Review is needed were made a month ago (the
journey through them is test_reviews.py). The review chair records the Full Learning Review with
its participants, the nine areas, findings, good practice and action plan, completes it, and submits
its report to the executive board; a board member signs it off in their own browser; the service
manager sees the board on the stage that shares the learning with the boards and completes it."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from threadline.core.domain.deadlines import add_months
from threadline.core.models import Role
from threadline.core.testing import make_person
from threadline.incidents.tests.builders import YJS, framework_version, notify, stage_of
from threadline.learning.testing import make_action_plan
from threadline.reviews.domain.considerations import AREAS
from threadline.reviews.models import GovernanceSubmission, Review, StageRecord
from threadline.reviews.services import (
    review_decision_record,
    review_stage_complete,
    review_start,
    stage_record_save,
)
from threadline.reviews.tests.conftest import ILR_VALUES

from .journey import Visitor, already_signed_in, screenshot
from .test_incidents import fill_date, frameworks  # noqa: F401 — the fixture is used by name
from .test_reviews import DECISION_STAGE, FLR, ILR, long_date, task

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

SHARED = "Learning shared with the operational and executive boards"
FLR_REPORT = "Full Learning Review report and action plan"
YJEB = "Youth Justice Executive Board (YJEB)"
YJOG = "Youth Justice Operational Group (YJOG)"
SIGNED_OFF_BY = "Cllr Ann Hughes, chair of the YJEB"


def days_ago(n: int):
    return timezone.localdate() - timedelta(days=n)


def a_review_with_the_flr_decided(manager, organisation) -> Review:
    """Notified 40 days ago; the ILR held 8 days later; a Full Learning Review decided 30 days ago."""
    at = timezone.make_aware(datetime.combine(days_ago(40), time(10, 0)))
    version = framework_version(YJS)
    with time_machine.travel(at, tick=False):
        incident = notify(
            actor=manager,
            organisation=organisation,
            version=version,
            occurred_at=at - timedelta(days=2),
            aware_at=at - timedelta(days=1),
        )
        review = review_start(actor=manager, incident=incident)
    ilr = stage_of(version, "initial-learning-review")
    values = {**ILR_VALUES, "meeting-date": days_ago(32).isoformat()}
    stage_record_save(actor=manager, review=review, stage=ilr, values=values, base_version=0)
    review_stage_complete(actor=manager, review=review, stage=ilr, done_on=days_ago(32))
    decision = stage_of(version, "action-plan-and-decision")
    # The ILR's action plan, made on the learning pages (their journey is test_learning.py).
    make_action_plan(actor=manager, review=review, owner=manager, organisation=organisation, findings=False)
    review_decision_record(
        actor=manager,
        review=review,
        stage=decision,
        outcome="full-learning-review",
        independence="partner-led",
        rationale="Three agencies missed the same risk: deeper learning is needed.",
        decided_on=days_ago(30),
        decision_makers="Head of Service for Youth Justice",
    )
    review_stage_complete(actor=manager, review=review, stage=decision, done_on=days_ago(30))
    return review


def errors(visitor: Visitor):
    return visitor.page.locator(".govuk-error-summary")


def status_of(visitor: Visitor, stage: str):
    return task(visitor, stage).locator(".govuk-task-list__status")


def centre(locator) -> None:
    """Scroll what the picture is about to the middle of the window."""
    locator.evaluate("element => element.scrollIntoView({block: 'center'})")


def complete_today(visitor: Visitor) -> None:
    fill_date(visitor.page, "id_done_on", timezone.localdate())
    visitor.press("Mark as complete")


def add_finding(ruth: Visitor, kind: str, title: str, text: str) -> None:
    page = ruth.page
    ruth.follow("Add a finding")
    page.get_by_role("radio", name=kind, exact=True).check()
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("What was learned", exact=True).fill(text)
    ruth.press("Save the finding")
    expect(page.get_by_role("link", name=title)).to_be_visible()


def record_the_flr(ruth: Visitor, review_url: str) -> None:
    page = ruth.page
    ruth.follow(FLR)
    assert ruth.heading() == FLR
    page.get_by_label("Participants", exact=True).fill(
        "Head of Service for Youth Justice (co-chair)\n"
        "Head of Learning Academy (co-chair)\n"
        "YJS case manager\nSchool designated safeguarding lead\nPolice exploitation team"
    )
    areas = page.get_by_role("group", name="Areas to consider")
    for area in AREAS:
        areas.get_by_label(area.name, exact=True).fill(f"The workshop on {area.name.lower()}.")
    ruth.press("Save")
    expect(page.get_by_text(f"‘{FLR}’ saved")).to_be_visible()
    # The action plan made after the ILR is shown from its page; the FLR's own findings are not
    # there yet, and are written on the findings page, not typed into the stage.
    expect(page.locator("#action-plan")).to_contain_text("1 action owned by 1 organisation")
    complete_today(ruth)
    expect(errors(ruth)).to_contain_text("Record the findings on the ‘Findings and recommendations’ page")
    ruth.follow("Record findings on ‘Findings and recommendations’")
    add_finding(
        ruth,
        "Learning",
        "Nobody held the whole picture",
        "Each agency held part of the picture of exploitation; nobody held it all.",
    )
    add_finding(
        ruth,
        "Good practice",
        "The case manager visited at once",
        "The case manager visited the day after the incident.",
    )
    ruth.visit(review_url)
    ruth.follow(FLR)
    expect(page.locator("#findings")).to_contain_text("Nobody held the whole picture")
    expect(page.locator("#good-practice")).to_contain_text("The case manager visited at once")
    centre(page.locator("#findings"))
    screenshot(ruth, "review-flr-learning")
    centre(page.get_by_role("group", name="Areas to consider"))
    screenshot(ruth, "review-flr")
    complete_today(ruth)
    expect(page.get_by_text(f"‘{FLR}’ marked as complete")).to_be_visible()
    expect(status_of(ruth, FLR)).to_have_text("Completed")


def submit_the_report_to_the_executive_board(ruth: Visitor) -> None:
    page = ruth.page
    ruth.follow("Governance and sign-off")
    assert ruth.heading() == "Governance"
    ruth.follow(f"Submit the {FLR_REPORT.lower()}")
    assert ruth.heading() == "Submit to a board"
    expect(page.get_by_role("radio", name=FLR_REPORT)).to_be_checked()
    page.get_by_role("checkbox", name=YJOG).uncheck()
    expect(page.get_by_role("checkbox", name=YJEB)).to_be_checked()
    page.get_by_label("Summary (optional)").fill("FLR report version 2 with the agreed action plan")
    ruth.press("Submit")
    assert ruth.heading() == "Governance"
    expect(page.get_by_text(f"{FLR_REPORT} submitted to the {YJEB}")).to_be_visible()
    sent = page.get_by_role("table", name="Sent to the boards")
    expect(sent.locator("tbody tr")).to_have_count(1)
    expect(sent.locator(".govuk-tag")).to_have_text("Awaiting the board")


def the_board_signs_it_off(bea: Visitor, review: Review) -> None:
    page = bea.page
    bea.visit("/")
    bea.follow(f"{review.incident.reference}: {FLR_REPORT}")
    assert bea.heading() == "Record the board's outcome"
    expect(page.locator(".govuk-summary-list")).to_contain_text(YJEB)
    page.get_by_role("radio", name="Signed it off").check()
    fill_date(page, "id_outcome_on", timezone.localdate())
    page.get_by_label("The board's comments (if returned, what to change)").fill(
        "Signed off; progress on the actions to come back in six months."
    )
    bea.press("Record the outcome")
    expect(page.locator("#id_signed_off_by-error")).to_contain_text(
        "Enter who signed it off, with their role"
    )
    expect(page.get_by_role("radio", name="Signed it off")).to_be_checked()
    expect(page.get_by_label("The board's comments (if returned, what to change)")).to_have_value(
        "Signed off; progress on the actions to come back in six months."
    )
    page.get_by_label("Who signed it off? (if signed off)").fill(SIGNED_OFF_BY)
    bea.press("Record the outcome")
    assert bea.heading() == "Governance"
    sent = page.get_by_role("table", name="Sent to the boards")
    expect(sent.locator(".govuk-tag")).to_have_text("Signed off")
    expect(sent.get_by_text(f"by {SIGNED_OFF_BY}")).to_be_visible()
    centre(sent)
    screenshot(bea, "review-governance-signed-off")


def share_the_learning(mia: Visitor) -> None:
    page = mia.page
    today = long_date(timezone.localdate())
    mia.follow(SHARED)
    assert mia.heading() == SHARED
    elsewhere = page.locator(".govuk-summary-list", has=page.locator("#boards"))
    expect(page.locator("#boards")).to_contain_text(f"{YJEB} on {today}")
    expect(page.locator("#action-plan-shared")).to_contain_text(f"Shared with the {YJEB} on {today}")
    expect(elsewhere.get_by_role("link", name="See boards on ‘Governance and sign-off’")).to_be_visible()
    complete_today(mia)
    expect(errors(mia)).to_contain_text("Enter the date shared")
    fill_date(page, "id_date-shared", timezone.localdate())
    mia.press("Save")
    expect(page.get_by_text(f"‘{SHARED}’ saved")).to_be_visible()
    complete_today(mia)
    expect(page.get_by_text(f"‘{SHARED}’ marked as complete")).to_be_visible()


def test_a_yjs_review_from_the_flr_decision_through_the_flr_and_board_sign_off(
    open_browser,
    manager,
    chair,
    organisation,
    frameworks,  # noqa: F811
):
    review = a_review_with_the_flr_decided(manager, organisation)
    incident = review.incident

    ruth = open_browser()
    already_signed_in(ruth, chair)
    ruth.visit(review.get_absolute_url())
    expect(status_of(ruth, ILR)).to_have_text("Completed")
    expect(status_of(ruth, DECISION_STAGE)).to_have_text("Completed")
    expect(status_of(ruth, FLR)).to_have_text("Not yet started")
    expect(task(ruth, FLR)).to_contain_text(f"Due {long_date(add_months(days_ago(30), 3))}")
    expect(status_of(ruth, SHARED)).to_have_text("Cannot start yet")

    record_the_flr(ruth, review.get_absolute_url())
    submit_the_report_to_the_executive_board(ruth)

    bea = open_browser()
    already_signed_in(
        bea,
        make_person(
            organisation, Role.GOVERNANCE_BOARD_MEMBER, full_name="Bea Board", email="bea@example.test"
        ),
    )
    the_board_signs_it_off(bea, review)

    mia = open_browser()
    already_signed_in(mia, manager)
    mia.visit(review.get_absolute_url())
    share_the_learning(mia)

    for stage in (ILR, DECISION_STAGE, FLR, SHARED):
        expect(status_of(mia, stage)).to_have_text("Completed")
    expect(status_of(mia, "‘Understanding our Learning’ meeting")).to_have_text("Not yet started")
    expect(mia.page.get_by_text("5 of 7 stages finished")).to_be_visible()
    expect(task(mia, FLR)).to_contain_text(f"Completed {long_date(timezone.localdate())}")
    centre(task(mia, FLR))
    screenshot(mia, "review-yjs-task-list")

    flr = StageRecord.objects.get(review=review, stage__key="full-learning-review").data
    # The findings are the review's own, not a second copy in the stage.
    assert "findings" not in flr and "good-practice" not in flr
    assert review.findings.filter(removed_at__isnull=True).count() == 2
    assert flr["participants"].count("\n") == 4
    assert len(flr["considerations"]) == len(AREAS) == 9
    (submission,) = GovernanceSubmission.objects.filter(review=review)
    assert (submission.subject, submission.board, submission.outcome, submission.signed_off_by) == (
        "flr-report",
        "executive-board",
        "signed-off",
        SIGNED_OFF_BY,
    )
    shared = StageRecord.objects.get(review=review, stage__key="learning-shared-with-boards").data
    assert shared["date-shared"] == timezone.localdate().isoformat()
    done = dict(incident.completions.values_list("stage__key", "done_on"))
    assert done["full-learning-review"] == done["learning-shared-with-boards"] == timezone.localdate()
    assert done["action-plan-and-decision"] == days_ago(30)
