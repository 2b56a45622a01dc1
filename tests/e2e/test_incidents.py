"""A practitioner notifies an incident under each of the five frameworks and sees its deadlines;
notifying the same incident again sends them to the one already notified."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from threadline.frameworks.services import frameworks_load_builtin
from threadline.incidents.models import Incident
from threadline.incidents.selectors import incident_timeline

from .journey import Visitor, already_signed_in, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

FRAMEWORKS = {
    "YJS serious incident review": "Initial Learning Review (ILR)",
    "National youth justice incident procedure": "Critical Learning Review and Report",
    "English practice review": "Final report",
    "Local board learning review": "Phase 1: Preparation",
    "Scottish learning review": "Report and sign-off",
}


@pytest.fixture
def frameworks(db):
    """The browser tests empty the database between tests; the five frameworks come back."""
    frameworks_load_builtin()


def fill_date(page, field_id: str, day) -> None:
    page.locator(f"#{field_id}").fill(str(day.day))
    page.locator(f"#{field_id}_1").fill(str(day.month))
    page.locator(f"#{field_id}_2").fill(str(day.year))


def notify(pat: Visitor, framework: str, *, child: str, pictures: bool = False) -> None:
    """From the incident list to the check-answers page, one question page at a time."""
    page = pat.page
    today = timezone.localdate()
    pat.visit("/incidents/")
    pat.follow("Notify an incident")
    assert pat.heading() == "Which process will the incident follow?"
    page.get_by_label(framework, exact=True).check()
    pat.press("Continue")

    assert pat.heading() == "The child"
    page.get_by_label("Full name").fill(child)
    fill_date(page, "id_date_of_birth", today.replace(year=today.year - 15))
    page.get_by_label("Identifiers (optional)").fill("CMS-448812")
    if pictures:
        screenshot(pat, "incident-notify-child")
    pat.press("Continue")

    assert pat.heading() == "About the child"
    page.get_by_label("Female", exact=True).check()
    page.get_by_label("White", exact=True).check()
    for question in (
        "Is the child care experienced?",
        "Is the child placed out of their home area?",
        "Does the child have a disability?",
    ):
        page.get_by_role("group", name=question).get_by_label("No", exact=True).check()
    pat.press("Continue")

    assert pat.heading() == "What was the child's status with the service at the time of the incident?"
    page.get_by_label("Open to the service", exact=True).check()
    pat.press("Continue")

    assert pat.heading() == "When did it happen?"
    fill_date(page, "id_occurred_on", today - timedelta(days=2))
    page.get_by_label("Time of the incident").fill("14:30")
    fill_date(page, "id_aware_on", today - timedelta(days=1))
    page.get_by_label("Time the service became aware").fill("9am")
    pat.press("Continue")

    assert pat.heading() == "What is the category of the incident?"
    page.get_by_label("Safeguarding", exact=True).check()
    pat.press("Continue")

    assert pat.heading() == "Which criterion does the incident meet?"
    page.locator("input[name=criterion]").first.check()
    pat.press("Continue")

    assert pat.heading() == "What happened"
    page.get_by_label("What happened?").fill("An invented incident, for the browser tests.")
    page.get_by_label("What has been done to keep people safe?").fill("A safety plan agreed with the family.")
    pat.press("Continue")

    assert pat.heading() == "Who else has been told about the incident?"
    page.get_by_label("Police", exact=True).check()
    fill_date(page, "id_police_on", today - timedelta(days=1))
    pat.press("Continue")

    assert pat.heading() == "Check your answers before notifying the incident"
    expect(page.get_by_text(child, exact=True)).to_be_visible()
    if pictures:
        screenshot(pat, "incident-check-answers")


def test_a_practitioner_notifies_an_incident_under_each_framework_and_sees_its_deadlines(
    open_browser, practitioner, frameworks
):
    pat = open_browser()
    already_signed_in(pat, practitioner)
    for number, (framework, deadline) in enumerate(FRAMEWORKS.items()):
        notify(pat, framework, child=f"Child Number{number} Example", pictures=number == 0)
        pat.press("Notify the incident")
        assert pat.heading().startswith("Incident notified")
        incident = Incident.objects.latest("pk")
        expect(pat.page.get_by_text(incident.reference, exact=True)).to_be_visible()
        if framework.startswith("Local"):
            expect(pat.page.get_by_text("This process sets no fixed deadlines")).to_be_visible()
        else:
            expect(pat.page.get_by_text(deadline, exact=True)).to_be_visible()

        pat.follow(f"Go to {incident.reference}")
        assert pat.heading() == f"{incident.reference}: {incident.child.pseudonym}"
        deadlines = pat.page.get_by_role("table", name="Deadlines")
        expect(deadlines.get_by_role("rowheader", name=deadline)).to_be_visible()
        if number == 0:
            # The ILR runs from the service becoming aware (yesterday), seed 000 §7.3 and §14:
            # 10 working days from then, so 9 or 10 left today, as the lead's calendar says.
            (ilr,) = [
                r for r in incident_timeline(incident, today=timezone.localdate()) if r.stage.name == deadline
            ]
            assert ilr.starts_on == timezone.localdate() - timedelta(days=1)
            left = ilr.status.working_days_left
            expect(
                deadlines.get_by_text(f"{left} working day{'s' if left != 1 else ''} left")
            ).to_be_visible()
            screenshot(pat, "incident-page")
    notified = Incident.objects.values_list("framework_version__framework__name", flat=True)
    assert sorted(notified) == sorted(FRAMEWORKS)


def test_notifying_the_same_incident_again_sends_the_person_to_the_one_already_notified(
    open_browser, practitioner, frameworks
):
    pat = open_browser()
    already_signed_in(pat, practitioner)
    notify(pat, "YJS serious incident review", child="Rowan Example")
    pat.press("Notify the incident")
    first = Incident.objects.get()

    notify(pat, "YJS serious incident review", child="ROWAN  EXAMPLE")
    pat.press("Notify the incident")
    assert pat.heading() == "This incident may already have been notified"
    expect(pat.page.get_by_text(first.reference, exact=True)).to_be_visible()
    screenshot(pat, "incident-duplicate")
    pat.follow(f"Go to {first.reference}")
    assert pat.path == first.get_absolute_url()
    assert pat.heading() == f"{first.reference}: {first.child.pseudonym}"
    assert Incident.objects.count() == 1, "one incident, one record"


def test_a_service_manager_merges_a_duplicate_from_its_page(open_browser, manager, organisation, frameworks):
    """Notified twice (the second person said it was another incident): the manager folds
    the second record into the first from the duplicate's own page, after seeing both."""
    from threadline.incidents.tests.builders import notify as notify_directly

    first = notify_directly(actor=manager, organisation=organisation)
    second = notify_directly(actor=manager, organisation=organisation, told=[])
    mia = open_browser()
    already_signed_in(mia, manager)
    mia.visit(second.get_absolute_url())
    mia.follow("Merge this incident into another")
    assert mia.heading() == "Merge this incident into another"
    mia.page.get_by_label("Reference of the incident that stays").fill(first.reference)
    mia.press("Continue")
    assert mia.heading() == f"Merge {second.reference} into {first.reference}?"
    mia.press(f"Merge {second.reference} into {first.reference}")
    assert mia.path == first.get_absolute_url()
    expect(mia.page.get_by_role("link", name=second.reference, exact=True)).to_be_visible()
    second.refresh_from_db()
    assert second.merged_into == first
