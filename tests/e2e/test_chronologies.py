"""Issue 6's acceptance journey in a browser, with axe on every page. The review chair asks three
agencies involved with the child for their chronologies. The police import theirs from an Excel
file (after reading why a first file with one bad row imported nothing), children's social care
from a Word table, and the health trust types its two entries by hand; each lead submits. The
reviewer reads the merged chronology (every agency's entries in date order, a gap of nearly six
months with no contact), confirms that the police's and social care's home visit is the same event,
looks at the timeline and exports the merged chronology to Word, which names the child only by
their pseudonym."""

import re
from datetime import date

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from docx import Document
from playwright.sync_api import expect

from threadline.chronologies.domain.requests import long_date
from threadline.chronologies.models import (
    AgencyChronology,
    ChronologyEntry,
    ChronologyImport,
    EntryMatch,
    ImportStatus,
    MatchStatus,
)
from threadline.chronologies.tasks_exports import export_merged_chronology
from threadline.chronologies.tasks_imports import check_chronology_import, run_chronology_import
from threadline.chronologies.tasks_matches import refresh_entry_matches
from threadline.chronologies.tests.fixtures_imports import XLSX_TYPE, docx_bytes, xlsx_bytes
from threadline.core.models import Role
from threadline.core.testing import make_organisation, make_person
from threadline.incidents.tests.builders import CHILD_NAME
from threadline.reviews.services.team import involved_agency_add

from .journey import PASSWORD, Visitor, already_signed_in, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
IMPORTS = (check_chronology_import, run_chronology_import)
LEAD = "Northbridge Youth Justice Service"
POLICE, SOCIAL_CARE, HEALTH = (
    "Northbridge Police",
    "Northbridge Children's Social Care",
    "Riverside NHS Trust",
)

# The incident was on 1 March 2025: each agency is asked, by default, for the three years before.
HOME_VISIT = {
    "date": "14/03/2024",
    "source": "Police national database",
    "author_role": "Police constable",
    "what_happened": "Joint home visit with children's social care after a second missing episode.",
    "who_was_present": "Mother, police constable, social worker",
}
POLICE_ROWS = [
    {
        "date": "10/01/2024",
        "time": "22:15",
        "source": "Command and control log",
        "author_role": "Call handler",
        "what_happened": "Reported missing by his mother; found at a friend's address at 02:00.",
        "opinion": "Return home interview should have been offered.",
        "significant": "Yes",
    },
    HOME_VISIT,
    # Nearly six months with no contact from any agency before this.
    {
        "date": "20/09/2024",
        "source": "Custody record",
        "author_role": "Custody sergeant",
        "what_happened": "Arrested with two older males in a stolen car; released under investigation.",
        "significant": "Yes",
    },
    {
        "date": "15/11/2024",
        "source": "Police national database",
        "what_happened": "Referral to the multi-agency exploitation panel.",
    },
]
BAD_ROW = {"date": "31/02/2024", "what_happened": "Stop and search near the station; nothing found."}
SOCIAL_CARE_ROWS = [
    {
        "date": "01/03/2024",
        "source": "Case notes (ChildView)",
        "author_role": "Team manager",
        "what_happened": "Strategy discussion with the police about repeated missing episodes.",
    },
    {
        "date": "14/03/2024",
        "source": "Case notes (ChildView)",
        "author_role": "Social worker",
        "what_happened": "Joint home visit with the police after a second missing episode.",
        "who_was_present": "Mother, social worker, police constable",
        "childs_voice": "Said he stays out because home is crowded.",
    },
    {
        "date": "05/02/2025",
        "source": "Conference minutes",
        "author_role": "Conference chair",
        "what_happened": "Initial child protection conference; a child protection plan was agreed.",
        "significant": "Yes",
    },
]


def run_queued(*tasks) -> int:
    """Run the waiting tasks as the database worker would, oldest first (a run may queue
    another: that runs too). Returns how many ran."""
    paths = [task.module_path for task in tasks]
    ran = 0
    while result := (
        DBTaskResult.objects.filter(task_path__in=paths, status="READY").order_by("enqueued_at", "pk").first()
    ):
        stored = result.task_result
        result.delete()
        result.task.call(*stored.args, **stored.kwargs)
        ran += 1
    return ran


