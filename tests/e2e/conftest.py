"""End-to-end tests: Debian's Chromium driven by Playwright against pytest-django's live server.

One browser for the whole run; each person in a test gets their own browser context (their
own cookies), opened with `open_browser()`. Every page a test arrives on must be checked
with axe (`Visitor.visit`, `Visitor.arrive_by`, `Visitor.after_navigation`); a page that
loaded without a check, an uncaught script error or a Content-Security-Policy violation
fails the test when it ends.
"""

import os

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse
# ORM calls from it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import pytest  # noqa: E402
from django.core.cache import cache  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from threadline.core.models import Role  # noqa: E402
from threadline.core.testing import make_person  # noqa: E402

# The reviews' people and review, for the journeys through a review's parts.
from threadline.reviews.tests.conftest import chair, incident, review, reviewer, yjs  # noqa: E402, F401

from .axe import AXE_SOURCE  # noqa: E402
from .journey import PASSWORD, Visitor  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}


def pytest_configure(config):
    # Known to pytest-xdist; registered here too so `-p no:xdist --strict-markers` accepts it.
    config.addinivalue_line("markers", "xdist_group(name): run these tests in one xdist worker")


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _forget_used_codes():
    # allauth remembers used TOTP codes in the cache, keyed by user id. The database is
    # emptied between tests but the cache is not, and SQLite hands out the same ids again.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def open_browser(browser, live_server):
    """`open_browser()` gives a new person their own browser context and tab."""
    visitors: list[Visitor] = []

    def open_() -> Visitor:
        context = browser.new_context(base_url=live_server.url, viewport=VIEWPORT, locale="en-GB")
        context.set_default_timeout(10_000)
        context.add_init_script(path=str(AXE_SOURCE))
        visitor = Visitor(context.new_page(), live_server.url)
        visitors.append(visitor)
        return visitor

    yield open_
    problems = []
    for visitor in visitors:
        problems.extend(visitor.problems())
        visitor.page.context.close()
    assert not problems, "\n".join(problems)


@pytest.fixture
def sysadmin(admin_org):
    """The root conftest's system administrator, with a password to sign in with."""
    return make_person(
        admin_org,
        Role.SYSTEM_ADMINISTRATOR,
        full_name="Sam Admin",
        email="sysadmin@example.test",
        password=PASSWORD,
    )


@pytest.fixture
def stranger(other_organisation):
    """The root conftest's manager in another organisation, with a password to sign in with."""
    return make_person(
        other_organisation,
        Role.SERVICE_MANAGER,
        full_name="Sol Stranger",
        email="sol@example.test",
        password=PASSWORD,
    )


@pytest.fixture
def practitioner(organisation):
    return make_person(
        organisation,
        Role.PRACTITIONER,
        full_name="Pat Practitioner",
        email="pat@example.test",
        password=PASSWORD,
    )
