"""The action tracker across reviews (issue 7 item 5): which rows a filter keeps, their order,
and the rows of its spreadsheet, every text neutralised so that no cell can run as a formula."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from threadline.chronologies.domain.exports import spreadsheet_text

SHEET_HEADINGS = (
    "Review",
    "Child",
    "Lead organisation",
    "Recommendation",
    "Action",
    "Level",
    "Owning organisation",
    "Owner",
    "Due",
    "Status",
    "Overdue",
    "Working days late",
    "Check-back",
)


@dataclass(frozen=True)
class TrackerLine:
    """One action as the tracker shows it, plain values only."""

    reference: str
    pseudonym: str
    lead_organisation: str
    recommendation: str
    description: str
    level: str
    owner_organisation: str
    owner: str
    due_on: date
    status: str
    overdue: bool
    working_days_late: int | None
    check_back_on: date


def keep(overdue_flags: Iterable[bool], *, overdue_only: bool) -> list[int]:
    """The positions a filter keeps: all of them, or only the overdue ones."""
    return [i for i, overdue in enumerate(overdue_flags) if overdue or not overdue_only]


def sort_key(*, overdue: bool, due_on: date, pk: int) -> tuple:
    """Overdue first, then the soonest due, then the oldest."""
    return (not overdue, due_on, pk)


def sheet_row(line: TrackerLine) -> list[tuple[object, bool]]:
    """The cells of one row: (value, must be marked as text). Every text is a string passed
    through the chronology export's neutralising rule; dates stay dates, counts stay numbers."""
    texts = (
        line.reference,
        line.pseudonym,
        line.lead_organisation,
        line.recommendation,
        line.description,
        line.level,
        line.owner_organisation,
        line.owner,
    )
    cells: list[tuple[object, bool]] = [spreadsheet_text(t) for t in texts]
    cells.append((line.due_on, False))
    cells.append(spreadsheet_text(line.status))
    cells.append(("Yes" if line.overdue else "No", False))
    cells.append((line.working_days_late, False))
    cells.append((line.check_back_on, False))
    return cells


def download_name(today: date, board: str = "") -> str:
    """'actions-tracker-2025-04-22.xlsx', or with the board's name when filtered to one."""
    safe = re.sub(r"[^A-Za-z0-9]+", "-", board).strip("-").lower()[:60]
    return f"actions-tracker{'-' + safe if safe else ''}-{today.isoformat()}.xlsx"
