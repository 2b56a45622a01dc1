"""From findings to actions that are chased, in a browser with axe on every page. A reviewer writes
two findings with the evidence behind them, then a recommendation the CLEAR check flags as vague;
they rewrite it until nothing is flagged and make an action of it for each of two agencies. One
agency's owner posts an update with an evidence file and marks the action done, and the chair
confirms the evidence. The other action is left: weeks later it is overdue, escalated to the
agency's managers and then to the board, listed in the board's monthly digest and on the board's
list of overdue actions."""

from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from threadline.chronologies.selectors.chronologies import request_defaults
from threadline.chronologies.services.entries import chronology_entry_add
from threadline.chronologies.services.requests import chronologies_request
from threadline.chronologies.services.versions import chronology_submit
from threadline.core.calendars import calendar_for_organisation
from threadline.core.models import Role
from threadline.core.testing import make_organisation, make_person
from threadline.learning.domain import chasing as rules
from threadline.learning.models import Action, ActionStatus, Finding, Recommendation, Theme
from threadline.learning.services.chasing import action_chases_send, board_digests_send
from threadline.reviews.demo_documents import docx, pdf
from threadline.reviews.models import InvolvedAgency
from threadline.reviews.services.documents import review_document_upload

from .journey import PASSWORD, Visitor, already_signed_in, screenshot
from .test_incidents import fill_date

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

POLICE = "Southport Police"
VAGUE = "Agencies should consider sharing exploitation concerns with the school."
CLEAR_LEARNING = (
    "Exploitation concerns must reach the school the same working day, so the school can act on them."
)
TITLE = "Share exploitation concerns with the school the same day"
TRAINING = "Train the duty team to share exploitation concerns with schools the same day"
PROTOCOL = "Agree an information-sharing protocol with schools for exploitation concerns"


def long_date(day) -> str:
    return f"{day.day} {day:%B %Y}"


def working_day_from(day: date, calendar) -> date:
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def working_days_after(day: date, count: int, calendar) -> date:
    while count:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            count -= 1
    return day


@contextmanager
def at(day: date):
    """The whole process (the live server too) at 9:00 on `day`."""
    with time_machine.travel(timezone.make_aware(datetime.combine(day, time(9, 0))), tick=True):
        yield


@pytest.fixture
def people(organisation, other_organisation, manager):
    police = make_organisation(POLICE)
    return {
        "reviewer": make_person(
            organisation, Role.REVIEWER, full_name="Sofia Lind", email="sofia@example.test", password=PASSWORD
        ),
        "chair": make_person(
            organisation,
            Role.REVIEW_CHAIR,
            full_name="Ruth Chair",
            email="ruth@example.test",
            password=PASSWORD,
        ),
        "board": make_person(
            organisation,
            Role.GOVERNANCE_BOARD_MEMBER,
            full_name="Bea Board",
            email="board@example.test",
            password=PASSWORD,
        ),
        "olu": make_person(
            other_organisation,
            Role.PRACTITIONER,
            full_name="Olu Owner",
            email="olu@example.test",
            password=PASSWORD,
        ),
        "pia": make_person(
            police, Role.PRACTITIONER, full_name="Pia Police", email="pia@police.example", password=PASSWORD
        ),
        "police_manager": make_person(
            police, Role.SERVICE_MANAGER, full_name="Max Police", email="max@police.example"
        ),
        "police": police,
    }


