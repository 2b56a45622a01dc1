"""A chronology entry's rules, the same whether it is typed on a page or imported from a file.

Dates carry their precision (issue 6 item 2): an exact time, a day, or only a month. They are
read in the UK way ("12/03/2024" is 12 March), and ISO dates are accepted too. Entries are
ordered by the first day they could be, then the month before the day before the time on the
same first day (a month-only entry reads as the context for that month's entries), then by
time; in the merged chronology, then by the agency's name; then in the order the agency gave
them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time

from threadline.core.domain.errors import RuleError

TIME = "time"
DAY = "day"
MONTH = "month"
PRECISION_RANK = {MONTH: 0, DAY: 1, TIME: 2}

MAX_SOURCE = 300
MAX_AUTHOR_ROLE = 200
MAX_TEXT = 10_000

# The parts of an entry, by key, with the column headings of the import templates.
COLUMNS: dict[str, str] = {
    "date": "Date",
    "time": "Time",
    "source": "Source",
    "author_role": "Author role",
    "what_happened": "What happened",
    "who_was_present": "Who was present",
    "childs_voice": "The child's voice",
    "opinion": "Professional opinion or analysis",
    "significant": "Significant",
}
REQUIRED = ("date", "what_happened")

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
YES = {"yes", "y", "true", "1", "significant", "x", "✓"}
NO = {"", "no", "n", "false", "0"}


class EntryRuleError(RuleError):
    """One broken rule of one part of an entry; `field` is the part's key."""


@dataclass(frozen=True)
class When:
    on: date
    precision: str
    at: time | None = None

    @property
    def rank(self) -> int:
        return PRECISION_RANK[self.precision]

    def sort_key(self) -> tuple:
        return (self.on, self.rank, self.at or time.min)


@dataclass(frozen=True)
class CleanEntry:
    when: When
    source: str = ""
    author_role: str = ""
    what_happened: str = ""
    who_was_present: str = ""
    childs_voice: str = ""
    opinion: str = ""
    significant: bool = False

    def fingerprint(self) -> str:
        """The same facts give the same fingerprint: a re-imported row is recognised."""
        parts = [
            self.when.on.isoformat(),
            self.when.precision,
            self.when.at.isoformat() if self.when.at else "",
            self.source,
            self.author_role,
            self.what_happened,
            self.who_was_present,
            self.childs_voice,
            self.opinion,
            "1" if self.significant else "0",
        ]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@dataclass
class Problems:
    """Every problem of one entry, by the part's key, so a row or a form reports them all."""

    items: list[tuple[str, str]] = field(default_factory=list)

    def add(self, key: str, message: str) -> None:
        self.items.append((key, message))

    def __bool__(self) -> bool:
        return bool(self.items)


_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_WORD_DATE = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_UK_MONTH = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
_WORD_MONTH = re.compile(r"^([A-Za-z]+)\.?,?\s+(\d{4})$")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?::(\d{2}))?\s*(am|pm)?$", re.I)


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) == 2 else year


