"""What the end-to-end tests do in a browser, in the words of the person doing it.

A `Visitor` is one person at one browser tab. Moving to a new page goes through
`visit`, `press`, `follow` or `arrive_by`, which check the page with axe once it has
loaded; the `open_browser` fixture fails the test if any page loaded without that check.
"""

import os
import re
import time
from pathlib import Path

import pyotp
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from playwright.sync_api import Locator, Page, Response

from threadline.core.testing import TEST_TOTP_SECRET

from .axe import assert_no_axe_violations

PASSWORD = "correct horse battery staple"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "images"
BROKEN_ASSET_TYPES = {"stylesheet", "script", "image", "font"}


class AuthenticatorApp:
    """The app on a person's phone. allauth accepts each code once in its 30-second window,
    so asking for a second code waits for the next one; a code about to run out is not
    offered either."""

    def __init__(self, secret: str = TEST_TOTP_SECRET):
        self.totp = pyotp.TOTP(secret)
        self.given: set[str] = set()

    def code(self) -> str:
        while True:
            left_in_window = self.totp.interval - time.time() % self.totp.interval
            code = self.totp.now()
            if code not in self.given and left_in_window > 2:
                self.given.add(code)
                return code
            time.sleep(0.2)


class Visitor:
    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.authenticator = AuthenticatorApp()
        self._loads: list[str] = []
        self._checked = 0
        self._problems: list[str] = []
        page.on("load", lambda loaded: self._loads.append(loaded.url))
        page.on("pageerror", lambda error: self._problems.append(f"script error on {page.url}: {error}"))
        page.on("console", self._console)
        page.on("response", self._response)

    # --- moving between pages; each one is checked with axe

    def visit(self, path: str, *, status: int = 200) -> Response:
        response = self.page.goto(path)
        assert response is not None, f"no response for {path}"
        assert response.status == status, f"{path} answered {response.status}, expected {status}"
        self.after_navigation()
        return response

    def arrive_by(self, locator: Locator) -> None:
        """Click something that takes the person to another page."""
        with self.page.expect_navigation():
            locator.click()
        self.after_navigation()

    def press(self, button: str) -> None:
        self.arrive_by(self.page.get_by_role("button", name=button, exact=True))

    def follow(self, link: str) -> None:
        self.arrive_by(self.page.get_by_role("link", name=link, exact=True))

    def after_navigation(self) -> None:
        assert_no_axe_violations(self.page)
        self._checked = len(self._loads)

    # --- reading the page

    @property
    def path(self) -> str:
        return self.page.url.removeprefix(self.base_url)

    def heading(self) -> str:
        return self.page.get_by_role("heading", level=1).inner_text().strip()

    # --- what went wrong without failing at once

    def problems(self) -> list[str]:
        unchecked = self._loads[self._checked :]
        found = list(self._problems)
        if unchecked:
            found.append("pages loaded without an axe check: " + ", ".join(unchecked))
        return found

    def forget_problems(self) -> list[str]:
        """The problems so far, no longer held against the test (for tests of the checks)."""
        found, self._problems = self._problems, []
        return found

    def _console(self, message) -> None:
        text = message.text
        if "Content Security Policy" in text or "SupportError" in text:
            self._problems.append(f"on {self.page.url}: {text}")

    def _response(self, response) -> None:
        if response.status >= 400 and response.request.resource_type in BROKEN_ASSET_TYPES:
            self._problems.append(f"{response.url} answered {response.status}")


# --- signing in and out


def sign_in(visitor: Visitor, email: str, *, password: str = PASSWORD) -> None:
    """On the sign-in page: e-mail and password, then the code from their authenticator app."""
    enter_password(visitor, email, password)
    assert visitor.heading() == "Enter your security code"
    visitor.page.locator("input[name=code]").fill(visitor.authenticator.code())
    visitor.press("Sign in")


def enter_password(visitor: Visitor, email: str, password: str) -> None:
    assert visitor.path.startswith("/account/sign-in/"), f"expected the sign-in page, on {visitor.path}"
    visitor.page.locator("input[name=login]").fill(email)
    visitor.page.locator("input[name=password]").fill(password)
    visitor.press("Continue")


def already_signed_in(visitor: Visitor, person) -> None:
    """Give the browser a session made on the server, as if the person had signed in a
    while ago. For tests about what happens later; signing in is tested on its own, and a
    second sign-in with the same authenticator would wait for the next 30-second code."""
    client = Client()
    client.force_login(person, backend="allauth.account.auth_backends.AuthenticationBackend")
    cookie = settings.SESSION_COOKIE_NAME
    visitor.page.context.add_cookies(
        [{"name": cookie, "value": client.cookies[cookie].value, "url": visitor.base_url}]
    )


def end_sessions_of(person) -> int:
    """What 30 idle minutes do on the server: the person's sessions are gone."""
    ended = 0
    for session in Session.objects.all():
        if session.get_decoded().get("_auth_user_id") == str(person.pk):
            session.delete()
            ended += 1
    return ended


def set_up_link(message) -> str:
    match = re.search(r"https?://\S+/account/password/reset/key/\S+/", message.body)
    assert match, f"no set-up link in:\n{message.body}"
    return match.group(0)


# --- pictures for the README


def screenshot(visitor: Visitor, name: str) -> None:
    """With THREADLINE_SCREENSHOTS=1, save what the person sees to docs/images/<name>.png."""
    if os.environ.get("THREADLINE_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    visitor.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False, animations="disabled")
