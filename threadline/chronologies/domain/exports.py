"""The merged chronology as a file (issue 6 item 7): its columns, the words of its dates, the
title block that says what it holds, and text made safe for spreadsheets and XML.

Spreadsheet formula injection (OWASP "CSV injection"): a cell whose text starts with =, +, -,
@, a tab or a carriage return can be run as a formula by a spreadsheet, e.g.
=HYPERLINK("http://…") that sends the sheet's data away when clicked. In an .xlsx file a cell
is a formula only when it is written as one, so the export writes every text as a string cell;
but a person who edits such a cell (F2, Enter) makes Excel and LibreOffice read it again as a
formula. The cells that start that way are therefore also marked "quote prefix", which is what
both programs store when a person types a leading apostrophe: the text shows exactly as the
agency wrote it (no apostrophe added to the evidence) and stays text when edited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from threadline.core.domain.errors import RuleError

from .entries import COLUMNS as ENTRY_COLUMNS
from .entries import DAY, MONTH, TIME

MARKING = "OFFICIAL-SENSITIVE"
RETENTION_DAYS = 7
# A PDF is laid out in memory all at once, and slower per entry the longer it is: measured with
# entries of about 80 words, 2,000 took 1 minute and 0.9 GB, 5,000 took 3 minutes and 2 GB, and
# 20,000 took a quarter of an hour and 6 GB. Longer chronologies go to Excel or Word (20,000
# entries in seconds), or are narrowed by the filters first. THREADLINE_PDF_EXPORT_MAX_ENTRIES
# changes the limit.
PDF_MAX_ENTRIES = 5_000
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# The words of each precision, as a column of the spreadsheet beside the date.
PRECISION_WORDS = {TIME: "Date and time", DAY: "Day", MONTH: "Month"}

# Characters XML 1.0 cannot hold (Word, the spreadsheet and the PDF's HTML are all XML or
# close to it): the C0 controls except tab and line feed, and the non-characters. Text pasted
# from other systems sometimes carries them; a vertical tab (Word's manual line break) and a
# form feed (a page break) are kept as line breaks.
_NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff]")
_BREAKS = re.compile("\r\n|[\r\x0b\x0c]")


class ExportRuleError(RuleError):
    """An export asked for with filters that cannot hold."""


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    # Width in characters in the spreadsheet, and a share of the page's width in Word and PDF.
    characters: int
    share: float


# The columns of Word and the PDF. The professional opinion or analysis has its own column,
# never run together with what happened (issue 6 item 2).
COLUMNS: tuple[Column, ...] = (
    Column("when", "Date", 18, 8.5),
    Column("agency", "Agency", 24, 9),
    Column("source", ENTRY_COLUMNS["source"], 18, 8),
    Column("author_role", ENTRY_COLUMNS["author_role"], 18, 8),
    Column("what_happened", ENTRY_COLUMNS["what_happened"], 60, 21),
    Column("who_was_present", ENTRY_COLUMNS["who_was_present"], 28, 10),
    Column("childs_voice", ENTRY_COLUMNS["childs_voice"], 40, 13),
    Column("opinion", ENTRY_COLUMNS["opinion"], 45, 16),
    Column("significant", ENTRY_COLUMNS["significant"], 12, 6.5),
)
TEXT_KEYS = ("agency", "source", "author_role", "what_happened", "who_was_present", "childs_voice", "opinion")

# The spreadsheet's columns: the date as a real date (it sorts and filters) with its precision
# beside it, so that a month-only entry is not read as the 1st of the month.
SHEET_COLUMNS: tuple[Column, ...] = (
    Column("on", "Date", 20, 0),
    Column("precision", "Date known to", 14, 0),
    *COLUMNS[1:],
)
# Number formats of the date cell by precision: the date shows as it is known.
SHEET_DATE_FORMATS = {TIME: "d mmmm yyyy, hh:mm", DAY: "d mmmm yyyy", MONTH: "mmmm yyyy"}

FORMAT_EXTENSIONS = {"xlsx": "xlsx", "docx": "docx", "pdf": "pdf"}
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def printable(value) -> str:
    """Text as it can be written to any of the files: line endings made one, and the control
    characters XML refuses removed (nothing else changes)."""
    text = "" if value is None else str(value)
    # A carriage return at the start matters to spreadsheets: `spreadsheet_text` judges the
    # original text too.
    return _NOT_XML.sub("", _BREAKS.sub("\n", text))


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could run the text as a formula (OWASP CSV injection)."""
    return text.startswith(FORMULA_PREFIXES)


def spreadsheet_text(value) -> tuple[str, bool]:
    """The text of a spreadsheet cell and whether it must be marked as text (quote prefix)."""
    raw = "" if value is None else str(value)
    return printable(raw), is_formula_like(raw) or is_formula_like(printable(raw))


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def when_in_words(on: date, precision: str, at: time | None = None) -> str:
    """'March 2024', '12 March 2024' or '12 March 2024, 14:30', as precisely as it is known."""
    if precision == MONTH:
        return f"{on:%B %Y}"
    if precision == TIME and at is not None:
        return f"{long_date(on)}, {at:%H:%M}"
    return long_date(on)


