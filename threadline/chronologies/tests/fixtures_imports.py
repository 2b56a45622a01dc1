"""An agency asked for its chronology, and files to import into it, built here in each format
(nothing is downloaded). The period is 1 January 2023 to 1 March 2025.

The review (reviews.tests.conftest) is led by Northbridge Youth Justice Service; the agency is
Northbridge Children's Social Care; Southport Schools is another agency of the same review.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from threadline.chronologies.domain.entries import COLUMNS
from threadline.chronologies.models import AgencyChronology, ChronologyVersion
from threadline.chronologies.tasks_imports import check_chronology_import, run_chronology_import
from threadline.core.models import Role
from threadline.core.testing import make_organisation, make_person

PERIOD = (date(2023, 1, 1), date(2025, 3, 1))
HEADINGS = list(COLUMNS.values())
TASK_PATHS = (check_chronology_import.module_path, run_chronology_import.module_path)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Rows as dicts by column key; a missing key is an empty cell.
VISIT = {
    "date": "12/03/2024",
    "time": "14:30",
    "source": "Case management system",
    "author_role": "Social worker",
    "what_happened": "Home visit: Jayden was not at home; mother said he was at a friend's.",
    "who_was_present": "Mother",
    "childs_voice": "",
    "opinion": "The visit should have been rearranged within the week.",
    "significant": "Yes",
}
STRATEGY = {
    "date": "03/2024",
    "what_happened": "Strategy discussion with the police about missing episodes.",
    "author_role": "Team manager",
}
SCHOOL = {
    "date": "2024-04-02",
    "what_happened": "School reported three days' absence.",
    "childs_voice": "Jayden said he did not feel safe on the bus.",
}


def as_cells(row: dict, headings=HEADINGS) -> list:
    keys = {heading: key for key, heading in COLUMNS.items()}
    return [row.get(keys.get(heading, ""), "") for heading in headings]


def csv_bytes(
    rows: list[dict], *, headings=HEADINGS, encoding: str = "utf-8-sig", delimiter: str = ","
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headings)
    for row in rows:
        writer.writerow(as_cells(row, headings))
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list, *, headings=HEADINGS, sheets_before: int = 0) -> bytes:
    """Rows as dicts by key, or as lists of raw cell values (dates, formulas...)."""
    from openpyxl import Workbook

    workbook = Workbook()
    first = workbook.active
    if sheets_before:
        first.title = "Notes"
        first.append(["Prepared by the agency's records team"])
        sheet = workbook.create_sheet("Entries")
    else:
        sheet = first
    sheet.append(list(headings))
    for row in rows:
        sheet.append(as_cells(row, headings) if isinstance(row, dict) else list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def docx_bytes(rows: list[dict], *, headings=HEADINGS, table_before: bool = True) -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph("Chronology of Northbridge Children's Social Care")
    if table_before:
        other = document.add_table(rows=2, cols=2)
        other.rows[0].cells[0].text, other.rows[0].cells[1].text = "Prepared by", "Reviewed by"
        other.rows[1].cells[0].text, other.rows[1].cells[1].text = "R. Clerk", "T. Manager"
    table = document.add_table(rows=1, cols=len(headings))
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.text = heading
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, as_cells(row, headings), strict=True):
            lines = str(value).split("\n")
            cell.text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def run_queued_imports() -> list[str]:
    """Run the waiting import tasks as the database worker does, oldest first (a run may
    queue another: those run too). Returns what each returned."""
    results = []
    while True:
        waiting = DBTaskResult.objects.filter(task_path__in=TASK_PATHS, status="READY").order_by(
            "enqueued_at", "pk"
        )
        result = waiting.first()
        if result is None:
            return results
        stored = result.task_result
        result.delete()
        results.append(result.task.call(*stored.args, **stored.kwargs))


def queued_imports() -> int:
    return DBTaskResult.objects.filter(task_path__in=TASK_PATHS, status="READY").count()


def submit(version, by) -> None:
    version.submitted_at = timezone.make_aware(datetime.combine(date(2025, 4, 3), time(11, 0)))
    version.submitted_by = by
    version.save()


@pytest.fixture
def social_care(db):
    return make_organisation("Northbridge Children's Social Care", type="childrens-services")


@pytest.fixture
def schools(db):
    return make_organisation("Southport Schools", type="education")


@pytest.fixture
def agency_lead(social_care):
    return make_person(
        social_care, Role.PARTNER_AGENCY_LEAD, full_name="Alex Lead", email="alex.lead@example.test"
    )


@pytest.fixture
def agency_practitioner(social_care):
    return make_person(social_care, Role.PRACTITIONER, full_name="Priya Worker", email="priya@example.test")


@pytest.fixture
def schools_lead(schools):
    return make_person(
        schools, Role.PARTNER_AGENCY_LEAD, full_name="Sam School", email="sam.school@example.test"
    )


def ask(review, organisation, by) -> AgencyChronology:
    chronology = AgencyChronology.objects.create(
        review=review,
        organisation=organisation,
        period_from=PERIOD[0],
        period_to=PERIOD[1],
        due_on=date(2025, 4, 14),
        requested_by=by,
    )
    ChronologyVersion.objects.create(chronology=chronology, number=1, created_by=by)
    return chronology


@pytest.fixture
def chronology(review, chair, social_care):
    return ask(review, social_care, chair)


@pytest.fixture
def schools_chronology(review, chair, schools):
    return ask(review, schools, chair)
