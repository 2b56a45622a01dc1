"""The readers of chronology files: the cells of a CSV file, an Excel sheet or a Word table,
row by row, as the text a person sees in them (domain/imports.py checks them).

Nothing is held whole that can be streamed: the CSV by its lines, the workbook by openpyxl's
read-only mode, the Word document's XML parsed as it goes with each table row dropped once
read.
"""

from __future__ import annotations

import codecs
import csv
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from decimal import Decimal

from .entries import COLUMNS, REQUIRED, when_from_datetime
from .imports import (
    CSV,
    DOCX,
    FORMULA_MESSAGE,
    HEADINGS_LIKE_TEMPLATE,
    NO_HEADING_MESSAGE,
    SAVE_AS_CSV_UTF8,
    TEMPLATE_HEADINGS,
    XLSX,
    FileRows,
    ImportFileError,
    Problem,
    SourceRow,
    column_letter,
    headings_as_written,
    is_csv_formula,
    known_headings,
    match_headings,
    normal_heading,
)

# --- cells


def _plain_number(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _text_of(value) -> str:
    """A spreadsheet cell as the text a person sees in it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y}" if value.time() == time.min else f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    return _plain_number(value)


_CELL_TYPES = (str, int, float, Decimal, bool, datetime, date, time)


def _row_from_cells(
    number: int,
    cells,
    keys: dict[int, str],
    *,
    is_formula: Callable[[object], bool],
    name_column: Callable[[int], str],
) -> SourceRow:
    """A row's cells by key. A date cell (a datetime) becomes a When; with a Time column
    beside it the two are read as text together, so the one rule reads both."""
    row = SourceRow(number=number, values=dict.fromkeys(keys.values(), ""))
    raw: dict[str, object] = {}
    for index, value in enumerate(cells):
        if value is None or value == "":
            continue
        key = keys.get(index)
        if key is None:
            if str(value).strip():
                row.problems.append(
                    Problem(
                        number,
                        f"Column {name_column(index)}",
                        NO_HEADING_MESSAGE,
                    )
                )
            continue
        if (value is not None and not isinstance(value, _CELL_TYPES)) or is_formula(value):
            row.problems.append(Problem(number, COLUMNS[key], FORMULA_MESSAGE))
            row.unreadable.add(key)
            continue
        raw[key] = value
    for key, value in raw.items():
        row.values[key] = value if key == "significant" and isinstance(value, bool) else _text_of(value)
    day = raw.get("date")
    if isinstance(day, datetime | date):
        time_cell = raw.get("time")
        if time_cell is None or time_cell == "":
            row.values["when"] = when_from_datetime(day)
        else:
            row.values["date"] = f"{day:%d/%m/%Y}"
            if isinstance(time_cell, datetime):
                row.values["time"] = f"{time_cell:%H:%M}"
    return row


# --- CSV


def _utf8_lines(stream) -> Iterator[str]:
    """The file's lines as text; raises ImportFileError at the first byte that is not UTF-8.
    A line is split on its bytes, which is safe: no UTF-8 character holds a newline byte."""
    head = stream.read(4)
    stream.seek(0)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportFileError([Problem(None, "", f"The file is UTF-16 text, not UTF-8: {SAVE_AS_CSV_UTF8}")])
    for number, raw in enumerate(stream, start=1):
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as error:
            byte = f"0x{raw[error.start]:02X}"
            raise ImportFileError(
                [
                    Problem(
                        None,
                        "",
                        f"The file is not UTF-8 text (byte {byte} on line {number:,}): {SAVE_AS_CSV_UTF8}",
                    )
                ]
            ) from None


def _count_lines(stream) -> int:
    count, last = 0, b"\n"
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        count += chunk.count(b"\n")
        last = chunk[-1:]
    stream.seek(0)
    return count + (0 if last == b"\n" else 1)


def _delimiter(first_line: str) -> str:
    """The comma, or the semicolon or tab some spreadsheets write instead: whichever splits
    the headings into the most columns of the template."""
    best, found = ",", -1
    for candidate in (",", ";", "\t"):
        cells = next(csv.reader([first_line], delimiter=candidate), [])
        known = known_headings(cells)
        if known > found:
            best, found = candidate, known
    return best


def read_csv(stream) -> FileRows:
    """`stream`: the file's bytes, seekable."""
    estimated = _count_lines(stream)
    lines = _utf8_lines(stream)
    first = next(lines, None)
    if first is None or not first.strip():
        raise ImportFileError([Problem(1, "", f"The first row is empty: {HEADINGS_LIKE_TEMPLATE}")])
    delimiter = _delimiter(first)

    def all_lines():
        yield first
        yield from lines

    reader = csv.reader(all_lines(), delimiter=delimiter)
    try:
        cells = next(reader)
    except csv.Error as error:
        raise ImportFileError([Problem(1, "", f"Row 1 cannot be read as CSV ({error})")]) from None
    keys = match_headings(cells)
    headings = headings_as_written(cells, keys)

    def rows() -> Iterator[SourceRow]:
        number = 1
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise ImportFileError(
                    [
                        Problem(
                            number + 1,
                            "",
                            f"Row {number + 1:,} cannot be read as CSV ({error}): check its quotation marks",
                        )
                    ]
                ) from None
            number += 1
            yield _row_from_cells(
                number,
                record,
                keys,
                is_formula=lambda value: isinstance(value, str) and is_csv_formula(value),
                name_column=column_letter,
            )

    return FileRows(rows=rows(), estimated_rows=max(estimated - 1, 0), headings=headings)


# --- Excel


def _xlsx_formula(value) -> bool:
    # Read with data_only=False, a formula cell's value is its formula ("=SUM(A1:A3)").
    return isinstance(value, str) and value.startswith("=")


def _damaged_workbook() -> ImportFileError:
    return ImportFileError([Problem(None, "", "The Excel file cannot be read: it may be damaged")])


# openpyxl streams a sheet's rows but reads the table of shared texts whole: a small file that
# unpacks to gigabytes (a "zip bomb") is refused before it is opened.
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
MAX_SHARED_TEXT_BYTES = 200 * 1024 * 1024


def _unpacked_sizes(stream) -> tuple[int, int]:
    try:
        with zipfile.ZipFile(stream) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _damaged_workbook() from None
    finally:
        stream.seek(0)
    shared = sum(info.file_size for info in infos if info.filename.lower().endswith("sharedstrings.xml"))
    return sum(info.file_size for info in infos), shared


def open_workbook(stream):
    """The workbook, read as it goes (openpyxl's read-only mode), with formulas as written."""
    from openpyxl import load_workbook

    unpacked, shared = _unpacked_sizes(stream)
    if unpacked > MAX_UNPACKED_BYTES or shared > MAX_SHARED_TEXT_BYTES:
        raise ImportFileError(
            [
                Problem(
                    None,
                    "",
                    "The Excel file holds more than can be imported at once: split it into smaller files",
                )
            ]
        )
    try:
        return load_workbook(stream, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise _damaged_workbook() from error


def read_xlsx(workbook) -> FileRows:
    """`workbook`: an openpyxl workbook opened with read_only=True and data_only=False (the
    caller opens and closes it). The first sheet whose first row holds template headings."""
    sheets = list(workbook.worksheets)
    if not sheets:
        raise ImportFileError([Problem(None, "", "The workbook has no sheets")])
    chosen, first_cells = sheets[0], None
    for sheet in sheets:
        cells = list(next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ()))
        if first_cells is None:
            first_cells = cells
        if known_headings(cells):
            chosen, first_cells = sheet, cells
            break
    keys = match_headings(first_cells or [])
    headings = headings_as_written(first_cells, keys)
    try:
        estimated = max((chosen.max_row or 0) - 1, 0) or None
    except (TypeError, ValueError):
        estimated = None

    def rows() -> Iterator[SourceRow]:
        try:
            for number, cells in enumerate(chosen.iter_rows(min_row=2, values_only=True), start=2):
                yield _row_from_cells(
                    number, cells, keys, is_formula=_xlsx_formula, name_column=column_letter
                )
        except ImportFileError:
            raise
        except Exception as error:  # damaged XML inside the workbook
            raise _damaged_workbook() from error

    return FileRows(rows=rows(), estimated_rows=estimated, headings=headings)


# --- Word

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph_text(paragraph) -> str:
    parts = []
    for node in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}noBreakHyphen"):
        tag = node.tag
        if tag == f"{_W}t":
            parts.append(node.text or "")
        elif tag == f"{_W}tab":
            parts.append("\t")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
        else:
            parts.append("\n")
    return "".join(parts)