def look_again(visitor: Visitor) -> None:
    """The page of background work reloads itself; reload it now the work has run."""
    visitor.visit(visitor.path)


@pytest.fixture
def agencies(db):
    return {
        POLICE: make_organisation(POLICE, type="police"),
        SOCIAL_CARE: make_organisation(SOCIAL_CARE, type="childrens-services"),
        HEALTH: make_organisation(HEALTH, type="health"),
    }


@pytest.fixture
def leads(agencies):
    people = {
        POLICE: ("Sarah Quinn", "sarah"),
        SOCIAL_CARE: ("Alex Lead", "alex"),
        HEALTH: ("Imran Shah", "imran"),
    }
    return {
        name: make_person(
            agencies[name],
            Role.PARTNER_AGENCY_LEAD,
            full_name=full_name,
            email=f"{user}@agency.example.test",
            password=PASSWORD,
        )
        for name, (full_name, user) in people.items()
    }


@pytest.fixture
def involved(manager, review, agencies):
    """The three agencies on the review's team page as involved with the child."""
    for organisation, involvement in zip(
        agencies.values(), ("Missing episodes", "Child in need", "A&E attendances"), strict=True
    ):
        involved_agency_add(actor=manager, review=review, organisation=organisation, involvement=involvement)
    return agencies


def test_three_agencies_chronologies_are_merged_checked_and_exported(
    open_browser, chair, reviewer, review, involved, leads
):
    reference = review.incident.reference
    ask_the_agencies(open_browser(), chair, review)
    import_the_police_spreadsheet(open_browser(), leads[POLICE], reference)
    import_the_social_care_table(open_browser(), leads[SOCIAL_CARE], reference)
    type_the_health_entries(open_browser(), leads[HEALTH], reference)
    for name in (POLICE, SOCIAL_CARE, HEALTH):
        chronology = AgencyChronology.objects.get(review=review, organisation=involved[name])
        assert chronology.versions.get(number=1).is_submitted, name
    assert ChronologyEntry.objects.filter(version__chronology__review=review).count() == 9

    # Each submission queued a search for the same events reported by two agencies.
    assert run_queued(refresh_entry_matches) >= 1
    sofia = open_browser()
    already_signed_in(sofia, reviewer)
    read_the_merged_chronology(sofia, review)
    confirm_the_home_visit(sofia, review)
    look_at_the_timeline(sofia)
    export_to_word(sofia, review, agencies=involved)


def ask_the_agencies(ruth: Visitor, chair, review) -> None:
    page = ruth.page
    already_signed_in(ruth, chair)
    ruth.visit(review.get_absolute_url())
    ruth.follow("Chronologies asked of the agencies")
    assert ruth.heading() == "Chronologies asked of the agencies"
    expect(page.get_by_text("No agency has been asked for a chronology yet.")).to_be_visible()
    # The period is three years up to the incident and the due date four working weeks away.
    expect(page.locator("#id_period_from")).to_have_value("1")
    expect(page.locator("#id_period_from_1")).to_have_value("3")
    expect(page.locator("#id_period_from_2")).to_have_value("2022")
    expect(page.locator("#id_period_to_2")).to_have_value("2025")
    due = date(*(int(page.locator(f"#id_due_on{part}").input_value()) for part in ("_2", "_1", "")))
    assert due > timezone.localdate()

    ruth.press("Ask for their chronologies")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose at least one agency to ask for its chronology"
    )
    expect(page.locator("#id_period_from_2")).to_have_value("2022")
    for name in (POLICE, SOCIAL_CARE, HEALTH):
        page.get_by_label(name, exact=True).check()
    ruth.press("Ask for their chronologies")
    expect(
        page.get_by_text(f"{SOCIAL_CARE}, {POLICE} and {HEALTH} are asked for a chronology")
    ).to_be_visible()
    asked = page.get_by_role("table", name="Agencies asked for a chronology")
    for name in (POLICE, SOCIAL_CARE, HEALTH):
        row = asked.get_by_role("row").filter(has_text=name)
        expect(row).to_contain_text("1 March 2022 to 1 March 2025")
        expect(row).to_contain_text("0 entries so far")
    asked_for = {
        (c.period_from, c.period_to, c.due_on) for c in AgencyChronology.objects.filter(review=review)
    }
    assert asked_for == {(date(2022, 3, 1), date(2025, 3, 1), due)}


