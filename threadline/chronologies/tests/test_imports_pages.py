"""The import pages (issue 6 item 3): templates to download, the upload with its messages next
to the field, the progress that refreshes itself without a script, the report, the preview
with fact and opinion apart, and the result; and who may reach them."""

import io
import re

import pytest
from django.test import override_settings
from django.urls import reverse

from threadline.chronologies.domain.entries import COLUMNS
from threadline.chronologies.models import ChronologyEntry, ChronologyImport, ImportStatus
from threadline.core.models import AuditAction, AuditEvent
from threadline.frameworks.tests.conftest import error_summary, field_error, page_text
from threadline.reviews.tests import conftest as reviews_fixtures

from . import fixtures_imports as fixtures
from .fixtures_imports import (
    SCHOOL,
    STRATEGY,
    VISIT,
    csv_bytes,
    run_queued_imports,
    submit,
    upload,
    xlsx_bytes,
)

chair, incident, review, reviewer, yjs = (
    reviews_fixtures.chair,
    reviews_fixtures.incident,
    reviews_fixtures.review,
    reviews_fixtures.reviewer,
    reviews_fixtures.yjs,
)
social_care, schools, agency_lead, schools_lead, chronology, schools_chronology = (
    fixtures.social_care,
    fixtures.schools,
    fixtures.agency_lead,
    fixtures.schools_lead,
    fixtures.chronology,
    fixtures.schools_chronology,
)

pytestmark = pytest.mark.django_db


def refreshes(response) -> bool:
    """The page reloads itself every 2 seconds (the Refresh header, as a meta refresh would)."""
    return response.get("Refresh") == "2"


def start_url(chronology) -> str:
    return reverse("chronologies:import_start", kwargs={"chronology_pk": chronology.pk})


def template_url(chronology, kind: str) -> str:
    return reverse(
        "chronologies:import_template", kwargs={"chronology_pk": chronology.pk, "file_format": kind}
    )


def job_url(job) -> str:
    return reverse("chronologies:import", kwargs={"pk": job.pk})


def send(client, chronology, name, content, capture):
    with capture(execute=True):
        return client.post(start_url(chronology), {"file": upload(name, content)})


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page_text(response)).split())


@pytest.fixture
def lead_client(client, agency_lead):
    client.force_login(agency_lead)
    return client


def test_the_start_page_offers_the_three_templates_and_the_upload(lead_client, chronology):
    response = lead_client.get(start_url(chronology))
    assert response.status_code == 200
    page = text(response)
    assert "Import entries from a file" in page and "version 1 of the chronology" in page
    for kind in ("xlsx", "docx", "csv"):
        assert template_url(chronology, kind) in page_text(response)
    assert "Word (.docx), Excel (.xlsx) or CSV (.csv), smaller than 50 MB" in page
    assert "Every date must be within the chronology's period, 1 January 2023 to 1 March 2025." in page
    assert '<label class="govuk-label govuk-label--s" for="id_file">Upload a file</label>' in page_text(
        response
    )


def test_each_template_downloads_with_the_headings(lead_client, chronology):
    from docx import Document
    from openpyxl import load_workbook

    csv = lead_client.get(template_url(chronology, "csv"))
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    assert csv["Content-Disposition"] == 'attachment; filename="chronology-template.csv"'
    assert csv.content.decode("utf-8-sig").strip() == ",".join(COLUMNS.values())
    xlsx = lead_client.get(template_url(chronology, "xlsx"))
    sheet = load_workbook(io.BytesIO(xlsx.content))["Chronology"]
    assert [cell.value for cell in sheet[1]] == list(COLUMNS.values()) and sheet.max_row == 1
    docx = lead_client.get(template_url(chronology, "docx"))
    document = Document(io.BytesIO(docx.content))
    assert [cell.text for cell in document.tables[-1].rows[0].cells] == list(COLUMNS.values())
    assert "Chronology of Northbridge Children's Social Care" in document.paragraphs[0].text
    assert lead_client.get(template_url(chronology, "pdf")).status_code == 404


