"""Thirty idle minutes end a session; nothing a person typed is lost, and they are warned first."""

import pytest
from playwright.sync_api import expect

from threadline.core.models import Draft, Organisation

from .axe import assert_no_axe_violations
from .journey import already_signed_in, end_sessions_of, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

NAME = "Westholm Safeguarding Children Partnership"
BEFORE = (
    "The partnership brings together the council, the police and the health board.\n"
    "Learning from reviews goes to the quarterly learning forum."
)
AFTER = "\nTyped after the session ended: the forum reports to the executive each spring."


def test_a_session_that_times_out_while_typing_keeps_the_text_after_signing_in_again(open_browser, sysadmin):
    admin = open_browser()
    already_signed_in(admin, sysadmin)
    admin.visit("/organisations/new")
    assert admin.heading() == "Add an organisation"

    form = admin.page
    form.get_by_label("Name", exact=True).fill(NAME)
    form.get_by_label("Safeguarding children partnership", exact=True).check()
    form.get_by_label("Wales", exact=True).check()
    form.get_by_label("About the organisation").fill(BEFORE)
    expect(form.get_by_text("Draft saved at")).to_be_visible(timeout=5_000)
    assert Draft.objects.filter(user=sysadmin, key="/organisations/new").exists()

    assert end_sessions_of(sysadmin) >= 1, "the person had a session to lose"
    form.get_by_label("About the organisation").press("End")
    form.get_by_label("About the organisation").press_sequentially(AFTER)
    admin.press("Add organisation")
    assert admin.heading() == "Sign in to Threadline"
    assert not Organisation.objects.filter(name=NAME).exists()

    sign_in(admin, sysadmin.email)
    assert admin.path == "/organisations/new", "signing in again returns the person to their form"
    expect(admin.page.get_by_text("We kept what you typed")).to_be_visible()
    expect(form.get_by_label("Name", exact=True)).to_have_value(NAME)
    expect(form.get_by_label("Safeguarding children partnership", exact=True)).to_be_checked()
    expect(form.get_by_label("Wales", exact=True)).to_be_checked()
    expect(form.get_by_label("About the organisation")).to_have_value(BEFORE + AFTER)

    admin.press("Add organisation")
    assert admin.heading() == NAME
    expect(admin.page.get_by_text("Typed after the session ended")).to_be_visible()
    assert Organisation.objects.get(name=NAME).description.replace("\r\n", "\n") == BEFORE + AFTER
    assert not Draft.objects.filter(user=sysadmin).exists(), "the draft is gone once the form is saved"


def test_the_timeout_warning_lets_a_person_stay_and_signs_them_out_when_ignored(
    open_browser, practitioner, settings
):
    pat = open_browser()
    pat.visit("/")
    sign_in(pat, practitioner.email)

    settings.SESSION_IDLE_SECONDS = 6  # pages now say the session ends 6 s after they load
    settings.SESSION_WARNING_SECONDS = 5  # and warn 5 s before that
    pat.visit("/")
    warning = pat.page.get_by_role("dialog", name="You’re about to be signed out")
    expect(warning).to_be_visible(timeout=3_000)
    expect(warning).to_contain_text("seconds", timeout=3_000)  # the countdown runs
    assert pat.page.evaluate("document.activeElement.closest('#timeout-warning') !== null"), (
        "focus moves into the warning"
    )
    assert_no_axe_violations(pat.page)

    with pat.page.expect_response("**/session/keep-alive") as keep_alive:
        warning.get_by_role("button", name="Stay signed in").click()
    assert keep_alive.value.ok
    expect(warning).to_be_hidden()

    expect(warning).to_be_visible(timeout=3_000)
    pat.page.wait_for_url("**/signed-out?reason=timeout*", timeout=8_000)
    pat.after_navigation()
    assert pat.heading() == "You have been signed out"

    pat.visit("/")
    assert pat.path.startswith("/account/sign-in/"), "the session really ended"
