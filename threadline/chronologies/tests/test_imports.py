"""Importing a chronology from a file (issue 6 item 3), through the services and the background
tasks: every bad input with its message, all or nothing, re-imports that add nothing twice,
each template round-trips, and who may import."""

import io
from datetime import date

import pytest
from django.db import connection
from django.http import Http404
from django.test import override_settings

from threadline.chronologies.domain.entries import COLUMNS
from threadline.chronologies.models import ChronologyEntry, ChronologyImport, ImportStatus
from threadline.chronologies.selectors.imports import import_for, preview_rows
from threadline.chronologies.services.imports import (
    chronology_import_cancel,
    chronology_import_confirm,
    chronology_import_upload,
)
from threadline.chronologies.templates_files import template_file
from threadline.core.access import NotAllowed
from threadline.core.models import AuditAction, AuditEvent
from threadline.core.uploads import OversizeUpload
from threadline.reviews.domain.errors import ReviewRuleError
from threadline.reviews.tests import conftest as reviews_fixtures

from . import fixtures_imports as fixtures
from .fixtures_imports import (
    SCHOOL,
    STRATEGY,
    VISIT,
    csv_bytes,
    docx_bytes,
    queued_imports,
    run_queued_imports,
    submit,
    upload,
    xlsx_bytes,
)

# The fixtures of these tests, bound here so that pytest finds them.
chair, incident, review, reviewer, yjs = (
    reviews_fixtures.chair,
    reviews_fixtures.incident,
    reviews_fixtures.review,
    reviews_fixtures.reviewer,
    reviews_fixtures.yjs,
)
social_care, schools, agency_lead, agency_practitioner, schools_lead, chronology = (
    fixtures.social_care,
    fixtures.schools,
    fixtures.agency_lead,
    fixtures.agency_practitioner,
    fixtures.schools_lead,
    fixtures.chronology,
)

pytestmark = pytest.mark.django_db


def start(actor, chronology, name, content, capture):
    with capture(execute=True):
        return chronology_import_upload(
            actor=actor, chronology=chronology, uploaded_file=upload(name, content)
        )


def checked(actor, chronology, name, content, capture) -> ChronologyImport:
    started = start(actor, chronology, name, content, capture)
    run_queued_imports()
    return ChronologyImport.objects.get(pk=started.pk)


def imported(actor, chronology, name, content, capture) -> ChronologyImport:
    job = checked(actor, chronology, name, content, capture)
    assert job.status == ImportStatus.READY, job.problems
    with capture(execute=True):
        chronology_import_confirm(actor=actor, chronology_import=job)
    run_queued_imports()
    return ChronologyImport.objects.get(pk=job.pk)


def entries_of(chronology):
    return list(ChronologyEntry.objects.filter(version__chronology=chronology).order_by("position"))


def report(job) -> list[tuple]:
    return [(p["row"], p["column"], p["message"]) for p in job.problems]


# --- the journey


