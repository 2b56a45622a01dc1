"""The files themselves (exporters.py): each format written and read back as the programs that
open it would, with the formula injection neutralised in the spreadsheet."""

import io
import re
import shutil
import subprocess
import zipfile
from datetime import date, datetime, time

import docx
import pytest
from docx.oxml.ns import qn
from openpyxl import load_workbook

from threadline.chronologies.domain.exports import AgencyVersion, ExportFilters, ExportRow, TitleBlock
from threadline.chronologies.exporters import pdf_document, pdf_html, write_docx, write_pdf, write_xlsx

from .fixtures_exports import HOSTILE

TITLE = TitleBlock(
    reference="TL-2025-00012",
    pseudonym="Child R",
    filters=ExportFilters().described({}),
    agencies=[
        AgencyVersion("Northbridge Police", 2, date(2025, 4, 3)),
        AgencyVersion("Riverside NHS Trust", 1, date(2025, 4, 1)),
    ],
    produced_at=datetime(2025, 5, 1, 10, 15),
    produced_by="Sofia Lind",
    row_count=4,
)
ROWS = [
    ExportRow(
        on=date(2024, 3, 1),
        precision="month",
        at=None,
        agency="Riverside NHS Trust",
        what_happened="School nurse drop-in sessions offered",
        childs_voice=HOSTILE["minus"],
    ),
    ExportRow(
        on=date(2024, 3, 12),
        precision="time",
        at=time(14, 30),
        agency="Northbridge Police",
        source="Niche record 24-1182",
        author_role="Police constable",
        what_happened="Officers attended.\nFound at a friend's address.",
        who_was_present="Mother",
        childs_voice="Said he did not want to go home",
        opinion="Exploitation indicators not referred",
        significant=True,
    ),
    ExportRow(
        on=date(2024, 6, 1),
        precision="day",
        at=None,
        agency="Northbridge Police",
        source=HOSTILE["plus"],
        author_role=HOSTILE["return"],
        what_happened=HOSTILE["hyperlink"],
        who_was_present=HOSTILE["tab"],
        opinion=HOSTILE["at"],
    ),
    ExportRow(
        on=date(2024, 6, 2),
        precision="day",
        at=None,
        agency="Riverside NHS Trust",
        what_happened="Text pasted from Word\x0bwith a manual line break",
    ),
]


def written(writer, rows=ROWS) -> tuple[bytes, list[int]]:
    out, progress = io.BytesIO(), []
    count = writer(out, TITLE, iter(rows), progress.append)
    assert count == len(rows)
    return out.getvalue(), progress


# --- Excel


def test_the_spreadsheet_has_a_bold_frozen_header_real_dates_and_widths():
    content, progress = written(write_xlsx)
    assert progress[-1] == 4
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Merged chronology", "About this export"]
    sheet = book["Merged chronology"]
    header = [cell.value for cell in sheet[1]]
    assert header == [
        "Date",
        "Date known to",
        "Agency",
        "Source",
        "Author role",
        "What happened",
        "Who was present",
        "The child's voice",
        "Professional opinion or analysis",
        "Significant",
    ]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["F"].width == 60
    assert sheet.auto_filter.ref == "A1:J5"
    month, timed, day = sheet[2], sheet[3], sheet[4]
    assert (month[0].value, month[0].number_format, month[1].value) == (
        datetime(2024, 3, 1),
        "mmmm yyyy",
        "Month",
    )
    assert (timed[0].value, timed[0].number_format, timed[1].value) == (
        datetime(2024, 3, 12, 14, 30),
        "d mmmm yyyy, hh:mm",
        "Date and time",
    )
    assert (day[0].number_format, day[1].value) == ("d mmmm yyyy", "Day")
    assert timed[5].value == "Officers attended.\nFound at a friend's address."
    assert timed[5].alignment.wrap_text is True
    assert timed[8].value == "Exploitation indicators not referred"
    assert (timed[9].value, day[9].value) == ("Yes", "No")
    assert sheet["F5"].value == "Text pasted from Word\nwith a manual line break"
    assert sheet.oddHeader.center.text == "OFFICIAL-SENSITIVE"
    assert sheet.oddFooter.right.text == "Page &P of &N"


def test_no_text_of_the_spreadsheet_is_a_formula_and_hostile_texts_stay_text_when_edited():
    content, _ = written(write_xlsx)
    sheet = load_workbook(io.BytesIO(content))["Merged chronology"]
    cells = {cell.value: cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value}
    for key, hostile in HOSTILE.items():
        expected = hostile.replace("\r", "\n")
        cell = cells[expected]
        assert cell.data_type == "s", key
        assert cell.quotePrefix is True, key
    assert cells["Officers attended.\nFound at a friend's address."].quotePrefix is False
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
    assert "HYPERLINK" in xml  # written, as text


