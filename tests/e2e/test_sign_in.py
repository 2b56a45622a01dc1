"""Signing in and out, as a person sees it."""

import pytest
from playwright.sync_api import expect

from .journey import PASSWORD, enter_password, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_a_wrong_password_shows_the_error_summary(open_browser, practitioner):
    pat = open_browser()
    pat.visit("/account/sign-in/")
    enter_password(pat, practitioner.email, "not my password at all")

    assert pat.path.startswith("/account/sign-in/")
    summary = pat.page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary).to_contain_text("not correct")
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    expect(pat.page).to_have_title("Error: Sign in – Threadline")
    expect(pat.page.locator("input[name=password]")).to_have_value("")


def test_a_person_signs_in_and_signs_out(open_browser, practitioner):
    pat = open_browser()
    pat.visit("/account/sign-in/")
    sign_in(pat, practitioner.email, password=PASSWORD)
    assert pat.heading() == "What needs your attention"
    pat.press("Sign out")
    assert pat.heading() == "You have signed out"
    pat.visit("/")
    assert pat.path.startswith("/account/sign-in/")
