"""A service manager turns an eligible YJS incident into a review, records the Initial Learning
Review with its attendees and the nine areas, decides that a Full Learning Review is needed,
and sees on the task list that it is due three months from the decision."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from threadline.core.domain.deadlines import add_months
from threadline.incidents.tests.builders import YJS, framework_version, notify
from threadline.learning.testing import make_action_plan
from threadline.reviews.domain.considerations import AREAS
from threadline.reviews.models import Review, StageRecord

from .journey import Visitor, already_signed_in, screenshot
from .test_incidents import fill_date, frameworks  # noqa: F401 — the fixture is used by name

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

ILR = "Initial Learning Review (ILR)"
DECISION_STAGE = "Action plan and decision on a Full Learning Review"
FLR = "Full Learning Review (FLR)"


def long_date(day) -> str:
    return f"{day.day} {day:%B %Y}"


def task(visitor: Visitor, name: str):
    return visitor.page.locator(".govuk-task-list__item", has_text=name)


def record_the_ilr(mia: Visitor) -> None:
    page = mia.page
    today = timezone.localdate()
    mia.follow(ILR)
    assert mia.heading() == ILR
    fill_date(page, "id_meeting-date", today)
    page.get_by_label("Co-chairs", exact=True).fill(
        "Head of Service for Youth Justice\nHead of Service for Safeguarding and Quality Assurance"
    )
    page.get_by_label("Attendees", exact=True).fill("Risk panel core members\nPolice public protection unit")
    page.get_by_label("Key information", exact=True).fill("Open to the service on a referral order.")
    page.get_by_label("Critical issues", exact=True).fill(
        "Exploitation concerns were not shared with school."
    )
    page.get_by_label("Immediate learning", exact=True).fill("Share exploitation concerns the same day.")
    page.get_by_label("Immediate actions", exact=True).fill("Safety plan reviewed with the family.")
    for area in AREAS:
        page.get_by_label(area.name, exact=True).fill(f"What the panel found about {area.name.lower()}.")
    mia.press("Save")
    expect(page.get_by_text(f"‘{ILR}’ saved")).to_be_visible()
    screenshot(mia, "review-stage")
    mia.press("Mark as complete")


def test_a_yjs_review_from_an_eligible_incident_through_the_ilr_to_the_flr_decision(
    open_browser,
    manager,
    organisation,
    frameworks,  # noqa: F811
):
    incident = notify(actor=manager, organisation=organisation, version=framework_version(YJS))
    assert incident.eligible is True
    today = timezone.localdate()

    mia = open_browser()
    already_signed_in(mia, manager)
    mia.visit("/reviews/")
    mia.follow(f"Start a review of {incident.reference}")
    assert mia.heading() == "Start a review"
    mia.press("Start the review")
    review = Review.objects.get(incident=incident)
    assert mia.heading() == f"Review of {incident.reference}: {incident.child.pseudonym}"
    expect(task(mia, ILR).locator(".govuk-task-list__status")).to_have_text("Not yet started")
    expect(task(mia, FLR).locator(".govuk-task-list__status")).to_have_text("Cannot start yet")

    record_the_ilr(mia)
    assert mia.path == review.get_absolute_url()
    expect(task(mia, ILR).locator(".govuk-task-list__status")).to_have_text("Completed")
    answers = StageRecord.objects.get(review=review, stage__key="initial-learning-review").data[
        "considerations"
    ]
    assert len(answers) == 9

    page = mia.page
    mia.follow(DECISION_STAGE)
    # The action plan is the review's own, made on the learning pages (tests/e2e/test_learning.py
    # writes one through them); the stage shows it from there and cannot complete without it.
    expect(page.locator("#action-plan")).to_contain_text("Not recorded yet")
    make_action_plan(actor=manager, review=review, owner=manager, organisation=organisation)
    page.reload()
    expect(page.locator("#action-plan")).to_contain_text(
        f"1 action owned by 1 organisation ({organisation.name})"
    )
    mia.follow("Record the decision")
    page.get_by_label("Full Learning Review needed", exact=True).check()
    page.get_by_label("Led by an independent reviewer", exact=True).check()
    mia.press("Record the decision")
    assert (
        page.locator(".govuk-error-summary").get_by_text("Enter the rationale for the decision").is_visible()
    )
    page.get_by_label("Rationale", exact=True).fill(
        "Three agencies missed the same risk: deeper learning is needed."
    )
    fill_date(page, "id_decided_on", today)
    page.get_by_label("Who made the decision", exact=True).fill("Head of Service for Youth Justice")
    mia.press("Record the decision")
    expect(page.get_by_text("The decision is recorded")).to_be_visible()
    mia.press("Mark as complete")

    flr = task(mia, FLR)
    expect(flr.locator(".govuk-task-list__status")).to_have_text("Not yet started")
    expect(flr.get_by_text(f"Due {long_date(add_months(today, 3))}")).to_be_visible()
    expect(task(mia, DECISION_STAGE).get_by_text("Decision: Full Learning Review needed")).to_be_visible()
    screenshot(mia, "review-task-list")

    mia.visit("/")
    panel = page.get_by_role("region", name="Review stages you complete")
    expect(panel.get_by_text(f"{incident.reference}: {FLR}")).to_be_visible()


def test_two_people_edit_the_same_stage_and_the_second_combines_the_texts(
    open_browser,
    manager,
    organisation,
    frameworks,  # noqa: F811
):
    from threadline.core.models import Role
    from threadline.core.testing import make_person
    from threadline.reviews.services import review_start

    incident = notify(actor=manager, organisation=organisation, version=framework_version(YJS))
    review = review_start(actor=manager, incident=incident)
    sofia_lind = make_person(organisation, Role.REVIEWER, full_name="Sofia Lind", email="sofia@example.test")
    stage = f"{review.get_absolute_url()}stages/initial-learning-review/"

    mia, sofia = open_browser(), open_browser()
    already_signed_in(mia, manager)
    already_signed_in(sofia, sofia_lind)
    mia.visit(stage)
    sofia.visit(stage)
    sofia.page.get_by_label("Key information", exact=True).fill("Sofia: known since 2024.")
    sofia.press("Save")
    expect(sofia.page.get_by_text(f"‘{ILR}’ saved")).to_be_visible()

    mia.page.get_by_label("Key information", exact=True).fill("Mia: referral order in March.")
    mia.press("Save")
    assert mia.heading() == "Sofia Lind changed this stage while you were editing"
    expect(mia.page.get_by_text("Sofia: known since 2024.", exact=True)).to_be_visible()
    expect(mia.page.get_by_text("Mia: referral order in March.", exact=True)).to_be_visible()
    mia.press("Save")
    expect(mia.page.locator(".govuk-error-summary")).to_contain_text("Select which text to keep")
    mia.page.get_by_label("Combine them", exact=True).check()
    expect(mia.page.get_by_label("Combined text for ‘Key information’", exact=True)).to_have_value(
        "Sofia: known since 2024.\n\nMia: referral order in March."
    )
    mia.press("Save")
    expect(mia.page.get_by_text(f"‘{ILR}’ saved")).to_be_visible()
    record = StageRecord.objects.get(review=review, stage__key="initial-learning-review")
    assert record.version == 2
    assert record.data["key-information"] == "Sofia: known since 2024.\n\nMia: referral order in March."