def test_the_about_sheet_holds_the_title_block():
    content, _ = written(write_xlsx)
    about = load_workbook(io.BytesIO(content))["About this export"]
    values = {row[0]: row[1] for row in about.iter_rows(values_only=True) if row and row[0]}
    assert values["Review"] == "TL-2025-00012: Child R"
    assert values["Protective marking"] == "OFFICIAL-SENSITIVE"
    assert values["Northbridge Police"] == "Version 2, submitted 3 April 2025"
    assert values["Produced"] == "1 May 2025 at 10:15 by Sofia Lind"


def test_twenty_thousand_rows_stream_to_a_spreadsheet():
    rows = [ROWS[1]] * 20_000
    content, progress = written(write_xlsx, rows)
    assert progress[-1] == 20_000 and len(progress) > 50
    sheet = load_workbook(io.BytesIO(content), read_only=True)["Merged chronology"]
    read = list(sheet.iter_rows(min_row=20_001, values_only=True))
    assert len(read) == 1 and read[0][2] == "Northbridge Police"


# --- Word


def test_the_word_file_is_landscape_with_a_title_page_and_a_repeated_header_row():
    content, _ = written(write_docx)
    document = docx.Document(io.BytesIO(content))
    section = document.sections[0]
    assert section.page_width > section.page_height
    assert round(section.page_width.cm, 1) == 29.7
    assert section.header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    footer_xml = section.footer._element.xml
    assert "OFFICIAL-SENSITIVE" in footer_xml and " PAGE " in footer_xml and " NUMPAGES " in footer_xml
    texts = [p.text for p in document.paragraphs]
    assert texts[:2] == ["Merged chronology", "Review TL-2025-00012: Child R"]
    summary, agencies, entries = document.tables
    assert [c.text for c in summary.rows[0].cells] == ["Review", "TL-2025-00012: Child R"]
    assert [[c.text for c in r.cells] for r in agencies.rows] == [
        ["Northbridge Police", "Version 2, submitted 3 April 2025"],
        ["Riverside NHS Trust", "Version 1, submitted 1 April 2025"],
    ]
    header = entries.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in header.cells][-2:] == ["Professional opinion or analysis", "Significant"]
    timed = [c.text for c in entries.rows[2].cells]
    assert timed[0] == "12 March 2024, 14:30"
    assert timed[4] == "Officers attended.\nFound at a friend's address."
    assert timed[7] == "Exploitation indicators not referred"
    assert timed[8] == "Yes"
    assert entries.rows[1].cells[0].text == "March 2024"
    assert document.core_properties.author == "Threadline"
    assert "python-docx" not in (document.core_properties.comments or "")


def test_the_word_table_keeps_its_properties_in_the_order_word_requires():
    content, _ = written(write_docx)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("word/document.xml").decode()
    last_table = xml.rsplit("<w:tblPr>", 1)[1].split("</w:tblPr>")[0]
    order = [tag for tag in ("w:tblStyle", "w:tblW", "w:tblLayout", "w:tblLook") if f"<{tag}" in last_table]
    assert order == ["w:tblStyle", "w:tblW", "w:tblLayout", "w:tblLook"]
    positions = [last_table.index(f"<{tag}") for tag in order]
    assert positions == sorted(positions)


# --- PDF


def test_the_pdf_is_a4_landscape_with_pages():
    content, progress = written(write_pdf)
    assert content.startswith(b"%PDF") and content.rstrip().endswith(b"%%EOF")
    assert progress[-1] == 4
    pages = pdf_document(TITLE, ROWS).pages
    assert len(pages) >= 2  # the title page, then the table
    width_mm, height_mm = (round(length * 25.4 / 96) for length in (pages[0].width, pages[0].height))
    assert (width_mm, height_mm) == (297, 210)


def test_the_pdf_page_holds_the_title_block_the_columns_and_the_rows():
    html = pdf_html(TITLE, ROWS)
    assert "Review TL-2025-00012: Child R" in html
    assert '<th scope="col">Professional opinion or analysis</th>' not in html  # classes, below
    assert '<th scope="col" class="opinion">Professional opinion or analysis</th>' in html
    assert "Officers attended.<br>Found at a friend&#x27;s address." in html
    assert "Version 2, submitted 3 April 2025" in html


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_pdf_reads_with_its_marking_and_page_numbers(tmp_path):
    content, _ = written(write_pdf)
    path = tmp_path / "merged.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    assert text.count("OFFICIAL-SENSITIVE") >= 4  # header and footer of each page
    assert "Page 1 of" in text and "Page 2 of" in text
    assert "TL-2025-00012: Child R" in text
    assert "Merged chronology" in text and "Professional opinion or" in text
    assert "Officers attended." in text and "14:30" in text
    pages = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+2\b", pages) and "(A4)" in pages
    assert re.search(r"Tagged:\s+yes", pages) and "Title:           Merged chronology, TL-2025-00012" in pages
