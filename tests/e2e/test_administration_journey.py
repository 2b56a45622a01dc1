"""An administrator sets up an organisation and a person; the person signs in for the first
time; the organisation stays invisible to everyone outside it."""

import pytest
from playwright.sync_api import expect

from threadline.core.models import AuditAction, AuditEvent, Organisation

from .journey import AuthenticatorApp, Visitor, screenshot, set_up_link, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

NEW_ORGANISATION = "Eastfield Youth Justice Service"
ABOUT = "Serves Eastfield and the villages around it.\nShares learning with the safeguarding partnership."
NEW_PERSON = "Nia Newcomer"
NEW_EMAIL = "nia.newcomer@example.test"
NEW_PASSWORD = "lanterns over quiet harbours"
AWAITING_SET_UP = "People who have not finished setting up their account"


def test_an_administrator_adds_an_organisation_and_a_person_who_signs_in_and_sets_up_two_factor(
    open_browser, sysadmin, stranger, mailoutbox
):
    admin = open_browser()
    admin.visit("/")
    assert admin.path.startswith("/account/sign-in/"), "a signed-out person is sent to sign in"
    screenshot(admin, "sign-in")
    sign_in(admin, sysadmin.email)
    assert admin.heading() == "What needs your attention"
    expect(admin.page.locator("dialog#timeout-warning")).to_be_attached()
    expect(admin.page.locator("dialog#timeout-warning")).to_be_hidden()

    organisation_page = add_organisation(admin)
    add_person(admin)
    assert [message.to for message in mailoutbox] == [[NEW_EMAIL]]

    admin.follow("Home")
    expect(awaiting_set_up(admin).get_by_role("link", name=NEW_PERSON)).to_be_visible()
    screenshot(admin, "home")
    admin.visit(organisation_page)
    expect(admin.page.get_by_role("table").get_by_role("link", name=NEW_PERSON)).to_be_visible()
    screenshot(admin, "organisation")

    newcomer = open_browser()
    newcomer.visit(set_up_link(mailoutbox[0]))
    first_sign_in(newcomer)
    assert newcomer.path == "/"
    assert newcomer.heading() == "What needs your attention"
    expect(newcomer.page.get_by_text(NEW_PERSON, exact=True)).to_be_visible()
    newcomer.visit(organisation_page)
    assert newcomer.heading() == NEW_ORGANISATION, "the organisation's own people see its page"

    admin.follow("Home")
    expect(awaiting_set_up(admin).get_by_role("link", name=NEW_PERSON)).to_have_count(0)

    outsider = open_browser()
    outsider.visit("/")
    sign_in(outsider, stranger.email)
    assert outsider.heading() == "What needs your attention"
    outsider.visit(organisation_page, status=404)
    assert NEW_ORGANISATION not in outsider.page.content()
    organisation = Organisation.objects.get(name=NEW_ORGANISATION)
    assert AuditEvent.objects.filter(
        actor=stranger, action=AuditAction.PERMISSION_DENIED, target_id=str(organisation.pk)
    ).exists(), "the refused look is in the audit log"


def add_organisation(admin: Visitor) -> str:
    admin.follow("Organisations")
    admin.follow("Add an organisation")
    assert admin.heading() == "Add an organisation"
    admin.page.get_by_label("Name", exact=True).fill(NEW_ORGANISATION)
    admin.page.get_by_label("Youth justice service", exact=True).check()
    admin.page.get_by_label("England", exact=True).check()
    admin.page.get_by_label("About the organisation").fill(ABOUT)
    admin.press("Add organisation")
    assert admin.heading() == NEW_ORGANISATION
    expect(admin.page.get_by_text(f"{NEW_ORGANISATION} added")).to_be_visible()
    expect(admin.page.get_by_text("Shares learning with the safeguarding partnership.")).to_be_visible()
    assert admin.path == Organisation.objects.get(name=NEW_ORGANISATION).get_absolute_url()
    return admin.path


def add_person(admin: Visitor) -> None:
    admin.follow("People")
    admin.follow("Add a person")
    admin.page.get_by_label("Full name").fill(NEW_PERSON)
    admin.page.get_by_label("E-mail address").fill(NEW_EMAIL)
    admin.page.get_by_label("Job title (optional)").fill("Case manager")
    admin.page.get_by_label("Organisation").select_option(label=NEW_ORGANISATION)
    admin.page.get_by_label("Practitioner or case manager").check()
    admin.press("Add person")
    assert admin.heading() == NEW_PERSON
    expect(admin.page.get_by_text("We have e-mailed them a link to set up their account")).to_be_visible()


def first_sign_in(newcomer: Visitor) -> None:
    """From the e-mailed link: choose a password, sign in, set up the authenticator app."""
    assert newcomer.heading() == "Choose your password"
    newcomer.page.locator("input[name=password1]").fill(NEW_PASSWORD)
    newcomer.page.locator("input[name=password2]").fill(NEW_PASSWORD)
    newcomer.press("Save password")
    assert newcomer.heading() == "Password saved"
    newcomer.follow("Sign in")
    newcomer.page.locator("input[name=login]").fill(NEW_EMAIL)
    newcomer.page.locator("input[name=password]").fill(NEW_PASSWORD)
    newcomer.press("Continue")
    # The password typed a moment ago counts as the recent confirmation for the first set-up.
    assert newcomer.path == "/account/two-factor/totp/activate/", "nothing opens before two-factor is set up"
    assert newcomer.heading() == "Set up two-factor sign-in"
    newcomer.authenticator = AuthenticatorApp(
        newcomer.page.locator("#authenticator-secret").inner_text().strip()
    )
    newcomer.page.locator("input[name=code]").fill(newcomer.authenticator.code())
    newcomer.press("Turn on two-factor sign-in")
    assert newcomer.heading() == "Your recovery codes"
    expect(newcomer.page.locator("#recovery-codes li")).to_have_count(10)
    newcomer.follow("Continue")


def awaiting_set_up(admin: Visitor):
    return admin.page.get_by_role("region", name=AWAITING_SET_UP)