def open_the_request(lead_visitor: Visitor, lead, reference: str, agency: str) -> None:
    """From the agency lead's home page, where the request waits with its due date."""
    already_signed_in(lead_visitor, lead)
    lead_visitor.visit("/")
    panel_link = lead_visitor.page.get_by_role("link", name=f"{reference}: chronology of {agency}")
    due = AgencyChronology.objects.get(organisation__name=agency).due_on
    expect(panel_link.locator("xpath=..")).to_contain_text(f"Due {long_date(due)}. Asked by {LEAD}.")
    lead_visitor.arrive_by(panel_link)
    assert lead_visitor.heading() == f"Chronology of {agency}"
    expect(lead_visitor.page.get_by_text("There are no entries yet.")).to_be_visible()


def upload(visitor: Visitor, name: str, content: bytes, mime_type: str) -> None:
    visitor.page.get_by_label("Upload a file").set_input_files(
        files=[{"name": name, "mimeType": mime_type, "buffer": content}]
    )
    visitor.press("Check the file")


def check_then_import(visitor: Visitor, entries: int) -> None:
    """The checked file's preview, then the import, each done in the background."""
    page = visitor.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Checking the file")
    assert run_queued(*IMPORTS) == 1
    look_again(visitor)
    assert visitor.heading() == "Check the entries before importing them"
    preview = page.get_by_role("table", name="The new entries, as they will be imported")
    # Rows are numbered as in the file, the headings being row 1.
    expect(preview.get_by_role("rowheader")).to_have_text([str(row) for row in range(2, entries + 2)])
    visitor.press(f"Import {entries} entries")
    assert run_queued(*IMPORTS) == 1
    look_again(visitor)
    expect(page.locator(".govuk-panel")).to_contain_text(f"{entries} entries imported")
    visitor.follow("Go to the chronology")


def submit(visitor: Visitor, entries: int) -> None:
    page = visitor.page
    visitor.follow("Submit the chronology")
    assert visitor.heading() == "Check before you submit"
    expect(page.get_by_text(f"You are submitting {entries} entries")).to_be_visible()
    visitor.press("Submit the chronology")
    expect(
        page.get_by_text("Version 1 of the chronology is submitted to the review and locked")
    ).to_be_visible()


def import_the_police_spreadsheet(sarah: Visitor, lead, reference: str) -> None:
    page = sarah.page
    open_the_request(sarah, lead, reference, POLICE)
    sarah.follow("Import entries from a file")
    assert sarah.heading() == "Import entries from a file"

    # One impossible date in the third row: the row-by-row report, and nothing imported.
    with_a_bad_row = [POLICE_ROWS[0], BAD_ROW, *POLICE_ROWS[1:]]
    upload(sarah, "police-chronology.xlsx", xlsx_bytes(with_a_bad_row), XLSX_TYPE)
    assert run_queued(*IMPORTS) == 1
    look_again(sarah)
    assert sarah.heading() == "The file has a problem"
    expect(
        page.get_by_text("Nothing has been imported. Correct the file and upload it again.")
    ).to_be_visible()
    report = page.get_by_role("table", name="Problems in police-chronology.xlsx")
    expect(report.get_by_role("row")).to_have_count(2)
    problem = report.get_by_role("row").nth(1)
    expect(problem.get_by_role("rowheader")).to_have_text("3")
    expect(problem.get_by_role("cell").nth(0)).to_have_text("Date")
    expect(problem.get_by_role("cell").nth(1)).to_contain_text("‘31/02/2024’ is not a real date")
    screenshot(sarah, "chronology-import-report")
    job = ChronologyImport.objects.get(original_name="police-chronology.xlsx")
    assert job.status == ImportStatus.INVALID
    assert not ChronologyEntry.objects.filter(version__chronology__organisation__name=POLICE).exists()

    sarah.follow("Upload the corrected file")
    upload(sarah, "police-chronology-corrected.xlsx", xlsx_bytes(POLICE_ROWS), XLSX_TYPE)
    check_then_import(sarah, entries=4)
    entries = page.get_by_role("table", name=re.compile("^Entries in version 1"))
    expect(entries.get_by_role("caption")).to_have_text("Entries in version 1: 4, 2 significant")
    expect(entries.get_by_role("rowheader")).to_have_text(
        [
            "10 January 2024 at 22:15Significant",
            "14 March 2024",
            "20 September 2024Significant",
            "15 November 2024",
        ]
    )
    submit(sarah, entries=4)


