"""In a real browser, checked with axe on every page: a manager sends the Initial Learning Review's
outcome and action plan to the operational group, after forgetting to choose a board; a board
member sees it waiting on their home page, forgets who signed it off, then records the sign-off."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

import threadline.reviews.panels_governance  # noqa: F401 — registers the home panel, as apps.py does
from threadline.core.models import Role
from threadline.core.testing import make_person
from threadline.learning.services.actions import action_create
from threadline.learning.testing import make_action_plan
from threadline.reviews.models import GovernanceSubmission

from .journey import already_signed_in, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e"), pytest.mark.django_db(transaction=True)]

ILR = "Initial Learning Review outcome and action plan"
YJOG = "Youth Justice Operational Group (YJOG)"


def fill_date(page, field_id: str, day) -> None:
    page.locator(f"#{field_id}").fill(str(day.day))
    page.locator(f"#{field_id}_1").fill(str(day.month))
    page.locator(f"#{field_id}_2").fill(str(day.year))


def test_a_manager_submits_to_the_operational_group_and_a_board_member_signs_it_off(
    open_browser,
    manager,
    organisation,
    review,
):
    today = timezone.localdate()
    mia = open_browser()
    already_signed_in(mia, manager)
    mia.visit(f"/reviews/{review.pk}/governance/")
    assert mia.heading() == "Governance"
    mia.follow(f"Submit the {ILR.lower()}")
    assert mia.heading() == "Submit to a board"
    page = mia.page
    expect(page.get_by_role("radio", name=ILR)).to_be_checked()
    expect(page.get_by_role("checkbox", name=YJOG)).to_be_checked()
    page.get_by_role("checkbox", name=YJOG).uncheck()
    page.get_by_role("checkbox", name="Youth Justice Executive Board (YJEB)").uncheck()
    page.get_by_label("Summary (optional)").fill("ILR outcome with the immediate action plan")
    mia.press("Submit")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the board it goes to")
    expect(page.get_by_label("Summary (optional)")).to_have_value(
        "ILR outcome with the immediate action plan"
    )
    page.get_by_role("checkbox", name=YJOG).check()
    mia.press("Submit")
    # It carries the action plan, and there is none yet: refused, with the way to it.
    expect(page.locator(".govuk-error-summary")).to_contain_text("which has no actions yet")
    expect(page.get_by_label("Summary (optional)")).to_have_value(
        "ILR outcome with the immediate action plan"
    )
    expect(page.get_by_role("link", name="Go to the ‘Action plan’ page")).to_be_visible()
    plan = make_action_plan(actor=manager, review=review, owner=manager, organisation=organisation)
    mia.press("Submit")
    assert mia.heading() == "Governance"
    expect(page.locator(".govuk-tag", has_text="Awaiting the board")).to_be_visible()
    item = GovernanceSubmission.objects.get(review=review)

    # What was sent is kept as it was: a later action does not change it.
    action_create(
        actor=manager,
        recommendation=plan.recommendation,
        description="Audit twenty referrals for same-day sharing",
        level="strategic",
        owner_organisation=organisation,
        owner=manager,
        due_on=plan.action.due_on,
        success_measure="Nine in ten shared the same day",
        check_back_on=plan.action.check_back_on,
    )
    mia.follow("Action plan as submitted (1 action) to the " + YJOG + f" on {today.day} {today:%B %Y}")
    assert mia.heading() == "Action plan as submitted"
    screenshot(mia, "governance-action-plan-as-submitted")
    expect(page.get_by_text(plan.action.description)).to_be_visible()
    expect(page.get_by_text("Audit twenty referrals")).to_have_count(0)
    mia.visit(f"/learning/review/{review.pk}/actions/")
    assert mia.heading() == "Action plan"
    expect(page.get_by_text("Audit twenty referrals")).to_be_visible()

    bea = open_browser()
    already_signed_in(bea, make_person(organisation, Role.GOVERNANCE_BOARD_MEMBER, full_name="Bea Board"))
    bea.visit("/")
    bea.follow(f"{review.incident.reference}: {ILR}")
    assert bea.heading() == "Record the board's outcome"
    page = bea.page
    page.get_by_role("radio", name="Signed it off").check()
    fill_date(page, "id_outcome_on", today)
    page.get_by_label("The board's comments (if returned, what to change)").fill("Well evidenced")
    bea.press("Record the outcome")
    expect(page.locator("#id_signed_off_by-error")).to_contain_text(
        "Enter who signed it off, with their role"
    )
    expect(page.get_by_label("The board's comments (if returned, what to change)")).to_have_value(
        "Well evidenced"
    )
    page.get_by_label("Who signed it off? (if signed off)").fill("Cllr Ann Hughes, chair of the YJOG")
    bea.press("Record the outcome")
    assert bea.heading() == "Governance"
    expect(page.locator(".govuk-tag", has_text="Signed off")).to_be_visible()
    expect(page.get_by_text("by Cllr Ann Hughes, chair of the YJOG")).to_be_visible()
    assert GovernanceSubmission.objects.get(pk=item.pk).outcome == "signed-off"
    bea.visit("/")
    expect(page.get_by_text("Nothing is waiting for a board's outcome.")).to_be_visible()
