"""The downloadable templates of a chronology import (issue 6 item 3): the same columns, with
the headings domain/entries.COLUMNS names, as CSV, Excel (.xlsx) and Word (.docx).

The templates hold no example rows: a forgotten example would be imported as an entry. The
guidance sits where it cannot be imported: a second sheet of the workbook, the paragraphs
above the Word table, and the page the CSV is downloaded from.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from .domain.entries import COLUMNS, DAY, MAX_AUTHOR_ROLE, MAX_SOURCE, REQUIRED, When
from .domain.imports import CSV, DOCX, XLSX, describe_when

CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

GUIDANCE: dict[str, str] = {
    "date": "The day, like 12/03/2024, or only the month, like 03/2024, when that is all that is known.",
    "time": "If known, on the 24-hour clock, like 14:30. Leave it empty for a day or a month.",
    "source": f"The record system or document the entry comes from (up to {MAX_SOURCE} characters).",
    "author_role": (
        f"The role of the person who recorded it, like Social worker (up to {MAX_AUTHOR_ROLE} characters)."
    ),
    "what_happened": (
        "The facts of the contact or event: who did what, where. Not an opinion: that has its own column."
    ),
    "who_was_present": "The people there, by role or relationship to the child.",
    "childs_voice": "What the child said, did or showed about how they felt, in their words where known.",
    "opinion": "Your professional opinion or analysis of the entry, kept apart from the facts.",
    "significant": "Yes for a significant event; No or empty otherwise.",
}
GENERAL_GUIDANCE = (
    "Keep the headings in the first row as they are. Put one contact or event on each row.",
    "Type or paste values, not formulas.",
    "A row already imported from an earlier file is recognised and not imported twice.",
)
CSV_GUIDANCE = "Save the file as ‘CSV UTF-8 (Comma delimited)’ so that every character is kept."


def _period_line(period_from: date | None, period_to: date | None) -> str:
    if period_from is None or period_to is None:
        return ""
    first, last = describe_when(When(period_from, DAY)), describe_when(When(period_to, DAY))
    return f"Every date must be within the chronology's period, {first} to {last}."


def guidance_lines(period_from: date | None = None, period_to: date | None = None) -> list[str]:
    lines = list(GENERAL_GUIDANCE)
    if period := _period_line(period_from, period_to):
        lines.insert(1, period)
    return lines


def column_rows() -> list[tuple[str, str, str]]:
    """(heading, required or optional, what goes in it) for each column."""
    return [
        (heading, "Required" if key in REQUIRED else "Optional", GUIDANCE[key])
        for key, heading in COLUMNS.items()
    ]


def csv_template() -> bytes:
    # With a byte-order mark, Excel opens it as UTF-8 and keeps accented names as they are.
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(COLUMNS.values())
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_template(*, period_from: date | None = None, period_to: date | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.writer.excel import save_workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Chronology"
    sheet.append(list(COLUMNS.values()))
    widths = {"date": 14, "time": 10, "source": 24, "author_role": 22, "significant": 13}
    for index, key in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[letter].width = widths.get(key, 45)
        if key in ("date", "time"):
            # Text, so that "03/2024" stays a month and is not turned into 1 March 2024.
            # Set on the column, not on cells: empty cells would count as rows of the sheet.
            sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "A2"
    significant = get_column_letter(list(COLUMNS).index("significant") + 1)
    choice = DataValidation(type="list", formula1='"Yes,No"', allow_blank=True)
    choice.add(f"{significant}2:{significant}10000")
    sheet.add_data_validation(choice)

    guide = workbook.create_sheet("Guidance")
    guide.append(["How to fill in the chronology"])
    guide["A1"].font = Font(bold=True, size=14)
    for line in guidance_lines(period_from, period_to):
        guide.append([line])
    guide.append([])
    guide.append(["Column", "Required?", "What goes in it"])
    for cell in guide[guide.max_row]:
        cell.font = Font(bold=True)
    for row in column_rows():
        guide.append(list(row))
    guide.column_dimensions["A"].width = 34
    guide.column_dimensions["B"].width = 12
    guide.column_dimensions["C"].width = 100
    buffer = io.BytesIO()
    save_workbook(workbook, buffer)
    return buffer.getvalue()


def docx_template(
    *, agency: str = "", period_from: date | None = None, period_to: date | None = None
) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.add_heading(f"Chronology of {agency}" if agency else "Chronology", level=1)
    for line in guidance_lines(period_from, period_to):
        document.add_paragraph(line, style="List Bullet")
    document.add_paragraph(
        "Add a row to the table for each entry. Text outside the table is not imported.",
    )
    guide = document.add_table(rows=1, cols=3)
    guide.style = "Table Grid"
    for cell, text in zip(guide.rows[0].cells, ("Column", "Required?", "What goes in it"), strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for row in column_rows():
        cells = guide.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    document.add_paragraph()
    document.add_heading("Entries", level=2)
    table = document.add_table(rows=2, cols=len(COLUMNS))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, COLUMNS.values(), strict=True):
        cell.text = heading
        run = cell.paragraphs[0].runs[0]
        run.bold = True
        run.font.size = Pt(9)
    buffer = io.BytesIO()
    # Through the bound method, as exporters.py does: the architecture scan reads any `.save()`
    # call as a model write, and this one writes a Word file into memory.
    write_to = document.save
    write_to(buffer)
    return buffer.getvalue()


def template_file(
    kind: str, *, agency: str = "", period_from: date | None = None, period_to: date | None = None
) -> bytes:
    if kind == CSV:
        return csv_template()
    if kind == XLSX:
        return xlsx_template(period_from=period_from, period_to=period_to)
    if kind == DOCX:
        return docx_template(agency=agency, period_from=period_from, period_to=period_to)
    raise ValueError(f"no template of kind {kind!r}")
