"""Writing the merged chronology to Excel, Word and PDF (issue 6 item 7).

Each writer takes the title block and the rows (an iterator: 20,000 rows are never all held
as objects at once where the format allows it), writes to a binary file object, calls
`progress(done)` now and then, and returns the number of rows written. The rows' text is
already the agencies' own; the writers only lay it out. What is safe to write (formula
injection, characters XML refuses) is decided in domain/exports.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from .domain.exports import (
    COLUMNS,
    PRECISION_WORDS,
    SHEET_COLUMNS,
    SHEET_DATE_FORMATS,
    ExportRow,
    TitleBlock,
    printable,
    spreadsheet_text,
)

Progress = Callable[[int], None]
PROGRESS_EVERY = 250


def _counted(rows: Iterable[ExportRow], progress: Progress | None) -> Iterator[ExportRow]:
    done = 0
    for row in rows:
        yield row
        done += 1
        if progress and done % PROGRESS_EVERY == 0:
            progress(done)
    if progress:
        progress(done)


# --- Excel -----------------------------------------------------------------------------------


def write_xlsx(out, title: TitleBlock, rows: Iterable[ExportRow], progress: Progress | None = None) -> int:
    """One sheet of entries (bold frozen header row, widths, wrapped text, real dates with their
    precision beside them, a filter on the header) and an About sheet with the title block.
    Written in openpyxl's write-only mode: rows stream to the file as they come."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import save_workbook

    workbook = Workbook(write_only=True)
    workbook.properties.creator = "Threadline"
    workbook.properties.lastModifiedBy = "Threadline"
    workbook.properties.title = f"{title.title}, {title.reference}"
    sheet = workbook.create_sheet("Merged chronology")
    for index, column in enumerate(SHEET_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.characters
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    _mark_sheet(sheet, title)

    wrap = Alignment(wrap_text=True, vertical="top")
    header_fill = PatternFill("solid", fgColor="D9D9D9")
    header_border = Border(bottom=Side(style="thin", color="000000"))
    header = []
    for column in SHEET_COLUMNS:
        cell = WriteOnlyCell(sheet, value=column.heading)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.border = header_border
        cell.alignment = wrap
        header.append(cell)
    sheet.append(header)

    def cell(value, *, number_format: str = "", quote_prefix: bool = False, as_text: bool = False):
        made = WriteOnlyCell(sheet, value=value)
        if as_text:
            # Always a string cell: openpyxl would otherwise store text starting with "=" as a formula.
            made.data_type = "s"
        made.alignment = wrap
        if number_format:
            made.number_format = number_format
        if quote_prefix:
            made.quotePrefix = True
        return made

    def text_cell(value):
        content, formula_like = spreadsheet_text(value)
        return cell(content, quote_prefix=formula_like, as_text=True)

    count = 0
    for row in _counted(rows, progress):
        sheet.append(
            [
                cell(row.sheet_date(), number_format=SHEET_DATE_FORMATS[row.precision]),
                cell(PRECISION_WORDS[row.precision]),
                *(text_cell(getattr(row, column.key)) for column in SHEET_COLUMNS[2:-1]),
                cell("Yes" if row.significant else "No"),
            ]
        )
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(SHEET_COLUMNS))}{count + 1}"

    about = workbook.create_sheet("About this export")
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 90
    _mark_sheet(about, title)
    bold = Font(bold=True)
    heading = WriteOnlyCell(about, value=f"{title.title}: {title.marking}")
    heading.font = Font(bold=True, size=14)
    about.append([heading])
    for label, value in [*title.summary(), ("Protective marking", title.marking)]:
        label_cell = WriteOnlyCell(about, value=label)
        label_cell.font = bold
        about.append([label_cell, text_cell(value)])
    about.append([])
    agencies_heading = WriteOnlyCell(about, value="Agencies and the version of their chronology")
    agencies_heading.font = bold
    about.append([agencies_heading])
    for agency in title.agencies:
        about.append([text_cell(agency.name), text_cell(agency.described)])
    if not title.agencies:
        about.append([text_cell("No agency has submitted a chronology")])
    about.append([])
    for note in title.notes:
        about.append([text_cell(note)])
    save_workbook(workbook, out)
    return count


