import pytest
from threadline.core.models import Role
from threadline.core.testing import make_person
from threadline.incidents.tests.builders import YJS, framework_version, notify
from threadline.reviews.services import review_start
from .journey import already_signed_in
from .test_incidents import frameworks  # noqa

pytestmark = [pytest.mark.e2e]

def test_look(open_browser, manager, organisation, frameworks):
    incident = notify(actor=manager, organisation=organisation, version=framework_version(YJS))
    review = review_start(actor=manager, incident=incident)
    sofia_lind = make_person(organisation, Role.REVIEWER, full_name="Sofia Lind", email="sofia@example.test")
    stage = f"{review.get_absolute_url()}stages/initial-learning-review/"
    mia, sofia = open_browser(), open_browser()
    already_signed_in(mia, manager); already_signed_in(sofia, sofia_lind)
    mia.visit(stage); sofia.visit(stage)
    mia.page.screenshot(path="/tmp/stage_full.png", full_page=True)
    sofia.page.get_by_label("Key information", exact=True).fill("Sofia: known since 2024.")
    sofia.press("Save")
    mia.page.get_by_label("Key information", exact=True).fill("Mia: referral order in March.")
    mia.page.get_by_label("Attendees", exact=True).fill("Mia's list")
    mia.press("Save")
    mia.page.screenshot(path="/tmp/merge.png", full_page=True)
    mia.press("Mark as complete") if False else None
    mia.visit(stage)
    mia.page.locator("#id_done_on").fill("1")
    mia.press("Mark as complete")
    mia.page.screenshot(path="/tmp/complete_errors.png", full_page=True)