@pytest.fixture
def prepared(review, manager, other_organisation, people):
    """Two agencies involved; the police have sent their chronology; a document is on file."""
    police = people["police"]
    for agency in (other_organisation, police):
        InvolvedAgency.objects.create(review=review, organisation=agency)
    lead = make_person(police, Role.PARTNER_AGENCY_LEAD, full_name="Hana Lead", email="hana@police.example")
    asked = request_defaults(review, today=timezone.localdate())
    (chronology,) = chronologies_request(actor=manager, review=review, agencies=[police], **asked)
    for day, what in (
        (
            asked["period_to"] - timedelta(days=40),
            "Missing overnight; found at an address linked to drug supply.",
        ),
        (asked["period_to"] - timedelta(days=5), "Arrested; told the appropriate adult she owed money."),
    ):
        chronology_entry_add(
            actor=lead, chronology=chronology, values={"date": f"{day:%d/%m/%Y}", "what_happened": what}
        )
    chronology_submit(actor=lead, chronology=chronology)
    review_document_upload(
        actor=manager,
        review=review,
        uploaded_file=SimpleUploadedFile(
            "Strategy meeting notes.pdf", pdf(["Strategy meeting"]), "application/pdf"
        ),
    )
    return review


def add_finding(sofia: Visitor, title: str, text: str, theme: str, entry: str, *, document: str = "") -> None:
    page = sofia.page
    sofia.follow("Add a finding")
    page.get_by_label("Learning", exact=True).check()
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("What was learned", exact=True).fill(text)
    page.get_by_label(theme, exact=True).check()
    page.get_by_label("Find chronology entries containing", exact=True).fill(entry)
    sofia.press("Filter the entries")
    entries = page.get_by_role("group", name="Entries of the merged chronology")
    expect(entries.get_by_role("checkbox")).to_have_count(1)
    entries.get_by_role("checkbox").check()
    if document:
        page.get_by_label(document, exact=True).check()
    sofia.press("Save the finding")
    expect(page.get_by_role("link", name=title)).to_be_visible()


def fill_recommendation(sofia: Visitor, review_by: date) -> None:
    page = sofia.page
    page.get_by_label("Recommendation", exact=True).fill(TITLE)
    findings = page.get_by_role("group", name="Findings it is made from")
    for box in findings.get_by_role("checkbox").all():
        box.check()
    page.get_by_label("Case for change", exact=True).fill(
        "The school did not know of the exploitation concerns for five weeks."
    )
    page.get_by_label("Learning", exact=True).fill(VAGUE)
    page.get_by_label("Evidence", exact=True).fill("The police chronology and the strategy meeting notes.")
    page.get_by_label("Responsibility", exact=True).fill("The police public protection unit and the school.")
    responsible = page.get_by_role("group", name="Organisations responsible")
    responsible.get_by_label(POLICE, exact=True).check()
    page.get_by_label("Outcome", exact=True).fill(
        "90% of exploitation concerns shared within one working day."
    )
    fill_date(page, "id_review_by", review_by)


def add_action(sofia: Visitor, description: str, organisation: str, owner: str, due: date, check_back: date):
    page = sofia.page
    page.get_by_label("What will be done", exact=True).fill(description)
    page.get_by_label("Organisation that owns the action", exact=True).select_option(label=organisation)
    page.get_by_label("Person who owns the action", exact=True).select_option(
        label=f"{owner} ({organisation})"
    )
    page.get_by_label("Operational", exact=True).check()
    fill_date(page, "id_due_on", due)
    page.get_by_label("Success measure", exact=True).fill("Every duty worker trained by the due date")
    fill_date(page, "id_check_back_on", check_back)


