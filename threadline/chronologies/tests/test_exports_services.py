"""Exporting the merged chronology (issue 6 item 7): asked for by the review team, written in the
background from each agency's latest submitted version with the filters asked for, naming the
child only by their pseudonym, downloaded with an audit row, purged after 7 days."""

# ruff: noqa: F811 — the fixtures imported from other modules are used by name, as arguments

import io
import re
import shutil
import subprocess
from datetime import date, timedelta

import docx
import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from threadline.chronologies import exporters
from threadline.chronologies.domain.exports import ExportRuleError
from threadline.chronologies.models import ChronologyExport, JobStatus
from threadline.chronologies.selectors.exports import export_for
from threadline.chronologies.services import exports as services
from threadline.chronologies.services.exports import (
    EXPORT_TASK_LABEL,
    chronology_export_download,
    chronology_export_request,
    chronology_export_run,
    chronology_exports_purge,
)
from threadline.chronologies.tasks_exports import export_merged_chronology
from threadline.core.access import NotAllowed
from threadline.core.models import AuditAction, AuditEvent, Role
from threadline.core.testing import make_person
from threadline.incidents.tests.builders import CHILD_IDENTIFIERS, CHILD_NAME
from threadline.reviews.tests.conftest import chair, incident, review, reviewer, yjs  # noqa: F401

from .fixtures_exports import HOSTILE, chronologies, health, police, police_writer  # noqa: F401

pytestmark = pytest.mark.django_db

TASK_PATH = export_merged_chronology.module_path
SECRETS = (CHILD_NAME, "Jayden", "Morrow", CHILD_IDENTIFIERS)


def run_queued() -> list[str]:
    """Run the waiting export tasks as the database worker does."""
    statuses = []
    for result in DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").order_by("enqueued_at"):
        stored = result.task_result
        statuses.append(result.task.call(*stored.args, **stored.kwargs))
    DBTaskResult.objects.filter(task_path=TASK_PATH).delete()
    return statuses


def exported(actor, review, file_format="xlsx", **filters) -> ChronologyExport:
    export = chronology_export_request(actor=actor, review=review, file_format=file_format, **filters)
    chronology_export_run(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == JobStatus.DONE, export.failure
    return export


def sheet_rows(export) -> list[tuple]:
    with export.file.open("rb") as stream:
        book = load_workbook(io.BytesIO(stream.read()))
    return list(book["Merged chronology"].iter_rows(min_row=2, values_only=True))


def all_text(export) -> str:
    """Every word a person opening the file could read."""
    with export.file.open("rb") as stream:
        content = stream.read()
    if export.file_format == "xlsx":
        book = load_workbook(io.BytesIO(content))
        return "\n".join(
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    if export.file_format == "docx":
        document = docx.Document(io.BytesIO(content))
        section = document.sections[0]
        parts = [p.text for p in document.paragraphs]
        parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
        properties = document.core_properties
        parts += [properties.title, properties.author, properties.subject, properties.comments]
        return "\n".join(parts)
    text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True).stdout.decode()
    info = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True).stdout.decode()
    return text + info


# --- asking


def test_the_review_team_asks_for_an_export_which_is_queued_once_committed(
    chair, review, chronologies, police, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        export = chronology_export_request(
            actor=chair,
            review=review,
            file_format="docx",
            organisation_ids=[str(police.pk)],
            date_from=date(2024, 1, 1),
            significant_only=True,
        )
    assert export.status == JobStatus.WAITING and export.requested_by == chair
    assert export.filters == {
        "agencies": [police.pk],
        "from": "2024-01-01",
        "to": None,
        "significant_only": True,
    }
    queued = DBTaskResult.objects.get(task_path=TASK_PATH)
    assert queued.args_kwargs["args"] == [export.pk]
    event = AuditEvent.objects.get(action=AuditAction.CREATE, target_id=str(review.pk), actor=chair)
    assert event.detail == {"chronology_export": export.pk, "format": "docx", **export.filters}
    assert run_queued() == ["done"]
    export.refresh_from_db()
    assert export.status == JobStatus.DONE and export.done_rows == 1


def test_only_the_review_team_may_export(review, chronologies, organisation, police_writer, stranger):
    practitioner = make_person(organisation, Role.PRACTITIONER)
    for person in (practitioner, police_writer, stranger):
        with pytest.raises(NotAllowed):
            chronology_export_request(actor=person, review=review, file_format="xlsx")
    assert not ChronologyExport.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"file_format": "csv"}, "file_format", "Choose the format of the file"),
        ({"organisation_ids": [999_999]}, "agency", "Choose only agencies asked for a chronology"),
        (
            {"date_from": date(2024, 6, 1), "date_to": date(2024, 5, 1)},
            "date_to",
            "The end of the period must be the same as or after its start",
        ),
    ],
)
def test_a_mistake_is_named_with_its_field_and_nothing_is_asked(chair, review, changes, field, message):
    given = {"file_format": "pdf", **changes}
    with pytest.raises(ExportRuleError, match=message) as refused:
        chronology_export_request(actor=chair, review=review, **given)
    assert refused.value.field == field
    assert not ChronologyExport.objects.exists()


