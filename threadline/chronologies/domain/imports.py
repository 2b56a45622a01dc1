"""Importing a chronology from a file (issue 6 item 3): the headings, the rows as read
(imports_readers.py reads CSV, Excel and Word), and the check of every row by the one set of
entry rules (entries.check_entry), with the row-by-row report.

Rows come one at a time and are never all kept: what the check keeps is small, the
fingerprint of each row (to find a row repeated in the file), the first problems and the
first rows of the preview.

Rows are numbered as the person sees them in their file: the headings are row 1 (of the
sheet, of the CSV's records, of the Word table).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, time

from .entries import (
    COLUMNS,
    MONTH,
    REQUIRED,
    TIME,
    CleanEntry,
    EntryRuleError,
    When,
    check_entry,
)

CSV = "csv"
XLSX = "xlsx"
DOCX = "docx"
KINDS = (CSV, XLSX, DOCX)

MAX_PROBLEMS_LISTED = 500
PREVIEW_ROWS = 20
DEFAULT_MAX_ROWS = 50_000

FORMULA_MESSAGE = "The cell holds a formula; paste its value instead"
SAVE_AS_CSV_UTF8 = "in Excel save it as ‘CSV UTF-8 (Comma delimited)’ and upload that file"
NO_HEADING_MESSAGE = "The cell has a value but its column has no heading: add the heading or move the value"
HEADINGS_LIKE_TEMPLATE = "the first row must hold the column headings, as in the template"

# A CSV cell a spreadsheet would run: "=" at the start, or "+", "-" or "@" followed straight
# away by a function name and "(" or a DDE pipe ("@SUM(", "-HYPERLINK(", "+cmd|"). A sentence
# that starts with a dash ("- visit cancelled") or a telephone number ("+44 ...") is text.
_CSV_FORMULA = re.compile(r"^(?:=|[+\-@][A-Za-z_][\w.]*[(|])")


@dataclass(frozen=True)
class Problem:
    """One thing wrong, where the person will find it: `row` as numbered in their file (None
    for the file as a whole) and `column` the heading ("" for the whole row)."""

    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


class ImportFileError(Exception):
    """The file cannot be read as a chronology at all: wrong columns, not UTF-8, no table."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems[0].message)
        self.problems = problems


@dataclass
class SourceRow:
    """One row of the file: its cells by column key (text, or a When read from a date cell),
    and what was wrong with the cells themselves (formulas, values under no heading)."""

    number: int
    values: dict[str, object]
    problems: list[Problem] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)  # keys whose cell was refused

    @property
    def is_blank(self) -> bool:
        return not self.problems and all(value in ("", None) for value in self.values.values())


def row_as_data(row: SourceRow) -> list:
    """A row as JSON data, to keep between the check and the import."""
    values = {}
    for key, value in row.values.items():
        if isinstance(value, When):
            values[key] = {
                "on": value.on.isoformat(),
                "precision": value.precision,
                "at": value.at and value.at.isoformat(),
            }
        else:
            values[key] = value
    return [row.number, values, [problem.as_dict() for problem in row.problems], sorted(row.unreadable)]


def row_from_data(data: list) -> SourceRow:
    number, values, problems, unreadable = data
    when = values.get("when")
    if isinstance(when, dict):
        values["when"] = When(
            date.fromisoformat(when["on"]),
            when["precision"],
            time.fromisoformat(when["at"]) if when["at"] else None,
        )
    return SourceRow(
        number=number,
        values=values,
        problems=[Problem(p["row"], p["column"], p["message"]) for p in problems],
        unreadable=set(unreadable),
    )


@dataclass
class FileRows:
    """The rows of a file after its headings: `rows` is read as it is iterated."""

    rows: Iterator[SourceRow]
    estimated_rows: int | None  # rows after the headings, for the progress bar
    headings: dict[str, str]  # key -> the heading as written in the file


# --- headings


def normal_heading(text) -> str:
    text = str(text if text is not None else "").replace("’", "'").replace("‘", "'")
    return " ".join(text.split()).casefold().rstrip(" *").strip()


_KEY_OF = {normal_heading(heading): key for key, heading in COLUMNS.items()}
TEMPLATE_HEADINGS = ", ".join(COLUMNS.values())


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: a column as a spreadsheet names it."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def is_csv_formula(text: str) -> bool:
    return bool(_CSV_FORMULA.match(text))


def known_headings(cells: Iterable) -> int:
    return sum(1 for cell in cells if normal_heading(cell) in _KEY_OF)


