"""Embedding the learning, in a browser with axe on every page: the reviewer records this
quarter's case file audit against an action already audited once, then reads the change on the
review's embedding page and the review's row on the board's view across reviews."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from threadline.core.models import Role
from threadline.core.testing import make_person
from threadline.learning.models import EmbedMeasure
from threadline.learning.services.measures import embed_measure_add
from threadline.learning.testing import make_action_plan

from .journey import PASSWORD, already_signed_in, screenshot
from .test_incidents import fill_date

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

AUDIT = "Case file audit of exploitation referrals"


@pytest.mark.django_db(transaction=True)
def test_reviewer_records_a_measure_and_the_board_sees_practice_changed(open_browser, review, organisation):
    reviewer = make_person(
        organisation, Role.REVIEWER, full_name="Sofia Lind", email="sofia@example.test", password=PASSWORD
    )
    owner = make_person(organisation, Role.PRACTITIONER, full_name="Nia North", email="nia@example.test")
    today = timezone.localdate()
    plan = make_action_plan(actor=reviewer, review=review, owner=owner, organisation=organisation)
    embed_measure_add(
        actor=reviewer,
        action=plan.action,
        kind="audit",
        name=AUDIT,
        measured_on=today - timedelta(days=90),
        result="61%",
        shows="not-yet",
    )

    sofia = open_browser()
    already_signed_in(sofia, reviewer)
    page = sofia.page
    sofia.visit(reverse("learning:action", kwargs={"pk": plan.action.pk}))
    page.get_by_label("Audit result", exact=True).check()
    page.get_by_label("Name of the indicator or audit", exact=True).fill(AUDIT)
    fill_date(page, "id_measured_on", today)
    page.get_by_label("Result", exact=True).fill("88%")
    sofia.press("Record the measure")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose what the result shows about practice"
    )
    expect(page.get_by_label("Result", exact=True)).to_have_value("88%")
    page.get_by_label("Practice has changed", exact=True).check()
    sofia.press("Record the measure")
    expect(page.get_by_text("Saved", exact=True)).to_be_visible()
    assert EmbedMeasure.objects.filter(action=plan.action).count() == 2

    sofia.follow("Embedding the learning: whether practice changed across the review")
    expect(page.get_by_role("heading", level=1)).to_have_text("Embedding the learning")
    row = page.get_by_role("row", name=AUDIT)
    expect(row).to_contain_text("61% → 88%, up 27 points")
    expect(row).to_contain_text("Practice has changed")
    screenshot(sofia, "learning-embed")

    sofia.visit(reverse("learning:tracker"))
    sofia.follow("Embedding the learning: whether practice changed")
    reference = review.incident.reference
    board_row = page.get_by_role("row", name=reference)
    expect(board_row).to_contain_text(organisation.name)
    screenshot(sofia, "learning-embed-board")
    sofia.arrive_by(board_row.get_by_role("link"))
    expect(page.get_by_role("row", name=AUDIT)).to_contain_text("up 27 points")