def test_a_pdf_longer_than_the_limit_is_refused_with_the_other_formats_offered(
    chair, review, chronologies, settings
):
    settings.THREADLINE_PDF_EXPORT_MAX_ENTRIES = 4
    with pytest.raises(
        ExportRuleError, match="A PDF can hold up to 4 entries and these filters give 5"
    ) as refused:
        chronology_export_request(actor=chair, review=review, file_format="pdf")
    assert refused.value.field == "file_format"
    assert chronology_export_request(actor=chair, review=review, file_format="pdf", significant_only=True)
    assert chronology_export_request(actor=chair, review=review, file_format="xlsx")


# --- the file


def test_the_spreadsheet_holds_each_agencys_latest_submission_in_merged_order(chair, review, chronologies):
    export = exported(chair, review, "xlsx")
    rows = sheet_rows(export)
    assert [(row[1], row[2], row[5]) for row in rows] == [
        ("Month", "Riverside NHS Trust", "School nurse drop-in sessions offered"),
        ("Day", "Riverside NHS Trust", "Seen at the emergency department"),
        (
            "Date and time",
            "Northbridge Police",
            "Officers attended a report of a missing child.\nFound at a friend's address.",
        ),
        ("Day", "Northbridge Police", HOSTILE["hyperlink"]),
        ("Day", "Riverside NHS Trust", "Missed appointment"),
    ]
    assert "An entry the police later replaced" not in all_text(export)
    assert export.total_rows == export.done_rows == 5
    # The stored name is the export's own (a test's storage may add a suffix to a name used before).
    assert re.search(
        rf"chronologies/exports/{review.pk}/{export.pk}-TL-\d{{4}}-\d{{5}}-merged-chronology",
        export.file.name,
    )
    done = AuditEvent.objects.get(actor_label=EXPORT_TASK_LABEL)
    assert done.action == AuditAction.CHANGE and done.organisation_id == review.lead_organisation_id
    assert done.detail == {"chronology_export": export.pk, "format": "xlsx", "status": "done", "rows": 5}


def test_the_opinion_stays_in_its_own_column(chair, review, chronologies):
    timed = sheet_rows(exported(chair, review, "xlsx"))[2]
    assert timed[5].startswith("Officers attended") and "Exploitation" not in timed[5]
    assert timed[8] == "Exploitation indicators were present and not referred"
    assert timed[9] == "Yes"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ("police", ["Officers attended a report of a missing child.", HOSTILE["hyperlink"]]),
        ("significant", ["Officers attended a report of a missing child.", "Missed appointment"]),
        (
            "period",
            [
                "School nurse drop-in sessions offered",
                "Seen at the emergency department",
                "Officers attended a report of a missing child.",
            ],
        ),
    ],
)
def test_the_filters_are_honoured(chair, review, chronologies, police, filters, expected):
    given = {
        "police": {"organisation_ids": [police.pk]},
        "significant": {"significant_only": True},
        # The month entry of March 2024 belongs to a period starting later that month.
        "period": {"date_from": date(2024, 3, 10), "date_to": date(2024, 3, 31)},
    }[filters]
    rows = sheet_rows(exported(chair, review, "xlsx", **given))
    assert [row[5].split("\n")[0] for row in rows] == [text.split("\n")[0] for text in expected]


