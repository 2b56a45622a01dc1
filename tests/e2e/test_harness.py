"""The checks every end-to-end test relies on really fail when they should."""

import pytest

from .axe import assert_no_axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

PIXEL = "data:image/gif;base64,R0lGODlhAQABAAAAACw="


def test_an_accessibility_violation_fails_the_check(open_browser):
    visitor = open_browser()
    visitor.visit("/accessibility")
    visitor.page.evaluate(
        f"document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"{PIXEL}\">')"
    )
    with pytest.raises(AssertionError, match="image-alt"):
        assert_no_axe_violations(visitor.page)


def test_a_page_left_unchecked_is_reported(open_browser):
    visitor = open_browser()
    visitor.page.goto("/privacy")
    assert any("without an axe check" in p and "/privacy" in p for p in visitor.problems())
    visitor.after_navigation()
    assert visitor.problems() == []


def test_an_inline_script_is_refused_and_reported(open_browser):
    visitor = open_browser()
    visitor.visit("/privacy")
    with visitor.page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        visitor.page.evaluate(
            "() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1'; "
            "document.body.appendChild(s) }"
        )
    assert visitor.page.evaluate("window.injected") is None, "the policy stopped the script"
    assert any("Content Security Policy" in p for p in visitor.forget_problems())