def import_the_social_care_table(alex: Visitor, lead, reference: str) -> None:
    page = alex.page
    open_the_request(alex, lead, reference, SOCIAL_CARE)
    alex.follow("Import entries from a file")
    upload(alex, "social-care-chronology.docx", docx_bytes(SOCIAL_CARE_ROWS), DOCX_TYPE)
    check_then_import(alex, entries=3)
    expect(page.get_by_role("table", name=re.compile("^Entries in version 1"))).to_contain_text(
        "Said he stays out because home is crowded."
    )
    submit(alex, entries=3)


def type_the_health_entries(imran: Visitor, lead, reference: str) -> None:
    page = imran.page
    open_the_request(imran, lead, reference, HEALTH)
    imran.follow("Add an entry")
    assert imran.heading() == "Add an entry"
    page.get_by_label("Date", exact=True).fill("12/06/2021")
    page.get_by_label("Source (optional)").fill("School nursing records")
    page.get_by_label("Author's role (optional)").fill("School nurse")
    page.get_by_label("What happened").fill("Seen by the school nurse about poor sleep and tiredness.")
    imran.press("Add it and add another")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The date must be within the chronology's period, 1 March 2022 to 1 March 2025"
    )
    expect(page.locator("#id_date-error")).to_contain_text("The date must be within the chronology's period")
    expect(page.get_by_label("What happened")).to_have_value(
        "Seen by the school nurse about poor sleep and tiredness."
    )
    expect(page.get_by_label("Author's role (optional)")).to_have_value("School nurse")

    # The record gives only the month.
    page.get_by_label("Date", exact=True).fill("March 2024")
    imran.press("Add it and add another")
    assert imran.heading() == "Add an entry"
    page.get_by_label("Date", exact=True).fill("28/02/2025")
    page.get_by_label("Time (optional)").fill("23:40")
    page.get_by_label("Source (optional)").fill("Emergency department record")
    page.get_by_label("Author's role (optional)").fill("Triage nurse")
    page.get_by_label("What happened").fill("A&E attendance with a hand injury; said he had fallen.")
    page.get_by_label("Professional opinion or analysis (optional)").fill(
        "The injury did not fit the account; no safeguarding referral was made."
    )
    page.get_by_label("This is a significant event").check()
    imran.press("Add the entry")
    assert imran.heading() == f"Chronology of {HEALTH}"
    entries = page.get_by_role("table", name=re.compile("^Entries in version 1"))
    expect(entries.get_by_role("rowheader")).to_have_text(
        ["March 2024", "28 February 2025 at 23:40Significant"]
    )
    submit(imran, entries=2)