def match_headings(cells: list, *, name_column: Callable[[int], str] = column_letter) -> dict[int, str]:
    """Column index -> key, from the first row's cells; raises ImportFileError naming every
    unknown, repeated or missing column."""
    if not any(normal_heading(cell) for cell in cells):
        raise ImportFileError([Problem(1, "", f"The first row is empty: {HEADINGS_LIKE_TEMPLATE}")])
    problems: list[Problem] = []
    keys: dict[int, str] = {}
    seen: dict[str, int] = {}
    for index, cell in enumerate(cells):
        heading = " ".join(str(cell if cell is not None else "").split())
        if not heading:
            continue
        key = _KEY_OF.get(normal_heading(heading))
        if key is None:
            problems.append(
                Problem(
                    1,
                    heading,
                    f"‘{heading}’ (column {name_column(index)}) is not a column of the template: rename it "
                    f"to one of {TEMPLATE_HEADINGS}, or remove it",
                )
            )
        elif key in seen:
            problems.append(
                Problem(
                    1,
                    COLUMNS[key],
                    f"There are two ‘{COLUMNS[key]}’ columns ({name_column(seen[key])} and "
                    f"{name_column(index)}): keep one",
                )
            )
        else:
            seen[key] = index
            keys[index] = key
    for key in REQUIRED:
        if key not in seen:
            problems.append(
                Problem(1, COLUMNS[key], f"There is no ‘{COLUMNS[key]}’ column: {HEADINGS_LIKE_TEMPLATE}")
            )
    if problems:
        raise ImportFileError(problems)
    return keys


def headings_as_written(cells: list, keys: dict[int, str]) -> dict[str, str]:
    return {key: " ".join(str(cells[index]).split()) for index, key in keys.items()}


# --- checking rows


def describe_when(when: When) -> str:
    """'12 March 2024', '12 March 2024, 14:30' or 'March 2024'."""
    if when.precision == MONTH:
        return f"{when.on:%B %Y}"
    text = f"{when.on.day} {when.on:%B %Y}"
    if when.precision == TIME and when.at is not None:
        text += f", {when.at:%H:%M}"
    return text


def preview_row(number: int, entry: CleanEntry) -> dict:
    return {
        "row": number,
        "when": describe_when(entry.when),
        "source": entry.source,
        "author_role": entry.author_role,
        "what_happened": entry.what_happened,
        "who_was_present": entry.who_was_present,
        "childs_voice": entry.childs_voice,
        "opinion": entry.opinion,
        "significant": entry.significant,
    }


def _column_of(key: str | None, message: str) -> str:
    if key == "date" and "is not a time" in message:
        return COLUMNS["time"]
    return COLUMNS.get(key or "", "")


@dataclass
class ImportCheck:
    """Every row of one file checked against the chronology's period and what is already in
    the version (`existing`: the fingerprints of earlier imports). `add` answers the entry to
    import for a new, correct row, with its fingerprint in `last_key`; None otherwise."""

    period_from: date
    period_to: date
    existing: frozenset[str] | set[str] = frozenset()
    max_rows: int = DEFAULT_MAX_ROWS
    rows: int = 0  # rows read after the headings, blank ones included
    entries: int = 0  # rows that are entries (not blank)
    new: int = 0
    already_there: int = 0
    problem_count: int = 0
    problems: list[Problem] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)
    first_row_of: dict[str, int] = field(default_factory=dict)
    last_key: str = ""

    def problem(self, problem: Problem) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS_LISTED:
            self.problems.append(problem)

    def add(self, row: SourceRow) -> CleanEntry | None:
        self.rows += 1
        if row.number - 1 > self.max_rows:
            raise ImportFileError(
                [
                    Problem(
                        None,
                        "",
                        f"The file has more than {self.max_rows:,} rows of entries: split it into files of "
                        f"{self.max_rows:,} rows or fewer and import each",
                    )
                ]
            )
        if row.is_blank:
            return None
        self.entries += 1
        for problem in row.problems:
            self.problem(problem)
        try:
            entry = check_entry(row.values, period_from=self.period_from, period_to=self.period_to)
        except EntryRuleError as error:
            for key, message in error.problems:
                if key in row.unreadable or (key == "date" and "time" in row.unreadable):
                    continue  # already reported: the cell holds a formula
                self.problem(Problem(row.number, _column_of(key, message), message))
            return None
        if row.problems:
            return None
        key = entry.fingerprint()
        first = self.first_row_of.get(key)
        if first is not None:
            self.problem(
                Problem(
                    row.number,
                    "",
                    f"This row repeats row {first:,} exactly; each entry is imported once, so remove "
                    "one or add what tells them apart, such as the time",
                )
            )
            return None
        self.first_row_of[key] = row.number
        if key in self.existing:
            self.already_there += 1
            return None
        self.new += 1
        self.last_key = key
        if len(self.preview) < PREVIEW_ROWS:
            self.preview.append(preview_row(row.number, entry))
        return entry

    def file_problems(self, error: ImportFileError) -> None:
        """A problem with the whole file goes first, before the rows checked until then."""
        listed = [*error.problems, *self.problems][:MAX_PROBLEMS_LISTED]
        self.problem_count += len(error.problems)
        self.problems = listed

    @property
    def passed(self) -> bool:
        return self.problem_count == 0