def test_the_title_block_lists_the_agencies_included_and_their_versions(chair, review, chronologies, police):
    text = all_text(exported(chair, review, "docx", organisation_ids=[police.pk]))
    assert "Northbridge Police\nVersion 2, submitted 3 April 2025" in text
    assert "Riverside NHS Trust" not in text
    assert "Agencies\nNorthbridge Police" in text
    assert "Produced" in text and "by Ruth Chair" in text
    assert "OFFICIAL-SENSITIVE" in text


@pytest.mark.parametrize("file_format", ["xlsx", "docx", "pdf"])
def test_every_format_names_the_child_by_pseudonym_and_never_by_name(
    chair, review, chronologies, file_format
):
    if file_format == "pdf" and shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = all_text(exported(chair, review, file_format))
    pseudonym = review.incident.child.pseudonym
    assert f"{review.incident.reference}: {pseudonym}" in " ".join(text.split())
    for secret in SECRETS:
        assert secret not in text
    assert "OFFICIAL-SENSITIVE" in text


def test_progress_is_recorded_as_the_file_is_written(chair, review, chronologies, monkeypatch):
    seen = []
    original = services._record_progress

    def watched(export_id, done):
        original(export_id, done)
        seen.append(ChronologyExport.objects.get(pk=export_id).done_rows)

    monkeypatch.setattr(exporters, "PROGRESS_EVERY", 2)
    monkeypatch.setattr(services, "_record_progress", watched)
    exported(chair, review, "docx")
    assert seen == [2, 4, 5]


def test_a_run_takes_a_waiting_export_once(chair, review, chronologies):
    export = exported(chair, review, "xlsx")
    name = export.file.name
    again = chronology_export_run(export_id=export.pk)
    assert again.status == JobStatus.DONE and again.file.name == name
    assert chronology_export_run(export_id=999_999) is None
    assert AuditEvent.objects.filter(actor_label=EXPORT_TASK_LABEL).count() == 1


def test_a_failed_run_says_so_and_keeps_no_file(chair, review, chronologies, monkeypatch):
    def broken(out, title, rows, progress=None):
        raise OSError("disk full")

    monkeypatch.setitem(services.WRITERS, "pdf", broken)
    export = chronology_export_request(actor=chair, review=review, file_format="pdf")
    chronology_export_run(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == JobStatus.FAILED and not export.file
    assert "could not be written" in export.failure and "disk" not in export.failure
    assert AuditEvent.objects.get(actor_label=EXPORT_TASK_LABEL).detail["status"] == "failed"


# --- fetching


def test_the_download_is_audited_and_named_by_the_reference(chair, reviewer, review, chronologies):
    export = exported(chair, review, "docx")
    found = export_for(reviewer, export.pk)
    stream, name = chronology_export_download(actor=reviewer, export=found)
    with stream:
        assert stream.read(2) == b"PK"
    assert name == f"{review.incident.reference}-merged-chronology.docx"
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, actor=reviewer)
    assert event.target_id == str(review.pk)
    assert event.detail == {"chronology_export": export.pk, "format": "docx", "rows": 5, "download": True}


def test_an_export_is_found_only_by_the_review_team_and_its_requester(
    chair, review, chronologies, organisation, police_writer, stranger
):
    from django.http import Http404

    export = exported(chair, review, "xlsx")
    practitioner = make_person(organisation, Role.PRACTITIONER)
    for person in (practitioner, police_writer, stranger):
        refused = AuditEvent.objects.filter(actor=person, action=AuditAction.PERMISSION_DENIED).count()
        with pytest.raises(Http404):
            export_for(person, export.pk)
        assert (
            AuditEvent.objects.filter(actor=person, action=AuditAction.PERMISSION_DENIED).count()
            == refused + 1
        )
    with pytest.raises(NotAllowed):
        export.review = review
        chronology_export_download(actor=practitioner, export=export)
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_exports_older_than_seven_days_are_purged_with_their_files(chair, review, chronologies):
    old = exported(chair, review, "xlsx")
    recent = exported(chair, review, "xlsx")
    storage, old_name = old.file.storage, old.file.name
    ChronologyExport.objects.filter(pk=old.pk).update(requested_at=timezone.now() - timedelta(days=8))
    assert chronology_exports_purge() == 1
    assert list(ChronologyExport.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not storage.exists(old_name) and storage.exists(recent.file.name)
    event = AuditEvent.objects.get(action=AuditAction.DELETE, target_id=str(review.pk))
    assert event.detail["chronology_export"] == old.pk
