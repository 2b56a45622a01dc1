"""The rules of a review's meetings and events (issue 5 item 7): when they run in UK time, who
is invited, what an invitation may say, and how the meetings read on a stage.

Invitations leave Threadline for people's own calendars, so what they carry (the title and
the place) must not name the child; `mentions_the_child` is the check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from .errors import ReviewRuleError

UK = ZoneInfo("Europe/London")

# The texts of a meeting that are edited together, versioned and merged (issue 5 item 12).
TEXT_FIELDS = ("agenda", "minutes", "decisions", "actions_arising")
TEXT_LABELS = {
    "agenda": "Agenda",
    "minutes": "Minutes",
    "decisions": "Decisions",
    "actions_arising": "Actions arising",
}
MAX_TEXT = 50_000
MAX_TITLE = 200
MAX_LOCATION = 300
MAX_REASON = 1_000
MAX_INVITEES = 100
MAX_NAME = 200

INVITEE_FORMAT = "Name <email>, organisation"
_INVITEE = re.compile(r"^(?P<name>[^<>]*?)\s*<(?P<email>[^<>]*)>\s*(?:,\s*(?P<organisation>.*))?$")
_EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;.]+$")


class MeetingTextsConflict(Exception):
    """Someone saved the meeting's texts after the version this edit started from."""

    def __init__(self, *, base_version: int, current_version: int, changed_by: Sequence[str]):
        names = " and ".join(changed_by) if changed_by else "Someone"
        super().__init__(f"{names} changed this meeting’s record while you were editing")
        self.base_version = base_version
        self.current_version = current_version
        self.changed_by = list(changed_by)


# --- when


def meeting_times(
    day: date | None, start: time | None, end: time | None, *, zone: ZoneInfo = UK
) -> tuple[datetime, datetime]:
    """The start and end of a meeting held on `day`, given in UK local time, as aware datetimes.

    A time the clocks skip when they go forward (01:30 on the last Sunday of March) does not
    exist, so it is refused rather than quietly moved."""
    problems: list[tuple[str, str]] = []
    if day is None:
        problems.append(("day", "Enter the date of the meeting"))
    if start is None:
        problems.append(("start_time", "Enter the time the meeting starts"))
    if end is None:
        problems.append(("end_time", "Enter the time the meeting ends"))
    if problems:
        raise ReviewRuleError.from_problems(problems)
    starts_at, ends_at = (datetime.combine(day, moment, tzinfo=zone) for moment in (start, end))
    for name, moment, value in (("start_time", start, starts_at), ("end_time", end, ends_at)):
        if value.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != value.replace(tzinfo=None):
            problems.append(
                (name, f"There is no {moment:%H:%M} on {long_date(day)}: the clocks go forward that night")
            )
    if not problems and ends_at <= starts_at:
        problems.append(("end_time", "The meeting must end after it starts"))
    if problems:
        raise ReviewRuleError.from_problems(problems)
    return starts_at, ends_at


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


# --- who


@dataclass(frozen=True)
class Invitee:
    name: str
    email: str
    organisation: str = ""


def is_email(text: str) -> bool:
    return bool(_EMAIL.match(text))


def parse_invitees(text: str, *, already: Iterable[str] = (), field: str = "other_invitees") -> list[Invitee]:
    """People typed one a line as "Name <email>, organisation" (the organisation optional).

    Every bad line is named by its number, and an address given twice (or already invited
    from the team, `already`) is refused rather than e-mailed twice."""
    invitees: list[Invitee] = []
    problems: list[tuple[str, str]] = []
    seen = {address.lower() for address in already if address}
    lines = [line.strip() for line in (text or "").replace("\r\n", "\n").split("\n")]
    for number, line in enumerate(lines, start=1):
        if not line:
            continue
        shown = line if len(line) <= 60 else line[:57] + "..."
        match = _INVITEE.match(line)
        if match is None:
            problems.append((field, f"Line {number}, ‘{shown}’, is not in the form {INVITEE_FORMAT}"))
            continue
        name = match["name"].strip().strip(",").strip()
        email = match["email"].strip()
        organisation = (match["organisation"] or "").strip()
        if not name:
            problems.append((field, f"Line {number}, ‘{shown}’, has no name before the e-mail address"))
        elif not is_email(email):
            problems.append((field, f"Line {number}: ‘{email}’ is not an e-mail address"))
        elif len(name) > MAX_NAME or len(organisation) > MAX_NAME:
            problems.append((field, f"Line {number}: names must be {MAX_NAME} characters or fewer"))
        elif email.lower() in seen:
            problems.append((field, f"Line {number}: {email} is already invited"))
        else:
            seen.add(email.lower())
            invitees.append(Invitee(name, email, organisation))
    if problems:
        raise ReviewRuleError.from_problems(problems)
    return invitees


# --- what an invitation may say


def identifying_words(full_name: str, identifiers: str = "") -> list[str]:
    """The parts of the child's name and identifiers that must not leave in an invitation.
    Very short parts ("Al", "Jo") would match too much ordinary text to be useful; of the
    identifiers, the numbers and codes ("CMS-448812"), not the words around them ("NHS number")."""
    words = [part for part in re.split(r"[\s,]+", full_name or "") if len(part) >= 3]
    codes = re.split(r"[\s,;]+", identifiers or "")
    words += [part for part in codes if len(part) >= 4 and any(c.isdigit() for c in part)]
    return words


def mentions_the_child(text: str, words: Sequence[str]) -> bool:
    for word in words:
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text or "", re.IGNORECASE):
            return True
    return False


# --- how the meetings read on a stage (seed 004: review team meetings; practitioner events)


def held_summary(count: int, last: date | None, *, one: str, many: str) -> str:
    """'3 team meetings, the last on 4 April 2025'; '' when none were held."""
    if count <= 0 or last is None:
        return ""
    if count == 1:
        return f"1 {one}, on {long_date(last)}"
    return f"{count} {many}, the last on {long_date(last)}"


def changed_texts(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """The names of the texts that differ, for the audit log (never the texts)."""
    return [name for name in TEXT_FIELDS if (before.get(name) or "") != (after.get(name) or "")]