@pytest.mark.django_db(transaction=True)
def test_findings_to_actions_chased_to_the_board(
    open_browser, prepared, people, other_organisation, tmp_path
):
    review = prepared
    police = people["police"]
    calendar = calendar_for_organisation(review.lead_organisation)
    today = timezone.localdate()
    # A browser test empties the database after itself, themes added by migration included.
    for order, (key, name) in enumerate(
        [("exploitation", "Exploitation"), ("information-sharing", "Information sharing")]
    ):
        Theme.objects.get_or_create(key=key, defaults={"name": name, "order": 100 + order})
    themes = list(Theme.objects.filter(retired_at__isnull=True).order_by("name")[:2])

    # --- the reviewer's findings, with their evidence and themes
    sofia = open_browser()
    already_signed_in(sofia, people["reviewer"])
    page = sofia.page
    sofia.visit(review.get_absolute_url())
    sofia.follow("Findings and recommendations")
    add_finding(
        sofia,
        "Missing episodes were not linked to exploitation",
        "Two missing episodes at an address known for drug supply were not linked to exploitation.",
        themes[0].name,
        "missing overnight",
        document="Strategy meeting notes.pdf",
    )
    add_finding(
        sofia,
        "A disclosure of debt was not referred",
        "The disclosure of money owed to older boys was not referred to the exploitation panel.",
        themes[1].name,
        "owed money",
    )
    findings = list(Finding.objects.filter(review=review).order_by("pk"))
    assert [f.title for f in findings] == [
        "Missing episodes were not linked to exploitation",
        "A disclosure of debt was not referred",
    ]
    assert findings[0].documents.count() == 1 and len(findings[0].chronology_entries) == 1
    assert [t.name for t in findings[1].themes.all()] == [themes[1].name]

    # --- a recommendation the CLEAR check flags as vague, then rewritten
    sofia.follow("Add a recommendation")
    review_by = working_day_from(today + timedelta(days=180), calendar)
    fill_recommendation(sofia, review_by)
    sofia.press("Check and save")
    flag = "“consider” is vague: say what will be done, by whom, so it can be checked"
    expect(page.get_by_role("link", name=flag)).to_be_visible()
    expect(page.get_by_label("Reason for saving with this flag")).to_be_visible()
    expect(page.get_by_label("Learning", exact=True)).to_have_value(VAGUE)
    assert not Recommendation.objects.exists()
    page.get_by_label("Learning", exact=True).scroll_into_view_if_needed()
    screenshot(sofia, "learning-recommendation-flags")
    page.get_by_label("Learning", exact=True).fill(CLEAR_LEARNING)
    sofia.press("Check and save")
    expect(page.get_by_text("The recommendation is saved")).to_be_visible()
    row = page.get_by_role("row", name=TITLE)
    expect(row).to_contain_text("CLEAR")
    recommendation = Recommendation.objects.get(review=review)
    assert recommendation.learning == CLEAR_LEARNING and recommendation.findings.count() == 2

    # --- an action for each agency; a due date before the review started is refused
    sofia.visit(review.get_absolute_url())
    sofia.follow("Action plan")
    sofia.arrive_by(page.get_by_role("link", name=f"Add an action to “{TITLE}”"))
    due_olu = working_day_from(today + timedelta(days=28), calendar)
    check_back = working_day_from(today + timedelta(days=120), calendar)
    add_action(sofia, TRAINING, other_organisation.name, "Olu Owner", date(2025, 3, 3), check_back)
    sofia.press("Add the action")
    started = timezone.localdate(review.started_at)
    message = f"The due date must be on or after the day the review started, {long_date(started)}"
    expect(page.locator(".govuk-error-summary")).to_contain_text(message)
    expect(page.get_by_label("What will be done", exact=True)).to_have_value(TRAINING)
    fill_date(page, "id_due_on", due_olu)
    sofia.press("Add the action")
    expect(page.get_by_text("The action has been added")).to_be_visible()
    sofia.follow("Back to the actions")
    sofia.arrive_by(page.get_by_role("link", name=f"Add an action to “{TITLE}”"))
    due_pia = working_day_from(today + timedelta(days=21), calendar)
    add_action(sofia, PROTOCOL, POLICE, "Pia Police", due_pia, check_back)
    sofia.press("Add the action")
    expect(page.get_by_text("The action has been added")).to_be_visible()
    training = Action.objects.get(description=TRAINING)
    protocol = Action.objects.get(description=PROTOCOL)
    assert (training.owner, training.due_on) == (people["olu"], due_olu)
    assert (protocol.owner_organisation, protocol.due_on) == (police, due_pia)

    # --- the owner sees the action on the home page, updates it with evidence, marks it done
    olu = open_browser()
    already_signed_in(olu, people["olu"])
    olu.visit("/")
    panel = olu.page.locator("section", has=olu.page.get_by_role("heading", name="Your actions"))
    expect(panel).to_contain_text(f"Due {long_date(due_olu)}")
    olu.arrive_by(olu.page.get_by_role("link", name=TRAINING[:80]))
    wrong = tmp_path / "Training register.pdf"
    wrong.write_bytes(docx(["Not a PDF at all"]))
    right = tmp_path / "Training register 2.pdf"
    right.write_bytes(pdf(["Training register: 14 of 14 duty workers trained"]))
    progress = "All 14 duty workers trained on 12 sessions; the register is attached."
    olu.page.get_by_label("Progress made", exact=True).fill(progress)
    olu.page.get_by_label("Status after this update", exact=True).select_option(label=ActionStatus.DONE.label)
    olu.page.get_by_label("Evidence files (optional)").set_input_files(str(wrong))
    olu.press("Post the update")
    expect(olu.page.locator(".govuk-error-summary")).to_contain_text("but it is a Word document")
    expect(olu.page.get_by_label("Progress made", exact=True)).to_have_value(progress)
    olu.page.get_by_label("Evidence files (optional)").set_input_files(str(right))
    olu.press("Post the update")
    expect(olu.page.get_by_text("Saved", exact=True)).to_be_visible()
    expect(olu.page.get_by_role("link", name="Training register 2.pdf")).to_be_visible()
    training.refresh_from_db()
    assert training.status == ActionStatus.DONE

    # --- the chair confirms the evidence
    ruth = open_browser()
    already_signed_in(ruth, people["chair"])
    ruth.visit(reverse("learning:action", kwargs={"pk": training.pk}))
    ruth.page.get_by_label("Note (optional)", exact=True).fill("Register seen.")
    ruth.press("Confirm the evidence")
    training.refresh_from_db()
    assert training.status == ActionStatus.EVIDENCED
    ruth.visit(reverse("learning:tracker"))
    expect(ruth.page.get_by_text(PROTOCOL).first).to_be_visible()
    ruth.page.get_by_role("table").first.scroll_into_view_if_needed()
    screenshot(ruth, "learning-tracker")

    # --- weeks later the police action is overdue: managers, then the board, then the digest
    mail.outbox.clear()
    one_late = working_days_after(due_pia, 1, calendar)
    ten_late = working_days_after(due_pia, 10, calendar)
    with at(one_late):
        assert [c.kind for c in action_chases_send(today=one_late)] == [rules.OVERDUE_MANAGERS]
    (to_managers,) = mail.outbox
    assert to_managers.to == ["max@police.example"]
    assert "overdue by 1 working day" in to_managers.subject
    with at(ten_late):
        assert [c.kind for c in action_chases_send(today=ten_late)] == [rules.OVERDUE_BOARD]
    to_board = mail.outbox[-1]
    assert to_board.to == ["board@example.test"] and "overdue by 10 working days" in to_board.subject
    month = ten_late.replace(day=28) + timedelta(days=7)
    digest_day = rules.first_working_day_of_month(month.year, month.month, calendar)
    with at(digest_day):
        (digest_row,) = board_digests_send(today=digest_day)
        assert digest_row.actions == 1
        digest = mail.outbox[-1]
        assert digest.to == ["board@example.test"] and "1 overdue" in digest.subject
        assert "OVERDUE by " in digest.body and f"{POLICE}, due {long_date(due_pia)}" in digest.body
        assert f"/learning/actions/{protocol.pk}/" in digest.body
        assert f"/learning/actions/{training.pk}/" not in digest.body
        assert review.incident.child.full_name not in digest.body

        # The board member sees it on the list of overdue actions.
        bea = open_browser()
        already_signed_in(bea, people["board"])
        bea.visit(reverse("learning:chasing"))
        row = bea.page.get_by_role("row", name=PROTOCOL)
        expect(row).to_contain_text(POLICE)
        expect(row).to_contain_text("Governance board")
        expect(bea.page.get_by_role("row", name=TRAINING)).to_have_count(0)