def _day(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError("not a real date") from None


def parse_time(text: str) -> time:
    match = _TIME.match(text.strip())
    if not match:
        raise ValueError("not a time")
    hour, minute = int(match.group(1)), int(match.group(2))
    meridiem = (match.group(4) or "").lower()
    if meridiem:
        if not 1 <= hour <= 12:
            raise ValueError("not a time")
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour > 23 or minute > 59:
        raise ValueError("not a time")
    return time(hour, minute)


def parse_when(date_text: str, time_text: str = "") -> When:
    """'12/03/2024' + '14:30' → 12 March 2024 at 14:30; 'March 2024' → the month. Raises
    ValueError with what is wrong, in words for the person."""
    text = " ".join(str(date_text or "").split())
    time_text = str(time_text or "").strip()
    if not text:
        raise ValueError("empty")
    # A date and a time in one cell: "12/03/2024 14:30", "2024-03-12T14:30".
    if not time_text:
        for separator in ("T", " "):
            head, _, tail = text.rpartition(separator)
            if head and _TIME.match(tail):
                text, time_text = head.strip(), tail
                break
    day = None
    if match := _ISO_DATE.match(text):
        day = _day(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    elif match := _UK_DATE.match(text):
        day = _day(_year(match.group(3)), int(match.group(2)), int(match.group(1)))
    elif (match := _WORD_DATE.match(text)) and match.group(2).lower() in MONTHS:
        day = _day(int(match.group(3)), MONTHS[match.group(2).lower()], int(match.group(1)))
    if day is not None:
        if time_text:
            return When(day, TIME, parse_time(time_text))
        return When(day, DAY)
    month = None
    if match := _ISO_MONTH.match(text):
        month = (int(match.group(1)), int(match.group(2)))
    elif match := _UK_MONTH.match(text):
        month = (int(match.group(2)), int(match.group(1)))
    elif (match := _WORD_MONTH.match(text)) and match.group(1).lower() in MONTHS:
        month = (int(match.group(2)), MONTHS[match.group(1).lower()])
    if month is not None:
        if not 1 <= month[1] <= 12:
            raise ValueError("not a real month")
        if time_text:
            raise ValueError("a time needs a day")
        return When(date(month[0], month[1], 1), MONTH)
    raise ValueError("not a date")


def when_from_datetime(value: datetime | date) -> When:
    """A date or date and time read from a spreadsheet cell."""
    if isinstance(value, datetime):
        if value.time() == time.min:
            return When(value.date(), DAY)
        return When(value.date(), TIME, value.time().replace(second=0, microsecond=0))
    return When(value, DAY)


def _text(value) -> str:
    return str(value if value is not None else "").replace("\r\n", "\n").replace("\r", "\n").strip()


def significant_from(value) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError("not yes or no")


def _month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def check_entry(values: Mapping, *, period_from: date, period_to: date) -> CleanEntry:
    """An entry's parts checked, each problem named by its part; raises EntryRuleError.from_problems.

    `values` holds text by key (COLUMNS), or already a When under "when" (from a date cell)."""
    problems = Problems()
    when = values.get("when")
    if when is None:
        date_text = _text(values.get("date"))
        if not date_text:
            problems.add("date", "Enter the date")
        else:
            try:
                when = parse_when(date_text, _text(values.get("time")))
            except ValueError as error:
                time_text = _text(values.get("time"))
                # A time typed in its own box is wrong there, not in the date.
                key = "time" if str(error) == "not a time" and time_text else "date"
                problems.add(key, _date_message(date_text, time_text, str(error)))
                if key == "date" and time_text and str(error) in ("not a date", "not a real date"):
                    # The time is wrong too: say so now, not after the date is put right.
                    try:
                        parse_time(time_text)
                    except ValueError:
                        problems.add("time", _date_message(date_text, time_text, "not a time"))
    if when is not None:
        last_day = _month_end(when.on) if when.precision == MONTH else when.on
        if last_day < period_from or when.on > period_to:
            problems.add(
                "date",
                "The date must be within the chronology's period, "
                f"{_long(period_from)} to {_long(period_to)}",
            )
    texts = {key: _text(values.get(key)) for key in COLUMNS if key not in ("date", "time", "significant")}
    if not texts["what_happened"]:
        problems.add("what_happened", "Enter what happened")
    limits = {"source": MAX_SOURCE, "author_role": MAX_AUTHOR_ROLE}
    for key, text in texts.items():
        limit = limits.get(key, MAX_TEXT)
        if len(text) > limit:
            problems.add(key, f"{COLUMNS[key]} must be {limit:,} characters or fewer")
    significant = False
    try:
        significant = significant_from(values.get("significant"))
    except ValueError:
        problems.add("significant", "Significant must be yes or no")
    if problems:
        raise EntryRuleError.from_problems(problems.items)
    return CleanEntry(when=when, significant=significant, **texts)


def _date_message(date_text: str, time_text: str, why: str) -> str:
    if why == "not a time" and not time_text:
        return f"The time in ‘{date_text}’ is not a time: use the 24-hour clock, like 12/03/2024 14:30"
    if why == "not a time":
        return f"‘{time_text}’ is not a time: use the 24-hour clock, like 14:30"
    if why == "a time needs a day":
        return "A time needs the day too, like 12/03/2024"
    if why in ("not a real date", "not a real month"):
        return f"‘{date_text}’ is not a real date"
    return f"‘{date_text}’ is not a date: use a day like 12/03/2024, or a month like 03/2024"


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def sort_key(when: When, position: int = 0) -> tuple:
    return (*when.sort_key(), position)