def test_a_file_is_checked_then_previewed_then_imported_all_at_once(
    agency_lead, chronology, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    started = start(
        agency_lead, chronology, "Social care chronology.csv", csv_bytes([VISIT, STRATEGY]), capture
    )
    assert started.status == ImportStatus.CHECKING and started.file_kind == "csv" and queued_imports() == 1
    assert started.version.number == 1 and started.uploaded_by == agency_lead
    run_queued_imports()
    job = ChronologyImport.objects.get(pk=started.pk)
    assert job.status == ImportStatus.READY and job.total_rows == 2 and job.done_rows == 2
    assert (job.new_rows, job.already_there, job.problem_count) == (2, 0, 0)
    assert not entries_of(chronology), "checking writes no entry"
    # The preview's text is case content: it is stored encrypted.
    stored = ChronologyImport.objects.filter(pk=job.pk).values_list("preview", flat=True)
    with connection.cursor() as cursor:
        cursor.execute(*stored.query.sql_with_params())
        assert VISIT["what_happened"] not in cursor.fetchone()[0]
    assert [row["what_happened"] for row in preview_rows(job)] == [
        VISIT["what_happened"],
        STRATEGY["what_happened"],
    ]

    with capture(execute=True):
        confirmed = chronology_import_confirm(actor=agency_lead, chronology_import=job)
    assert confirmed.status == ImportStatus.IMPORTING
    run_queued_imports()
    job.refresh_from_db()
    assert job.status == ImportStatus.IMPORTED and job.new_rows == 2 and job.finished_at is not None
    entries = entries_of(chronology)
    assert [(e.position, e.occurred_on, e.precision, e.what_happened) for e in entries] == [
        (1, date(2024, 3, 12), "time", VISIT["what_happened"]),
        (2, date(2024, 3, 1), "month", STRATEGY["what_happened"]),
    ]
    visit = entries[0]
    assert visit.opinion == VISIT["opinion"] and visit.significant and visit.created_by == agency_lead
    assert visit.precision_rank == 2 and visit.import_key and len(visit.import_key) == 64
    # The file is not kept once imported; the row and its counts stay.
    assert not job.file


def test_the_audit_log_holds_counts_only(agency_lead, chronology, django_capture_on_commit_callbacks):
    imported(
        agency_lead,
        chronology,
        "entries.csv",
        csv_bytes([VISIT, STRATEGY]),
        django_capture_on_commit_callbacks,
    )
    events = AuditEvent.objects.filter(
        target_type="chronologies.agencychronology", target_id=str(chronology.pk)
    )
    details = [event.detail for event in events.order_by("pk")]
    assert [d.get("import") is not None for d in details] == [True] * len(details)
    done = events.get(action=AuditAction.CREATE, detail__imported=2)
    assert done.actor == agency_lead and done.detail["skipped_already_there"] == 0
    text = str(details)
    assert VISIT["what_happened"] not in text and VISIT["opinion"] not in text and "entries.csv" not in text


def test_entries_go_after_those_already_in_the_version(
    agency_lead, chronology, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    imported(agency_lead, chronology, "first.csv", csv_bytes([VISIT]), capture)
    imported(agency_lead, chronology, "second.csv", csv_bytes([SCHOOL, STRATEGY]), capture)
    assert [e.position for e in entries_of(chronology)] == [1, 2, 3]


# --- all or nothing; nothing twice


def test_a_file_with_one_bad_row_imports_nothing(agency_lead, chronology, django_capture_on_commit_callbacks):
    rows = [VISIT, STRATEGY, {**SCHOOL, "date": "32/04/2024"}]
    job = checked(agency_lead, chronology, "entries.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.INVALID and job.problem_count == 1
    assert report(job) == [(4, "Date", "‘32/04/2024’ is not a real date")]
    assert not entries_of(chronology) and not job.file
    with pytest.raises(ReviewRuleError, match="cannot be imported"):
        chronology_import_confirm(actor=agency_lead, chronology_import=job)
    assert not entries_of(chronology)


def test_importing_the_same_file_twice_adds_nothing_the_second_time(
    agency_lead, chronology, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    content = xlsx_bytes([VISIT, STRATEGY, SCHOOL])
    imported(agency_lead, chronology, "entries.xlsx", content, capture)
    again = checked(agency_lead, chronology, "entries.xlsx", content, capture)
    assert again.status == ImportStatus.READY and (again.new_rows, again.already_there) == (0, 3)
    assert len(entries_of(chronology)) == 3


def test_a_file_with_some_new_rows_adds_only_those(
    agency_lead, chronology, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    imported(agency_lead, chronology, "march.csv", csv_bytes([VISIT, STRATEGY]), capture)
    job = imported(agency_lead, chronology, "march-april.csv", csv_bytes([VISIT, STRATEGY, SCHOOL]), capture)
    assert (job.new_rows, job.already_there) == (1, 2)
    assert [e.what_happened for e in entries_of(chronology)] == [
        VISIT["what_happened"],
        STRATEGY["what_happened"],
        SCHOOL["what_happened"],
    ]


def test_two_checked_copies_of_a_file_imported_one_after_the_other_add_the_rows_once(
    agency_lead, chronology, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    content = csv_bytes([VISIT, SCHOOL])
    first = checked(agency_lead, chronology, "a.csv", content, capture)
    second = checked(agency_lead, chronology, "b.csv", content, capture)
    with capture(execute=True):
        chronology_import_confirm(actor=agency_lead, chronology_import=first)
        chronology_import_confirm(actor=agency_lead, chronology_import=second)
    run_queued_imports()
    second.refresh_from_db()
    assert second.status == ImportStatus.IMPORTED and (second.new_rows, second.already_there) == (0, 2)
    assert len(entries_of(chronology)) == 2


def test_a_new_version_keeps_the_import_keys_so_a_re_import_still_adds_nothing(
    agency_lead, chronology, django_capture_on_commit_callbacks
):
    from threadline.chronologies.models import ChronologyVersion

    capture = django_capture_on_commit_callbacks
    content = csv_bytes([VISIT, SCHOOL])
    imported(agency_lead, chronology, "a.csv", content, capture)
    first = chronology.versions.get(number=1)
    submit(first, agency_lead)
    second = ChronologyVersion.objects.create(chronology=chronology, number=2, created_by=agency_lead)
    for entry in first.entries.all():
        ChronologyEntry.objects.create(
            version=second,
            uid=entry.uid,
            position=entry.position,
            occurred_on=entry.occurred_on,
            occurred_time=entry.occurred_time,
            precision=entry.precision,
            precision_rank=entry.precision_rank,
            what_happened=entry.what_happened,
            source=entry.source,
            author_role=entry.author_role,
            who_was_present=entry.who_was_present,
            childs_voice=entry.childs_voice,
            opinion=entry.opinion,
            significant=entry.significant,
            import_key=entry.import_key,
        )
    job = checked(agency_lead, chronology, "a.csv", content, capture)
    assert job.version == second and (job.new_rows, job.already_there) == (0, 2)


# --- every bad input, with its own message


def test_wrong_columns_are_named(agency_lead, chronology, django_capture_on_commit_callbacks):
    headings = ["Date", "Notes", "Source"]
    job = checked(
        agency_lead,
        chronology,
        "entries.csv",
        csv_bytes([SCHOOL], headings=headings),
        django_capture_on_commit_callbacks,
    )
    assert job.status == ImportStatus.INVALID
    assert [(row, column) for row, column, _ in report(job)] == [(1, "Notes"), (1, "What happened")]
    assert report(job)[1][2] == (
        "There is no ‘What happened’ column: the first row must hold the column headings, as in the template"
    )


def test_dates_that_do_not_parse_or_lie_outside_the_period_and_empty_required_cells(
    agency_lead, chronology, django_capture_on_commit_callbacks
):
    rows = [
        {"date": "next Tuesday", "what_happened": "A"},
        {"date": "12/03/2026", "what_happened": "B"},
        {"date": "", "what_happened": "C"},
        {"date": "12/03/2024", "source": "Case notes"},
    ]
    job = checked(agency_lead, chronology, "entries.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    assert report(job) == [
        (2, "Date", "‘next Tuesday’ is not a date: use a day like 12/03/2024, or a month like 03/2024"),
        (3, "Date", "The date must be within the chronology's period, 1 January 2023 to 1 March 2025"),
        (4, "Date", "Enter the date"),
        (5, "What happened", "Enter what happened"),
    ]
    assert not entries_of(chronology)


def test_a_200_mb_file_is_refused_by_its_size(agency_lead, chronology):
    huge = OversizeUpload(
        name="everything.xlsx", content_type="application/octet-stream", size=200 * 1024 * 1024
    )
    with pytest.raises(ReviewRuleError) as refused:
        chronology_import_upload(actor=agency_lead, chronology=chronology, uploaded_file=huge)
    assert (
        str(refused.value) == "The selected file must be smaller than 50 MB" and refused.value.field == "file"
    )
    assert not ChronologyImport.objects.exists()


def test_the_size_limit_comes_from_the_setting(agency_lead, chronology):
    with override_settings(CHRONOLOGY_IMPORT_MAX_BYTES=1024), pytest.raises(ReviewRuleError) as refused:
        chronology_import_upload(
            actor=agency_lead,
            chronology=chronology,
            uploaded_file=upload("a.csv", csv_bytes([VISIT] * 0) + b"x" * 2000),
        )
    assert str(refused.value) == "The selected file must be smaller than 1 KB"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "entries.xlsx",
            csv_bytes([SCHOOL]),
            "The file is called entries.xlsx but it is a text file, not a Word, Excel or CSV file",
        ),
        (
            "entries.csv",
            xlsx_bytes([SCHOOL]),
            "The file is called entries.csv but it is an Excel spreadsheet",
        ),
        (
            "entries.docx",
            xlsx_bytes([SCHOOL]),
            "The file is called entries.docx but it is an Excel spreadsheet",
        ),
        (
            "entries.pdf",
            b"%PDF-1.4\n%%EOF\n",
            "entries.pdf is a PDF, not a Word, Excel or CSV file",
        ),
        ("entries.csv", b"", "The selected file is empty"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(agency_lead, chronology, name, content, message):
    with pytest.raises(ReviewRuleError) as refused:
        chronology_import_upload(
            actor=agency_lead, chronology=chronology, uploaded_file=upload(name, content)
        )
    assert str(refused.value) == message
    assert not ChronologyImport.objects.exists()


def test_formulas_in_cells_are_refused_in_excel_and_csv(
    agency_lead, chronology, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    sheet = xlsx_bytes([["12/03/2024", None, None, None, "=A1&B1"], ["13/03/2024", None, None, None, "Call"]])
    job = checked(agency_lead, chronology, "entries.xlsx", sheet, capture)
    assert report(job) == [(2, "What happened", "The cell holds a formula; paste its value instead")]
    text = csv_bytes([{**SCHOOL, "opinion": "=1+1"}, {**VISIT, "what_happened": "- dash, not a formula"}])
    job = checked(agency_lead, chronology, "entries.csv", text, capture)
    assert report(job) == [
        (2, "Professional opinion or analysis", "The cell holds a formula; paste its value instead")
    ]


def test_text_in_the_wrong_encoding_names_the_byte_and_line(
    agency_lead, chronology, django_capture_on_commit_callbacks
):
    content = csv_bytes([STRATEGY, {**SCHOOL, "what_happened": "Mother said ‘no’"}], encoding="cp1252")
    job = checked(agency_lead, chronology, "entries.csv", content, django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.INVALID
    assert report(job) == [
        (
            None,
            "",
            "The file is not UTF-8 text (byte 0x91 on line 3): in Excel save it as ‘CSV UTF-8 (Comma "
            "delimited)’ and upload that file",
        )
    ]
    assert not entries_of(chronology)


def test_a_damaged_word_document_is_reported_not_half_read(
    agency_lead, chronology, django_capture_on_commit_callbacks
):
    good = docx_bytes([SCHOOL])
    # Keep the ZIP's index valid but break the document's XML.
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(good))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    job = checked(
        agency_lead, chronology, "entries.docx", buffer.getvalue(), django_capture_on_commit_callbacks
    )
    assert job.status == ImportStatus.INVALID
    assert report(job)[-1] == (None, "", "The Word document cannot be read: it may be damaged")
    assert not entries_of(chronology)


# --- the templates


@pytest.mark.parametrize("kind", ["csv", "xlsx", "docx"])
def test_each_template_filled_in_imports_through_its_own_format(
    kind, agency_lead, chronology, django_capture_on_commit_callbacks
):
    blank = template_file(kind, agency="Northbridge Children's Social Care", period_from=date(2023, 1, 1))
    rows = [VISIT, STRATEGY, SCHOOL]
    if kind == "csv":
        content = blank + csv_bytes(rows, encoding="utf-8").split(b"\r\n", 1)[1]
        assert blank.startswith(b"\xef\xbb\xbf" + ",".join(COLUMNS.values()).encode())
    elif kind == "xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(blank))
        sheet = workbook["Chronology"]
        for row in rows:
            sheet.append([row.get(key, "") for key in COLUMNS])
        buffer = io.BytesIO()
        workbook.save(buffer)
        content = buffer.getvalue()
    else:
        from docx import Document

        document = Document(io.BytesIO(blank))
        table = document.tables[-1]
        for row in rows:
            cells = table.add_row().cells
            for cell, key in zip(cells, COLUMNS, strict=True):
                cell.text = row.get(key, "")
        buffer = io.BytesIO()
        document.save(buffer)
        content = buffer.getvalue()
    job = imported(agency_lead, chronology, f"filled.{kind}", content, django_capture_on_commit_callbacks)
    assert job.new_rows == 3
    entries = entries_of(chronology)
    assert [e.what_happened for e in entries] == [r["what_happened"] for r in rows]
    assert entries[0].opinion == VISIT["opinion"] and entries[0].occurred_time.strftime("%H:%M") == "14:30"
    assert entries[2].childs_voice == SCHOOL["childs_voice"]


def test_an_empty_template_has_nothing_to_import(agency_lead, chronology, django_capture_on_commit_callbacks):
    for kind in ("csv", "xlsx", "docx"):
        job = checked(
            agency_lead, chronology, f"blank.{kind}", template_file(kind), django_capture_on_commit_callbacks
        )
        assert job.status == ImportStatus.READY and (job.total_rows, job.new_rows) == (
            {"csv": 0, "xlsx": 0, "docx": 1}[kind],
            0,
        )


# --- who may import, and into what


def test_another_agency_cannot_find_the_import(
    agency_lead, chronology, schools_lead, django_capture_on_commit_callbacks
):
    job = checked(
        agency_lead, chronology, "entries.csv", csv_bytes([VISIT]), django_capture_on_commit_callbacks
    )
    with pytest.raises(Http404):
        import_for(schools_lead, job.pk)
    assert AuditEvent.objects.filter(actor=schools_lead, action=AuditAction.PERMISSION_DENIED).exists()


def test_only_the_agency_writers_may_import(agency_practitioner, schools_lead, reviewer, chronology):
    content = csv_bytes([VISIT])
    for outsider in (schools_lead, reviewer):
        with pytest.raises(NotAllowed):
            chronology_import_upload(
                actor=outsider, chronology=chronology, uploaded_file=upload("a.csv", content)
            )
    # A practitioner of the agency writes its chronology too.
    job = chronology_import_upload(
        actor=agency_practitioner, chronology=chronology, uploaded_file=upload("a.csv", content)
    )
    assert job.status == ImportStatus.CHECKING


def test_a_submitted_version_is_refused(agency_lead, chronology):
    submit(chronology.versions.get(number=1), agency_lead)
    with pytest.raises(ReviewRuleError, match="The chronology has been submitted"):
        chronology_import_upload(
            actor=agency_lead, chronology=chronology, uploaded_file=upload("a.csv", csv_bytes([VISIT]))
        )


def test_a_version_submitted_after_the_check_refuses_the_import(
    agency_lead, chronology, django_capture_on_commit_callbacks
):
    job = checked(agency_lead, chronology, "a.csv", csv_bytes([VISIT]), django_capture_on_commit_callbacks)
    submit(chronology.versions.get(number=1), agency_lead)
    with pytest.raises(ReviewRuleError, match="submitted after the file was checked"):
        chronology_import_confirm(actor=agency_lead, chronology_import=job)


def test_a_version_submitted_while_the_import_waits_imports_nothing_and_says_why(
    agency_lead, chronology, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    job = checked(agency_lead, chronology, "a.csv", csv_bytes([VISIT, SCHOOL]), capture)
    with capture(execute=True):
        chronology_import_confirm(actor=agency_lead, chronology_import=job)
    submit(chronology.versions.get(number=1), agency_lead)
    run_queued_imports()
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and not entries_of(chronology)
    assert job.failure.startswith(
        "The chronology was submitted on 3 April 2025 before the import ran, so nothing"
    )


def test_a_period_changed_after_the_check_is_caught_by_the_import_and_nothing_is_written(
    agency_lead, chronology, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    job = checked(agency_lead, chronology, "a.csv", csv_bytes([SCHOOL, VISIT]), capture)
    with capture(execute=True):
        chronology_import_confirm(actor=agency_lead, chronology_import=job)
    chronology.period_from = date(2024, 4, 1)
    chronology.save()
    run_queued_imports()
    job.refresh_from_db()
    assert job.status == ImportStatus.INVALID and not entries_of(chronology)
    assert report(job) == [
        (3, "Date", "The date must be within the chronology's period, 1 April 2024 to 1 March 2025")
    ]


def test_a_failure_in_the_middle_of_the_import_writes_nothing(
    agency_lead, chronology, django_capture_on_commit_callbacks, monkeypatch
):
    from threadline.chronologies.services import imports as service

    capture = django_capture_on_commit_callbacks
    rows = [{"date": f"{day:02d}/05/2024", "what_happened": f"Contact {day}"} for day in range(1, 31)]
    job = checked(agency_lead, chronology, "a.csv", csv_bytes(rows), capture)
    monkeypatch.setattr(service, "BATCH", 10)
    original = ChronologyEntry.objects.bulk_create
    calls = []

    def failing(objects, *args, **kwargs):
        calls.append(len(objects))
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return original(objects, *args, **kwargs)

    monkeypatch.setattr(ChronologyEntry.objects, "bulk_create", failing)
    with capture(execute=True):
        chronology_import_confirm(actor=agency_lead, chronology_import=job)
    run_queued_imports()
    job.refresh_from_db()
    assert calls == [10, 10] and job.status == ImportStatus.FAILED and not entries_of(chronology)
    assert job.failure.startswith("The import could not be finished, so nothing has been imported")


def test_cancelling_drops_the_file_and_imports_nothing(
    agency_lead, chronology, django_capture_on_commit_callbacks
):
    job = checked(agency_lead, chronology, "a.csv", csv_bytes([VISIT]), django_capture_on_commit_callbacks)
    assert job.file
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = chronology_import_cancel(actor=agency_lead, chronology_import=job)
    assert cancelled.status == ImportStatus.CANCELLED and not cancelled.file and not entries_of(chronology)
    with pytest.raises(ReviewRuleError):
        chronology_import_confirm(actor=agency_lead, chronology_import=cancelled)


# --- the rows kept between the check and the import


def test_the_checked_rows_are_kept_encrypted_and_deleted_with_the_file(
    agency_lead, chronology, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    job = checked(agency_lead, chronology, "a.csv", csv_bytes([VISIT, SCHOOL]), capture)
    storage, upload_name = job.file.storage, job.file.name
    staged = f"{upload_name}.rows"
    assert storage.exists(staged)
    with storage.open(staged, "rb") as kept:
        content = kept.read()
    assert content and b"Home visit" not in content and b"12/03/2024" not in content
    with capture(execute=True):
        chronology_import_confirm(actor=agency_lead, chronology_import=job)
    with capture(execute=True):
        run_queued_imports()
    assert not storage.exists(staged) and not storage.exists(upload_name)
    assert len(entries_of(chronology)) == 2


def test_an_import_whose_checked_rows_are_gone_imports_nothing_and_says_so(
    agency_lead, chronology, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    job = checked(agency_lead, chronology, "a.csv", csv_bytes([VISIT]), capture)
    job.file.storage.delete(f"{job.file.name}.rows")
    with capture(execute=True):
        chronology_import_confirm(actor=agency_lead, chronology_import=job)
    run_queued_imports()
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and not entries_of(chronology)
    assert job.failure == (
        "The checked rows of the file are no longer kept, so nothing has been imported. Upload the file again"
    )


def test_a_file_that_fails_its_check_keeps_no_rows(
    agency_lead, chronology, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    started = start(agency_lead, chronology, "a.csv", csv_bytes([{**VISIT, "date": "soon"}]), capture)
    name, storage = started.file.name, started.file.storage
    with capture(execute=True):
        run_queued_imports()
    assert not storage.exists(f"{name}.rows") and not storage.exists(name)