@dataclass(frozen=True)
class ExportRow:
    """One entry of the merged chronology, as the files show it."""

    on: date
    precision: str
    at: time | None
    agency: str
    source: str = ""
    author_role: str = ""
    what_happened: str = ""
    who_was_present: str = ""
    childs_voice: str = ""
    opinion: str = ""
    significant: bool = False

    @property
    def when(self) -> str:
        return when_in_words(self.on, self.precision, self.at)

    def texts(self) -> list[str]:
        """The cells of Word and the PDF, in COLUMNS order."""
        return [
            self.when,
            *(printable(getattr(self, key)) for key in TEXT_KEYS),
            "Yes" if self.significant else "",
        ]

    def sheet_date(self) -> date | datetime:
        if self.precision == TIME and self.at is not None:
            return datetime.combine(self.on, self.at)
        return self.on


@dataclass(frozen=True)
class ExportFilters:
    """What the merged chronology was narrowed to; stored with the export as JSON."""

    organisation_ids: tuple[int, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    significant_only: bool = False

    def __post_init__(self):
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise ExportRuleError("The end of the period must be the same as or after its start", "date_to")

    def as_json(self) -> dict:
        return {
            "agencies": sorted(self.organisation_ids),
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "significant_only": self.significant_only,
        }

    @classmethod
    def from_json(cls, data: dict | None) -> ExportFilters:
        data = data or {}
        return cls(
            organisation_ids=tuple(int(pk) for pk in data.get("agencies") or ()),
            date_from=date.fromisoformat(data["from"]) if data.get("from") else None,
            date_to=date.fromisoformat(data["to"]) if data.get("to") else None,
            significant_only=bool(data.get("significant_only")),
        )

    def described(self, agency_names: dict[int, str]) -> list[tuple[str, str]]:
        """The filters in words, for the title block and the pages."""
        if self.organisation_ids:
            names = sorted(agency_names.get(pk, "An agency no longer asked") for pk in self.organisation_ids)
            agencies = ", ".join(names)
        else:
            agencies = "All agencies"
        if self.date_from and self.date_to:
            period = f"{long_date(self.date_from)} to {long_date(self.date_to)}"
        elif self.date_from:
            period = f"From {long_date(self.date_from)}"
        elif self.date_to:
            period = f"Up to {long_date(self.date_to)}"
        else:
            period = "The whole chronology"
        entries = "Significant entries only" if self.significant_only else "All entries"
        return [("Agencies", agencies), ("Period", period), ("Entries", entries)]


@dataclass(frozen=True)
class AgencyVersion:
    """An agency whose chronology is in the export, and the version of it."""

    name: str
    number: int
    submitted_on: date | None

    @property
    def described(self) -> str:
        text = f"Version {self.number}"
        if self.submitted_on:
            text += f", submitted {long_date(self.submitted_on)}"
        return text


@dataclass(frozen=True)
class TitleBlock:
    """What the first page of Word and the PDF says (and the spreadsheet's About sheet).

    The child is named only by their pseudonym: an export leaves the system."""

    reference: str
    pseudonym: str
    filters: list[tuple[str, str]]
    agencies: list[AgencyVersion]
    produced_at: datetime
    produced_by: str
    row_count: int = 0
    marking: str = MARKING
    title: str = "Merged chronology"
    notes: list[str] = field(
        default_factory=lambda: [
            "Each agency's entries are as it last submitted them. Professional opinion or analysis "
            "is kept in its own column, apart from what happened.",
        ]
    )

    @property
    def review(self) -> str:
        return f"{self.reference}: {self.pseudonym}"

    @property
    def produced(self) -> str:
        return f"{long_date(self.produced_at.date())} at {self.produced_at:%H:%M} by {self.produced_by}"

    def summary(self) -> list[tuple[str, str]]:
        """The title block as label and value pairs, in reading order."""
        return [
            ("Review", self.review),
            *self.filters,
            ("Entries included", f"{self.row_count:,}"),
            ("Produced", self.produced),
        ]


def check_pdf_size(entries: int, limit: int = PDF_MAX_ENTRIES) -> None:
    if entries > limit:
        raise ExportRuleError(
            f"A PDF can hold up to {limit:,} entries and these filters give {entries:,}: choose Excel or "
            "Word, or narrow the filters",
            "file_format",
        )


def download_name(reference: str, file_format: str) -> str:
    """'TL-2025-00012-merged-chronology.docx': the reference and what the file is, no more."""
    safe = re.sub(r"[^A-Za-z0-9-]+", "-", reference).strip("-") or "review"
    return f"{safe}-merged-chronology.{FORMAT_EXTENSIONS[file_format]}"