def _cell_texts(row_element) -> list[str]:
    """A table row's cells, each the text of its paragraphs joined by new lines; a cell
    spanning columns (gridSpan) is followed by empty cells so the columns stay in line."""
    texts = []
    for cell in row_element.iterchildren(f"{_W}tc"):
        texts.append("\n".join(_paragraph_text(p) for p in cell.iter(f"{_W}p")))
        span = cell.find(f"{_W}tcPr/{_W}gridSpan")
        if span is not None:
            try:
                texts.extend([""] * (int(span.get(f"{_W}val", "1")) - 1))
            except ValueError:
                pass
    return texts


def _word_column(index: int) -> str:
    return str(index + 1)


def _docx_table_rows(archive: zipfile.ZipFile) -> Iterator[tuple[int, list[str]]]:
    """(table number, cells) of each row of each top-level table, in order, the XML read as
    it goes and each row dropped once read."""
    from lxml import etree

    with archive.open("word/document.xml") as part:
        depth, table = 0, 0
        events = etree.iterparse(
            part,
            events=("start", "end"),
            tag=(f"{_W}tbl", f"{_W}tr"),
            resolve_entities=False,
            no_network=True,
        )
        for event, element in events:
            if element.tag == f"{_W}tbl":
                if event == "start":
                    depth += 1
                    if depth == 1:
                        table += 1
                else:
                    depth -= 1
                    if depth == 0:
                        element.clear()
                continue
            if event == "end" and depth == 1:
                yield table, _cell_texts(element)
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]


