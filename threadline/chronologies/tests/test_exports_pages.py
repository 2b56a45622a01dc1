"""The export pages: asking for a file with the merged page's filters, watching it being
prepared, downloading it; mistakes shown next to their fields; only the review team."""

# ruff: noqa: F811 — the fixtures imported from other modules are used by name, as arguments

import io
import re

import docx
import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from threadline.chronologies.models import ChronologyExport, JobStatus
from threadline.chronologies.services.exports import chronology_export_request, chronology_export_run
from threadline.chronologies.tasks_exports import export_merged_chronology
from threadline.core.models import AuditAction, AuditEvent, Role
from threadline.core.testing import assert_isolated, make_person
from threadline.frameworks.tests.conftest import error_summary, field_error, page_text
from threadline.incidents.tests.builders import CHILD_NAME
from threadline.reviews.tests.conftest import chair, incident, review, reviewer, yjs  # noqa: F401

from .fixtures_exports import chronologies, health, police, police_writer  # noqa: F401

pytestmark = pytest.mark.django_db

TASK_PATH = export_merged_chronology.module_path


def export_url(review) -> str:
    return reverse("chronologies:export", kwargs={"review_pk": review.pk})


def status_url(export) -> str:
    return reverse("chronologies:export_status", kwargs={"pk": export.pk})


def download_url(export) -> str:
    return reverse("chronologies:export_download", kwargs={"pk": export.pk})


def run_queued() -> None:
    for result in DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY"):
        stored = result.task_result
        result.task.call(*stored.args, **stored.kwargs)
    DBTaskResult.objects.filter(task_path=TASK_PATH).delete()


def checked(html: str, name: str) -> set[str]:
    return set(re.findall(rf'name="{name}" type="(?:checkbox|radio)" value="([^"]*)" checked', html))


def date_parts(html: str, name: str) -> list[str]:
    return [
        re.search(rf'name="{name}_{i}" type="text" inputmode="numeric" value="([^"]*)"', html).group(1)
        for i in range(3)
    ]


def test_the_export_page_carries_the_merged_pages_filters(client, chair, review, chronologies, police):
    client.force_login(chair)
    query = (
        f"agency={police.pk}&date_from_0=1&date_from_1=3&date_from_2=2024"
        "&date_to=2024-06-30&significant=on&page=3"
    )
    response = client.get(f"{export_url(review)}?{query}")
    html = page_text(response)
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Export the merged chronology</h1>' in html
    assert checked(html, "agency") == {str(police.pk)}
    assert date_parts(html, "date_from") == ["1", "3", "2024"]
    assert date_parts(html, "date_to") == ["30", "6", "2024"]
    assert checked(html, "significant_only") == {"on"}
    assert checked(html, "file_format") == set()  # a format is chosen, never assumed
    assert "Riverside NHS Trust" in html and "Northbridge Police" in html
    back = reverse("chronologies:merged", kwargs={"review_pk": review.pk})
    assert f'href="{back}?agency={police.pk}&amp;' in response.content.decode()


def test_asking_watching_and_downloading_a_word_file(
    client, chair, review, chronologies, police, django_capture_on_commit_callbacks
):
    client.force_login(chair)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            export_url(review),
            {
                "file_format": "docx",
                "agency": [str(police.pk)],
                "date_from_0": "",
                "date_from_1": "",
                "date_from_2": "",
                "date_to_0": "",
                "date_to_1": "",
                "date_to_2": "",
            },
        )
    export = ChronologyExport.objects.get()
    assert response.status_code == 302 and response["Location"] == status_url(export)

    waiting = client.get(status_url(export))
    assert waiting.status_code == 200 and waiting["Refresh"] == "2"
    assert "Your file is being prepared" in page_text(waiting) and "Waiting to start" in page_text(waiting)
    assert "Stop checking automatically" in page_text(waiting)
    assert "no-cache" in waiting["Cache-Control"]
    stopped = client.get(f"{status_url(export)}?refresh=off")
    assert not stopped.has_header("Refresh") and "Check again" in page_text(stopped)

    run_queued()
    ready = client.get(status_url(export))
    html = page_text(ready)
    assert not ready.has_header("Refresh")
    assert "Your Word (.docx) file is ready" in html and "It holds 2 entries" in html
    assert f'href="{download_url(export)}"' in html
    assert "Northbridge Police" in html and "All entries" in html

    downloaded = client.get(download_url(export))
    assert downloaded.status_code == 200
    name = f"{review.incident.reference}-merged-chronology.docx"
    assert downloaded["Content-Disposition"] == f'attachment; filename="{name}"'
    assert downloaded["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert downloaded["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in downloaded["Cache-Control"]
    document = docx.Document(io.BytesIO(b"".join(downloaded.streaming_content)))
    text = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "Officers attended a report of a missing child." in text
    assert review.incident.child.pseudonym in text and CHILD_NAME not in text
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, actor=chair)
    assert event.detail["chronology_export"] == export.pk and event.detail["download"] is True