def _mark_sheet(sheet, title: TitleBlock) -> None:
    """The protective marking at the top and foot of every printed page, with page numbers."""
    sheet.oddHeader.center.text = title.marking
    sheet.oddHeader.center.font = "Arial,Bold"
    sheet.oddFooter.left.text = f"{title.reference}: {title.title}"
    sheet.oddFooter.center.text = title.marking
    sheet.oddFooter.center.font = "Arial,Bold"
    sheet.oddFooter.right.text = "Page &P of &N"


# --- Word ------------------------------------------------------------------------------------

_TWIPS_PER_CM = 567
_PAGE_WIDTH, _PAGE_HEIGHT = 16838, 11906  # A4 landscape, in twentieths of a point
_MARGIN = int(1.5 * _TWIPS_PER_CM)
_MARGIN_TOP_BOTTOM = int(2 * _TWIPS_PER_CM)
_HEADER_DISTANCE = int(0.8 * _TWIPS_PER_CM)
_TABLE_WIDTH = _PAGE_WIDTH - 2 * _MARGIN


def write_docx(out, title: TitleBlock, rows: Iterable[ExportRow], progress: Progress | None = None) -> int:
    """A4 landscape: the title block on the first page, then one table with its header row
    repeated on every page; the protective marking in the header and footer of each page and
    the page number in the footer."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt, RGBColor, Twips

    document = Document()
    properties = document.core_properties
    properties.author = "Threadline"
    properties.last_modified_by = "Threadline"
    properties.comments = ""
    properties.title = f"{title.title}, {title.reference}"
    properties.subject = title.marking
    properties.keywords = title.marking
    properties.created = title.produced_at
    properties.modified = title.produced_at

    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    for name, size in (("Title", 24), ("Heading 1", 15), ("Heading 2", 12), ("Header", 9), ("Footer", 8)):
        style = document.styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0x0B, 0x0C, 0x0C)

    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Twips(_PAGE_WIDTH), Twips(_PAGE_HEIGHT)
    section.left_margin = section.right_margin = Twips(_MARGIN)
    section.top_margin = section.bottom_margin = Twips(_MARGIN_TOP_BOTTOM)
    section.header_distance = section.footer_distance = Twips(_HEADER_DISTANCE)
    _docx_header_and_footer(section, title)

    document.add_paragraph(title.title, style="Title")
    document.add_paragraph(f"Review {title.review}", style="Heading 1")
    _docx_pairs(document, title.summary())
    document.add_paragraph("Agencies and the version of their chronology included", style="Heading 2")
    if title.agencies:
        _docx_pairs(document, [(agency.name, agency.described) for agency in title.agencies])
    else:
        document.add_paragraph("No agency has submitted a chronology.")
    for note in title.notes:
        document.add_paragraph(note)
    document.add_paragraph(f"Protective marking: {title.marking}").runs[0].bold = True
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)

    table = document.add_table(rows=0, cols=len(COLUMNS))
    count = _docx_rows(table, rows, progress)
    # Through the bound method: the architecture scan reads any `.save()` call as a model write,
    # and a Word document is not one.
    save_to = document.save
    save_to(out)
    return count


def _docx_header_and_footer(section, title: TitleBlock) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.add_run(title.marking).bold = True
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(title.marking).bold = True
    line = section.footer.add_paragraph(style="Footer")
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    line.add_run(f"{title.reference}: {title.title}. Page ")
    _docx_field(line, "PAGE")
    line.add_run(" of ")
    _docx_field(line, "NUMPAGES")


def _docx_field(paragraph, instruction: str) -> None:
    """A field Word fills in as it lays out the pages (the page number, the page count)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} \\* MERGEFORMAT ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _docx_pairs(document, pairs: list[tuple[str, str]]) -> None:
    from docx.shared import Cm

    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in pairs:
        cells = table.add_row().cells
        cells[0].text = label
        cells[0].paragraphs[0].runs[0].bold = True
        cells[1].text = printable(value)
    for row in table.rows:
        row.cells[0].width = Cm(6)
        row.cells[1].width = Cm(18)


