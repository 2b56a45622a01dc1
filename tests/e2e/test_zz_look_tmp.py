from datetime import timedelta
import pytest, time_machine
from django.utils import timezone
from threadline.core.models import Role
from threadline.core.testing import make_person
from threadline.frameworks.services import frameworks_load_builtin
from threadline.incidents.tests.builders import notify, framework_version, stage_of, NATIONAL
from threadline.incidents import services
from .journey import already_signed_in
from .test_incidents import notify as walk

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

def shot(v, name):
    v.page.screenshot(path=f"/tmp/screens/{name}.png", full_page=True)

def test_look(open_browser, organisation):
    frameworks_load_builtin()
    manager = make_person(organisation, Role.SERVICE_MANAGER, full_name="Mia Manager")
    with time_machine.travel(timezone.now() - timedelta(days=30), tick=False):
        late = notify(actor=manager, organisation=organisation, full_name="Lola Late")
    with time_machine.travel(timezone.now() - timedelta(days=5), tick=False):
        paused = notify(actor=manager, organisation=organisation, full_name="Pia Paused", status_with_service="closed-longer", case_closed_on=timezone.localdate()-timedelta(days=60))
    services.incident_clock_pause(actor=manager, incident=paused, reason="Criminal proceedings", started_on=timezone.localdate()-timedelta(days=2))
    delayed = notify(actor=manager, organisation=organisation, version=framework_version(NATIONAL), full_name="Dan Delayed")
    services.incident_deadline_delay(actor=manager, incident=delayed, stage=stage_of(delayed.framework_version, "critical-learning-review"), reason="The panel could not meet", revised_due=timezone.localdate()+timedelta(days=30))
    services.incident_stage_complete(actor=manager, incident=late, stage=stage_of(late.framework_version, "notification"), done_on=timezone.localdate()-timedelta(days=29))
    m = open_browser()
    already_signed_in(m, manager)
    m.visit("/"); shot(m, "home")
    m.visit("/incidents/"); shot(m, "list")
    m.visit(late.get_absolute_url()); shot(m, "detail-late"); m.page.locator("#deadlines").screenshot(path="/tmp/screens/t-late.png")
    m.visit(paused.get_absolute_url()); shot(m, "detail-paused"); m.page.locator("#deadlines").screenshot(path="/tmp/screens/t-paused.png")
    m.page.locator("#eligibility").screenshot(path="/tmp/screens/elig.png")
    m.visit(delayed.get_absolute_url()); shot(m, "detail-delayed"); m.page.locator("#deadlines").screenshot(path="/tmp/screens/t-delayed.png")
    m.visit("/incidents/notify/"); 
    m.visit("/incidents/notify/framework/"); shot(m, "framework")
    m.page.get_by_label("National youth justice incident procedure", exact=True).check(); m.press("Continue")
    m.visit("/incidents/notify/characteristics/"); shot(m, "characteristics")
    m.visit("/incidents/notify/status/"); shot(m, "status")
    m.visit("/incidents/notify/dates/"); shot(m, "dates")
    m.visit("/incidents/notify/criterion/"); shot(m, "criterion")
    m.visit("/incidents/notify/what-happened/"); shot(m, "what-happened")
    m.visit("/incidents/notify/told/")
    m.page.get_by_label("Police", exact=True).check(); m.page.get_by_label("Someone else", exact=True).check(); shot(m, "told")
    m.press("Continue"); shot(m, "told-errors")
    m.visit("/incidents/notify/dates/")
    m.page.locator("#id_occurred_on").fill("40"); m.press("Continue"); shot(m, "dates-errors")
    m.visit(f"/incidents/{paused.pk}/eligibility/"); shot(m, "eligibility")
    m.visit(f"/incidents/{paused.pk}/pause/")  # redirects to resume
    shot(m, "resume")
    m.visit("/incidents/notify/"); shot(m, "start")
