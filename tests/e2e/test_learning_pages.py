"""The learning pages the journey in test_learning.py does not pass through, each checked with
axe: a system administrator adds and renames a theme; the review's chair changes an action,
meets a colleague's save on the way (the action's refusal and a finding's merge screen), and
removes an action with its reason; a service manager reads the list of overdue actions."""

from datetime import date, datetime, time

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from threadline.core.models import Role
from threadline.core.testing import make_person
from threadline.learning.models import Action, Finding
from threadline.learning.services.actions import action_change
from threadline.learning.services.findings import finding_change
from threadline.learning.testing import make_action_plan

from .journey import PASSWORD, already_signed_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

# A plan made on this day has an action due 20 working days later: long overdue today.
PLANNED_ON = date(2025, 3, 10)


@pytest.fixture
def owner(organisation):
    return make_person(
        organisation, Role.PRACTITIONER, full_name="Owen Owner", email="owen@example.test", password=PASSWORD
    )


@pytest.fixture
def plan(chair, review, owner, organisation):
    moment = timezone.make_aware(datetime.combine(PLANNED_ON, time(9, 0)))
    with time_machine.travel(moment, tick=False):
        return make_action_plan(
            actor=chair, review=review, owner=owner, organisation=organisation, today=PLANNED_ON
        )


@pytest.fixture
def colleague(organisation):
    return make_person(organisation, Role.REVIEWER, full_name="Cora Colleague", email="cora@example.test")


@pytest.mark.django_db(transaction=True)
def test_a_system_administrator_adds_and_renames_a_theme(open_browser, sysadmin):
    sam = open_browser()
    already_signed_in(sam, sysadmin)
    sam.visit("/learning/themes/")
    assert sam.heading() == "Themes"
    sam.press("Add the theme")
    expect(sam.page.locator(".govuk-error-summary")).to_be_visible()
    sam.page.get_by_label("Name", exact=True).fill("Online harm")
    sam.press("Add the theme")
    expect(sam.page.get_by_role("row", name="Online harm")).to_be_visible()
    sam.follow("Change Online harm")
    assert sam.heading() == "Change a theme"
    sam.page.get_by_label("Name", exact=True).fill("Online harms and exploitation")
    sam.press("Rename")
    expect(sam.page.get_by_text("Renamed to ‘Online harms and exploitation’")).to_be_visible()
    expect(sam.page.get_by_role("row", name="Online harms and exploitation")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_the_chair_changes_an_action_after_a_colleague_and_removes_another(
    open_browser, chair, colleague, owner, organisation, plan
):
    action = plan.action
    ruth = open_browser()
    already_signed_in(ruth, chair)
    ruth.visit(f"/learning/actions/{action.pk}/")
    ruth.follow("Change the action")
    assert ruth.heading() == "Change the action"
    ruth.page.get_by_label("What will be done", exact=True).fill("Train the duty and out-of-hours teams")
    # Meanwhile a colleague rewrites what will be done.
    action_change(
        actor=colleague,
        action=action,
        base_version=action.version,
        description="Train the duty team and the school nurses",
        level=action.level,
        owner_organisation=action.owner_organisation,
        owner=action.owner,
        due_on=action.due_on,
        success_measure=action.success_measure,
        check_back_on=action.check_back_on,
    )
    ruth.press("Save the changes")
    expect(ruth.page.locator("#id_description-error")).to_contain_text(
        "Train the duty team and the school nurses"
    )
    expect(ruth.page.get_by_label("What will be done", exact=True)).to_have_value(
        "Train the duty and out-of-hours teams"
    )
    ruth.press("Save the changes")
    expect(ruth.page.get_by_text("The action has been changed")).to_be_visible()
    assert Action.objects.get(pk=action.pk).description == "Train the duty and out-of-hours teams"

    ruth.follow("Remove the action")
    assert ruth.heading() == "Remove the action"
    ruth.press("Remove the action")
    expect(ruth.page.locator(".govuk-error-summary")).to_be_visible()
    ruth.page.get_by_label("Why is the action being removed?", exact=True).fill(
        "Folded into the partnership's training plan"
    )
    ruth.press("Remove the action")
    expect(ruth.page.get_by_text("The action has been removed")).to_be_visible()
    assert Action.objects.get(pk=action.pk).removed_at is not None


@pytest.mark.django_db(transaction=True)
def test_the_chair_merges_a_finding_a_colleague_saved_meanwhile(open_browser, chair, colleague, plan):
    finding = plan.finding
    ruth = open_browser()
    already_signed_in(ruth, chair)
    ruth.visit(f"/learning/review/{finding.review_id}/findings/{finding.pk}/")
    ruth.page.get_by_label("What was learned", exact=True).fill("The school told nobody for nine days.")
    finding_change(
        actor=colleague,
        finding=finding,
        base_version=finding.version,
        kind=finding.kind,
        title=finding.title,
        text="Children's services heard of the concern nine days late.",
    )
    ruth.press("Save the finding")
    assert ruth.heading() == "Someone else saved this finding while you were editing"
    ruth.press("Save")
    expect(ruth.page.locator(".govuk-error-summary")).to_be_visible()
    ruth.page.get_by_label("Keep your text", exact=True).check()
    ruth.press("Save")
    expect(ruth.page.get_by_text("The finding is saved")).to_be_visible()
    assert Finding.objects.get(pk=finding.pk).text == "The school told nobody for nine days."


@pytest.mark.django_db(transaction=True)
def test_a_service_manager_sees_an_overdue_action_on_the_chasing_list(open_browser, manager, plan):
    mia = open_browser()
    already_signed_in(mia, manager)
    mia.visit("/learning/chasing/")
    assert mia.heading() == "Overdue actions"
    row = mia.page.get_by_role("row", name="Train the duty team in sharing exploitation concerns")
    expect(row).to_contain_text("Northbridge Youth Justice Service")
    expect(row).to_contain_text("working days")
    mia.arrive_by(row.get_by_role("link"))
    assert mia.heading() == "Action"
    expect(mia.page.get_by_text("Train the duty team in sharing exploitation concerns").first).to_be_visible()