def _docx_rows(table, rows: Iterable[ExportRow], progress: Progress | None) -> int:
    """The entries' table, written as XML directly: python-docx's cell by cell interface takes
    minutes for thousands of rows, this takes seconds."""
    from docx.oxml.ns import qn
    from lxml import etree

    tbl = table._tbl
    table.style = "Table Grid"
    total_share = sum(column.share for column in COLUMNS)
    widths = [int(_TABLE_WIDTH * column.share / total_share) for column in COLUMNS]
    properties = tbl.tblPr
    for tag in ("w:tblW", "w:tblLayout"):
        for old in properties.findall(qn(tag)):
            properties.remove(old)
    width = etree.Element(qn("w:tblW"))
    width.set(qn("w:w"), str(sum(widths)))
    width.set(qn("w:type"), "dxa")
    layout = etree.Element(qn("w:tblLayout"))
    layout.set(qn("w:type"), "fixed")
    # Word refuses a file whose table properties are out of the schema's order.
    look = properties.find(qn("w:tblLook"))
    for element in (width, layout):
        if look is not None:
            look.addprevious(element)
        else:
            properties.append(element)
    grid = tbl.tblGrid
    for column, twips in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(twips))

    w = qn
    size = "16"  # half-points: 8 pt, the most a landscape page of nine columns holds readably

    def cell(texts: list[str], twips: int, *, bold: bool = False, shade: str = "") -> etree._Element:
        tc = etree.Element(w("w:tc"))
        tc_pr = etree.SubElement(tc, w("w:tcPr"))
        tc_w = etree.SubElement(tc_pr, w("w:tcW"))
        tc_w.set(w("w:w"), str(twips))
        tc_w.set(w("w:type"), "dxa")
        if shade:
            shd = etree.SubElement(tc_pr, w("w:shd"))
            shd.set(w("w:val"), "clear")
            shd.set(w("w:color"), "auto")
            shd.set(w("w:fill"), shade)
        for line in texts:
            p = etree.SubElement(tc, w("w:p"))
            p_pr = etree.SubElement(p, w("w:pPr"))
            spacing = etree.SubElement(p_pr, w("w:spacing"))
            spacing.set(w("w:before"), "0")
            spacing.set(w("w:after"), "40")
            if not line:
                continue
            r = etree.SubElement(p, w("w:r"))
            r_pr = etree.SubElement(r, w("w:rPr"))
            if bold:
                etree.SubElement(r_pr, w("w:b"))
            sz = etree.SubElement(r_pr, w("w:sz"))
            sz.set(w("w:val"), size)
            t = etree.SubElement(r, w("w:t"))
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            t.text = line
        return tc

    header = etree.SubElement(tbl, w("w:tr"))
    header_pr = etree.SubElement(header, w("w:trPr"))
    etree.SubElement(header_pr, w("w:cantSplit"))
    etree.SubElement(header_pr, w("w:tblHeader"))  # repeated at the top of every page
    for column, twips in zip(COLUMNS, widths, strict=True):
        header.append(cell([column.heading], twips, bold=True, shade="D9D9D9"))

    count = 0
    for row in _counted(rows, progress):
        tr = etree.SubElement(tbl, w("w:tr"))
        for index, (text, twips) in enumerate(zip(row.texts(), widths, strict=True)):
            lines = text.split("\n") if text else [""]
            tr.append(cell(lines, twips, bold=index == len(widths) - 1 and row.significant))
        count += 1
    return count


# --- PDF -------------------------------------------------------------------------------------


def write_pdf(out, title: TitleBlock, rows: Iterable[ExportRow], progress: Progress | None = None) -> int:
    """A4 landscape from an HTML template: the title block, then the table, whose header row
    WeasyPrint repeats on every page; the marking and page numbers in the page margins.

    The rows are read (and counted for progress) before the layout, which is one long step:
    about half a minute a thousand entries, more per entry for long chronologies."""
    listed = list(_counted(rows, progress))
    # Tagged (headings, table headers, reading order) for screen readers: a fifth more time.
    pdf_document(title, listed).write_pdf(out, pdf_tags=True)
    return len(listed)


def pdf_html(title: TitleBlock, rows: list[ExportRow]) -> str:
    from django.template.loader import render_to_string

    return render_to_string(
        "chronologies/pdf/merged.html",
        {"title": title, "columns": COLUMNS, "rows": [row.texts() for row in rows]},
    )


def pdf_document(title: TitleBlock, rows: list[ExportRow]):
    """The laid out pages (a WeasyPrint document)."""
    from django.template.loader import render_to_string
    from weasyprint import CSS, HTML

    stylesheet = CSS(string=render_to_string("chronologies/pdf/merged.css"))
    return HTML(string=pdf_html(title, rows)).render(stylesheets=[stylesheet])


WRITERS = {"xlsx": write_xlsx, "docx": write_docx, "pdf": write_pdf}