def read_the_merged_chronology(sofia: Visitor, review) -> None:
    page = sofia.page
    sofia.visit(review.get_absolute_url())
    sofia.follow("Merged chronology")
    assert sofia.heading() == "Merged chronology"
    expect(page.get_by_text("Showing 1 to 9 of 9 entries.")).to_be_visible()
    cards = page.locator(".threadline-merged .threadline-entry")
    expect(cards.locator(".threadline-entry__when")).to_have_text(
        [
            "10 January 2024, 22:15",
            # Known only by its month, it comes before the entries of the month's first day.
            "March 2024",
            "1 March 2024",
            "14 March 2024",
            "14 March 2024",
            "20 September 2024",
            "15 November 2024",
            "5 February 2025",
            "28 February 2025, 23:40",
        ]
    )
    expect(cards.locator(".threadline-entry__agency")).to_have_text(
        [POLICE, HEALTH, SOCIAL_CARE, SOCIAL_CARE, POLICE, POLICE, POLICE, SOCIAL_CARE, HEALTH]
    )
    # The gap sits between the home visit and the arrest. The health trust's entry known only
    # by its month may have been on any day of March, so the gap starts on 1 April.
    gap_days = (date(2024, 9, 20) - date(2024, 4, 1)).days
    gap = page.locator(".threadline-gap").filter(
        has_text=f"No contact from any agency for {gap_days} days, 1 April to 19 September 2024"
    )
    expect(gap).to_be_visible()
    markers = page.locator(".threadline-merged > *").evaluate_all(
        "nodes => nodes.map(n => n.classList.contains('threadline-gap') ? 'gap'"
        " : (n.querySelector('.threadline-entry__when') || {innerText: n.className}).innerText)"
    )
    at = markers.index("20 September 2024")
    assert markers[at - 1] == "gap" and markers[at - 2] == "14 March 2024", markers

    visit = cards.filter(has_text=HOME_VISIT["what_happened"])
    expect(visit.locator(".threadline-entry__marks")).to_contain_text(
        f"Possible same event check it against {SOCIAL_CARE}’s entry of 14 March 2024"
    )
    gap.scroll_into_view_if_needed()
    screenshot(sofia, "chronology-merged")


def confirm_the_home_visit(sofia: Visitor, review) -> None:
    page = sofia.page
    sofia.follow("Possible same events reported by two agencies")
    assert sofia.heading() == "Possible same events"
    expect(page.get_by_role("link", name="To check (1)")).to_be_visible()
    expect(
        page.get_by_role("heading", level=2, name=f"{SOCIAL_CARE} and {POLICE}, 14 March 2024")
    ).to_be_visible()
    sofia.arrive_by(page.get_by_role("button", name=re.compile(r"^Same event\W")))
    expect(
        page.get_by_text(f"Recorded: {SOCIAL_CARE}’s and {POLICE}’s entries are the same event")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Same event (1)")).to_be_visible()
    match = EntryMatch.objects.get(review=review)
    assert match.status == MatchStatus.CONFIRMED and match.decided_by_id is not None

    sofia.follow("Back to the merged chronology")
    visit = page.locator(".threadline-merged .threadline-entry").filter(has_text=HOME_VISIT["what_happened"])
    expect(visit.locator(".threadline-entry__marks")).to_contain_text(
        f"Same event also reported by {SOCIAL_CARE}, 14 March 2024"
    )
    expect(page.locator(".threadline-merged").get_by_text("Possible same event")).to_have_count(0)


def look_at_the_timeline(sofia: Visitor) -> None:
    page = sofia.page
    sofia.follow("See the timeline picture")
    assert sofia.heading() == "Timeline"
    expect(page.locator("figure.threadline-timeline svg").first).to_be_visible()
    gaps = page.get_by_role("table", name="Practice episodes, gaps and the incident")
    expect(gaps).to_contain_text("1 April to 19 September 2024")
    screenshot(sofia, "chronology-timeline")
    sofia.follow("Back to the merged chronology")


def export_to_word(sofia: Visitor, review, *, agencies) -> None:
    page = sofia.page
    sofia.follow("Export to Excel, Word or PDF")
    assert sofia.heading() == "Export the merged chronology"
    sofia.press("Export")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the format of the file")
    page.get_by_label("Word (.docx)").check()
    sofia.press("Export")
    assert sofia.heading() == "Your file is being prepared"
    assert run_queued(export_merged_chronology) == 1
    look_again(sofia)
    assert sofia.heading() == "Your Word (.docx) file is ready"
    expect(page.get_by_text("It holds 9 entries of the merged chronology")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the file (Word (.docx))").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    document = Document(download.path())

    texts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        texts.extend(paragraph.text for paragraph in section.header.paragraphs)
        texts.extend(paragraph.text for paragraph in section.footer.paragraphs)
    everything = "\n".join(texts)
    for row in [*POLICE_ROWS, *SOCIAL_CARE_ROWS]:
        assert row["what_happened"] in everything
    assert "A&E attendance with a hand injury; said he had fallen." in everything
    assert "Seen by the school nurse about poor sleep and tiredness." in everything
    for name in agencies:
        assert name in everything
    assert review.incident.child.pseudonym in everything
    for part in CHILD_NAME.split():
        assert part not in everything, f"the export names the child: {part}"