def _damaged() -> ImportFileError:
    return ImportFileError([Problem(None, "", "The Word document cannot be read: it may be damaged")])


def _open_document(stream) -> zipfile.ZipFile:
    stream.seek(0)
    try:
        archive = zipfile.ZipFile(stream)
        archive.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise _damaged() from None
    return archive


def _find_table(stream) -> tuple[int | None, list | None, list | None]:
    """(table number, headings) of the first table whose first row holds the required
    headings, reading no further than that row; and the first table with any template
    heading, to explain what it lacks when none has them all."""
    required = {normal_heading(COLUMNS[key]) for key in REQUIRED}
    fallback = None
    last_table = 0
    try:
        for table, row_cells in _docx_table_rows(_open_document(stream)):
            if table == last_table:
                continue  # not the first row of its table
            last_table = table
            if required <= {normal_heading(cell) for cell in row_cells}:
                return table, row_cells, fallback
            if fallback is None and known_headings(row_cells):
                fallback = row_cells
    except ImportFileError:
        raise
    except Exception as error:  # lxml's XMLSyntaxError and the like
        raise _damaged() from error
    return None, None, fallback


def read_docx(stream) -> FileRows:
    """`stream`: the document's bytes, seekable. Every row after the headings of the first
    table whose first row holds the Date and What happened headings."""
    chosen, cells, fallback = _find_table(stream)
    if chosen is None:
        if fallback is not None:
            match_headings(fallback, name_column=_word_column)
        raise ImportFileError(
            [
                Problem(
                    None,
                    "",
                    "The document has no table whose first row holds the column headings "
                    f"({TEMPLATE_HEADINGS}): put the entries in a table like the template's",
                )
            ]
        )
    keys = match_headings(cells, name_column=_word_column)
    headings = headings_as_written(cells, keys)

    def rows() -> Iterator[SourceRow]:
        number = 0
        try:
            for table, row_cells in _docx_table_rows(_open_document(stream)):
                if table < chosen:
                    continue
                if table > chosen:
                    return
                number += 1
                if number > 1:
                    yield _row_from_cells(
                        number, row_cells, keys, is_formula=lambda value: False, name_column=_word_column
                    )
        except ImportFileError:
            raise
        except Exception as error:
            raise _damaged() from error

    return FileRows(rows=rows(), estimated_rows=None, headings=headings)


@contextmanager
def open_file_rows(kind: str, stream) -> Iterator[FileRows]:
    """The rows of a CSV, Excel or Word file (`kind`), from its bytes (`stream`, seekable)."""
    stream.seek(0)
    if kind == CSV:
        yield read_csv(stream)
    elif kind == XLSX:
        workbook = open_workbook(stream)
        try:
            yield read_xlsx(workbook)
        finally:
            workbook.close()
    elif kind == DOCX:
        yield read_docx(stream)
    else:
        raise ValueError(f"not a kind of file to import: {kind!r}")