def test_the_status_page_lists_the_persons_recent_exports_on_the_export_page(
    client, chair, review, chronologies
):
    export = chronology_export_request(actor=chair, review=review, file_format="pdf")
    client.force_login(chair)
    html = page_text(client.get(export_url(review)))
    assert "Your recent exports of this review" in html
    assert f'href="{status_url(export)}"' in html and "PDF" in html


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"file_format": ""}, "id_file_format", "Choose the format of the file"),
        (
            {"date_from_0": "31", "date_from_1": "2", "date_from_2": "2024"},
            "id_date_from",
            "The start of the period must be a real date",
        ),
        (
            {
                "date_from_0": "1",
                "date_from_1": "6",
                "date_from_2": "2024",
                "date_to_0": "1",
                "date_to_1": "5",
                "date_to_2": "2024",
            },
            "id_date_to",
            "The end of the period must be the same as or after its start",
        ),
        ({"agency": ["999999"]}, "id_agency", "Choose only agencies asked for a chronology in this review"),
    ],
)
def test_a_mistake_is_shown_next_to_its_field_and_what_was_typed_is_kept(
    client, chair, review, chronologies, health, changes, field, message
):
    client.force_login(chair)
    given = {
        "file_format": "xlsx",
        "agency": [str(health.pk)],
        "significant_only": "on",
        **{f"date_{end}_{i}": "" for end in ("from", "to") for i in range(3)},
    }
    response = client.post(export_url(review), {**given, **changes})
    assert response.status_code == 200
    assert field_error(response, field) == message
    assert message in error_summary(response)
    html = page_text(response)
    assert checked(html, "significant_only") == {"on"}
    if "file_format" not in changes:
        assert checked(html, "file_format") == {"xlsx"}
    if "date_from_0" in changes:
        assert date_parts(html, "date_from") == [changes["date_from_0"], changes["date_from_1"], "2024"]
    if "agency" not in changes:
        assert checked(html, "agency") == {str(health.pk)}
    assert not ChronologyExport.objects.exists()


def test_an_agency_writer_cannot_export_the_merged_chronology(client, review, chronologies, police_writer):
    client.force_login(police_writer)
    assert client.get(export_url(review)).status_code == 404
    assert client.post(export_url(review), {"file_format": "xlsx"}).status_code == 404
    assert not ChronologyExport.objects.exists()


def test_someone_of_the_lead_organisation_outside_the_review_team_is_refused(
    client, chair, organisation, review, chronologies
):
    practitioner = make_person(organisation, Role.PRACTITIONER)
    client.force_login(practitioner)
    assert client.get(export_url(review)).status_code == 403
    assert client.post(export_url(review), {"file_format": "xlsx"}).status_code == 403
    export = chronology_export_request(actor=chair, review=review, file_format="xlsx")
    assert client.get(status_url(export)).status_code == 404
    assert client.get(download_url(export)).status_code == 404
    assert not ChronologyExport.objects.exclude(pk=export.pk).exists()


def test_the_review_team_shares_its_exports_and_other_organisations_get_not_found(
    client, chair, reviewer, review, chronologies
):
    export = chronology_export_request(actor=chair, review=review, file_format="xlsx")
    chronology_export_run(export_id=export.pk)
    client.force_login(reviewer)
    assert client.get(download_url(export)).status_code == 200
    client.logout()
    assert_isolated(client, status_url(export), owner=chair)
    assert_isolated(client, download_url(export), owner=chair)


def test_a_file_not_yet_ready_cannot_be_downloaded(client, chair, review, chronologies):
    export = chronology_export_request(actor=chair, review=review, file_format="xlsx")
    client.force_login(chair)
    assert client.get(download_url(export)).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_failed_export_says_so_and_offers_to_ask_again(client, chair, review, chronologies):
    export = chronology_export_request(actor=chair, review=review, file_format="xlsx")
    ChronologyExport.objects.filter(pk=export.pk).update(
        status=JobStatus.FAILED, failure="The file could not be written."
    )
    client.force_login(chair)
    response = client.get(status_url(export))
    html = page_text(response)
    assert not response.has_header("Refresh")
    assert "The file could not be prepared" in html and f'href="{export_url(review)}"' in html


def test_the_status_page_shows_the_progress_while_the_file_is_written(client, chair, review, chronologies):
    export = chronology_export_request(actor=chair, review=review, file_format="pdf")
    ChronologyExport.objects.filter(pk=export.pk).update(status=JobStatus.RUNNING, total_rows=5, done_rows=3)
    client.force_login(chair)
    writing = client.get(status_url(export))
    assert writing["Refresh"] == "2"
    assert "3 of 5 entries written (60%)." in page_text(writing)
    ChronologyExport.objects.filter(pk=export.pk).update(done_rows=5)
    laying_out = page_text(client.get(status_url(export)))
    assert "All 5 entries are read; the pages are being laid out." in laying_out


def test_a_pdf_too_long_is_refused_next_to_the_format_with_the_limit_in_the_hint(
    client, chair, review, chronologies, settings
):
    settings.THREADLINE_PDF_EXPORT_MAX_ENTRIES = 4
    client.force_login(chair)
    assert "PDF to read or print (up to 4 entries)" in page_text(client.get(export_url(review)))
    response = client.post(export_url(review), {"file_format": "pdf"})
    message = (
        "A PDF can hold up to 4 entries and these filters give 5: choose Excel or Word, or narrow the filters"
    )
    assert field_error(response, "id_file_format") == message
    assert checked(page_text(response), "file_format") == {"pdf"}
    assert not ChronologyExport.objects.exists()