def test_a_file_is_checked_previewed_and_imported_from_the_pages(
    lead_client, agency_lead, chronology, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    sent = send(lead_client, chronology, "Chronology.xlsx", xlsx_bytes([VISIT, STRATEGY, SCHOOL]), capture)
    job = ChronologyImport.objects.get()
    assert sent.status_code == 302 and sent["Location"] == job_url(job)

    waiting = lead_client.get(job_url(job))
    assert "Checking the file" in text(waiting) and refreshes(waiting)
    assert "<script>" not in page_text(waiting)

    run_queued_imports()
    ready = lead_client.get(job_url(job))
    page = text(ready)
    assert not refreshes(ready)
    assert "3 new entries." in page and "Import 3 entries" in page
    assert "What happened (fact)" in page and "Professional opinion or analysis" in page
    assert VISIT["what_happened"] in page and VISIT["opinion"] in page and "12 March 2024, 14:30" in page
    assert "March 2024" in page and SCHOOL["childs_voice"] in page
    seen = AuditEvent.objects.get(action=AuditAction.VIEW, detail__page="import preview")
    assert seen.actor == agency_lead and seen.detail == {"import": job.pk, "page": "import preview"}

    with capture(execute=True):
        confirmed = lead_client.post(job_url(job), {"action": "import"})
    assert confirmed.status_code == 302
    importing = lead_client.get(job_url(job))
    assert "Importing 3 entries" in text(importing) and refreshes(importing)
    assert "<progress" in page_text(importing)

    run_queued_imports()
    done = lead_client.get(job_url(job))
    assert "3 entries imported" in text(done) and "into version 1 of the chronology" in text(done)
    assert ChronologyEntry.objects.filter(version__chronology=chronology).count() == 3
    listed = lead_client.get(start_url(chronology))
    assert "Chronology.xlsx" in text(listed) and "Imported" in text(listed)


def test_the_progress_of_a_check_is_shown_with_a_labelled_bar_and_can_stop_refreshing(
    lead_client, chronology, django_capture_on_commit_callbacks
):
    send(lead_client, chronology, "big.csv", csv_bytes([VISIT]), django_capture_on_commit_callbacks)
    job = ChronologyImport.objects.get()
    ChronologyImport.objects.filter(pk=job.pk).update(done_rows=4000, total_rows=20000)
    response = lead_client.get(job_url(job))
    html = page_text(response)
    assert "Checked 4,000 of 20,000 rows" in text(response)
    assert '<label class="govuk-label govuk-label--s" for="import-progress">' in html
    assert (
        '<progress id="import-progress" class="govuk-!-width-full" max="20000" value="4000">20%</progress>'
        in html
    )
    assert refreshes(response)
    stopped = lead_client.get(job_url(job) + "?refresh=off")
    assert not refreshes(stopped) and "Check again" in text(stopped)


def test_a_file_with_problems_shows_each_row_column_and_message_and_imports_nothing(
    lead_client, chronology, django_capture_on_commit_callbacks
):
    rows = [VISIT, {**SCHOOL, "date": "31/04/2024"}, {**STRATEGY, "what_happened": "=1+1"}]
    send(lead_client, chronology, "entries.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    run_queued_imports()
    response = lead_client.get(job_url(ChronologyImport.objects.get()))
    page = text(response)
    assert "The file has problems" in page
    assert "Nothing has been imported. Correct the file and upload it again." in page
    assert "2 problems found in entries.csv" in page
    assert "3 Date ‘31/04/2024’ is not a real date" in page
    assert "4 What happened The cell holds a formula; paste its value instead" in page
    assert "Upload the corrected file" in page and 'value="import"' not in page_text(response)
    assert not ChronologyEntry.objects.exists()


def test_a_long_report_lists_the_first_500_and_counts_them_all(
    lead_client, chronology, django_capture_on_commit_callbacks
):
    rows = [{"date": "soon", "what_happened": f"Row {n}"} for n in range(520)]
    send(lead_client, chronology, "entries.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    run_queued_imports()
    page = text(lead_client.get(job_url(ChronologyImport.objects.get())))
    assert "520 problems found in entries.csv; the first 500 are listed" in page


def test_a_re_import_says_what_will_be_skipped(lead_client, chronology, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    send(lead_client, chronology, "march.csv", csv_bytes([VISIT, STRATEGY]), capture)
    run_queued_imports()
    with capture(execute=True):
        lead_client.post(job_url(ChronologyImport.objects.get()), {"action": "import"})
    run_queued_imports()
    send(lead_client, chronology, "march-april.csv", csv_bytes([VISIT, STRATEGY, SCHOOL]), capture)
    run_queued_imports()
    job = ChronologyImport.objects.get(original_name="march-april.csv")
    page = text(lead_client.get(job_url(job)))
    assert "1 new entry; 2 already in the chronology from an earlier import will be skipped." in page
    assert "Import 1 entry" in page


def test_cancelling_from_the_preview(lead_client, chronology, django_capture_on_commit_callbacks):
    send(lead_client, chronology, "a.csv", csv_bytes([VISIT]), django_capture_on_commit_callbacks)
    run_queued_imports()
    job = ChronologyImport.objects.get()
    response = lead_client.post(job_url(job), {"action": "cancel"}, follow=True)
    assert "Import cancelled" in text(response) and "Nothing has been imported from a.csv." in text(response)
    again = lead_client.post(job_url(job), {"action": "import"})
    assert again.status_code == 200 and error_summary(again) == [
        "This file cannot be imported: upload it again"
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "entries.xlsx",
            csv_bytes([VISIT]),
            "The file is called entries.xlsx but it is a text file, not a Word, Excel or CSV file",
        ),
        ("entries.csv", b"", "The selected file is empty"),
        ("notes.txt", b"Date,What happened\n", "notes.txt is a text file, not a Word, Excel or CSV file"),
    ],
)
def test_a_refused_file_is_named_next_to_the_field(
    lead_client, chronology, name, content, message, django_capture_on_commit_callbacks
):
    response = send(lead_client, chronology, name, content, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert field_error(response, "id_file") == message and error_summary(response) == [message]
    assert "choose it again" in text(response)
    assert not ChronologyImport.objects.exists()


def test_no_file_chosen_says_so(lead_client, chronology):
    response = lead_client.post(start_url(chronology), {})
    assert field_error(response, "id_file") == "Select a file"


def test_a_file_over_the_limit_is_refused_before_it_is_kept(
    lead_client, chronology, django_capture_on_commit_callbacks
):
    with override_settings(CHRONOLOGY_IMPORT_MAX_BYTES=2048):
        response = send(
            lead_client, chronology, "big.csv", csv_bytes([VISIT] * 40), django_capture_on_commit_callbacks
        )
    assert field_error(response, "id_file") == "The selected file must be smaller than 2 KB"
    assert not ChronologyImport.objects.exists()


# --- who may reach the pages


def test_another_agency_gets_not_found_on_every_import_page(
    client, agency_lead, chronology, schools_lead, schools_chronology, django_capture_on_commit_callbacks
):
    client.force_login(agency_lead)
    send(client, chronology, "a.csv", csv_bytes([VISIT]), django_capture_on_commit_callbacks)
    job = ChronologyImport.objects.get()
    client.force_login(schools_lead)
    for url in (start_url(chronology), template_url(chronology, "xlsx"), job_url(job)):
        assert client.get(url).status_code == 404, url
    assert client.post(job_url(job), {"action": "cancel"}).status_code == 404
    assert AuditEvent.objects.filter(actor=schools_lead, action=AuditAction.PERMISSION_DENIED).count() == 4
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKING


def test_the_review_team_may_not_import_into_an_agency_chronology(client, chair, chronology):
    client.force_login(chair)
    assert client.get(start_url(chronology)).status_code == 403
    assert client.get(template_url(chronology, "csv")).status_code == 403


def test_a_submitted_chronology_offers_no_upload_and_refuses_one(lead_client, agency_lead, chronology):
    submit(chronology.versions.get(number=1), agency_lead)
    page = lead_client.get(start_url(chronology))
    assert "This chronology has been submitted" in text(page) and 'type="file"' not in page_text(page)
    refused = lead_client.post(start_url(chronology), {"file": upload("a.csv", csv_bytes([VISIT]))})
    assert refused.status_code == 200
    assert error_summary(refused)[0].startswith("The chronology has been submitted")
    assert not ChronologyImport.objects.exists()
