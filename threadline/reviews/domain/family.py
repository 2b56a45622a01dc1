"""The family and the child (issue 5 item 8): the rules for what is recorded about them.

The family are integral to a review (seed 004 "Engaging the family"): a liaison strategy, every
contact, their views and the child's in their own words (seed 000 §9.6 "Voice of Child"),
their consent, and their feedback on the draft report before it is final (seed 001 §3.2
"Family and/or child engagement"). Words are kept as they were said: only the whitespace
around them goes, and line endings are made one kind so that a comparison of two texts is
about their words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from .errors import ReviewRuleError

MAX_WHO = 300  # who in the family, whose words, who consented
MAX_MADE_BY = 200
MAX_HOW_CAPTURED = 300
MAX_NOTE = 2_000
MAX_WORDS = 20_000  # what was said, views, feedback, the strategy

STRATEGY_FIELDS = ("liaison_people", "strategy")
STRATEGY_LABELS = {
    "liaison_people": "Who liaises with the family",
    "strategy": "How the review involves the family",
}
THE_CHILD = "The child"

Problems = list[tuple[str, str]]


def as_said(text: str | None) -> str:
    """The words as typed: line breaks kept (as "\\n"), only the surrounding whitespace gone."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _required(problems: Problems, field: str, value: str, message: str, limit: int, name: str) -> None:
    if not value:
        problems.append((field, message))
    elif len(value) > limit:
        problems.append((field, f"{name} must be {limit:,} characters or fewer"))


def _optional(problems: Problems, field: str, value: str, limit: int, name: str) -> None:
    if len(value) > limit:
        problems.append((field, f"{name} must be {limit:,} characters or fewer"))


def _day(problems: Problems, field: str, day: date | None, *, today: date, what: str) -> None:
    if day is None:
        problems.append((field, f"Enter the date {what}"))
    elif day > today:
        problems.append((field, f"The date {what} must be today or in the past"))


def raise_if(problems: Problems) -> None:
    if problems:
        raise ReviewRuleError.from_problems(problems)


# --- the strategy (seed 004 Annex 4; a stage records "family-liaison-strategy")


def strategy_problems(*, liaison_people: str, strategy: str) -> Problems:
    problems: Problems = []
    _required(
        problems,
        "liaison_people",
        liaison_people,
        "Enter who liaises with the family",
        MAX_WORDS,
        "Who liaises with the family",
    )
    _required(problems, "strategy", strategy, "Enter the family liaison strategy", MAX_WORDS, "The strategy")
    return problems


class StrategyConflict(Exception):
    """Someone saved the strategy after the version this edit started from: nothing is saved."""

    def __init__(self, *, base_version: int, current_version: int, changed_by: str, theirs: dict[str, str]):
        super().__init__(
            f"{changed_by or 'Someone'} changed the family liaison strategy while you were editing"
        )
        self.base_version = base_version
        self.current_version = current_version
        self.changed_by = changed_by or "Someone"
        self.theirs = dict(theirs)


# --- contacts, views, consent, feedback


def contact_problems(
    *,
    contacted_on: date | None,
    family_member: str,
    made_by: str,
    method: str,
    methods: Iterable[str],
    what_was_said: str,
    today: date,
) -> Problems:
    """A contact needs who, when, how and what they said. When nobody answered, that is what
    is written ("No answer; a letter left"): an empty record says nothing of the attempt."""
    problems: Problems = []
    _day(problems, "contacted_on", contacted_on, today=today, what="of the contact")
    _required(
        problems,
        "family_member",
        family_member,
        "Enter who in the family was contacted",
        MAX_WHO,
        "Who in the family",
    )
    _required(problems, "made_by", made_by, "Enter who made the contact", MAX_MADE_BY, "Who made the contact")
    if method not in set(methods):
        problems.append(("method", "Select how the contact was made"))
    _required(
        problems,
        "what_was_said",
        what_was_said,
        "Enter what the family said",
        MAX_WORDS,
        "What the family said",
    )
    return problems


def whose_words(whose: str, *, is_the_child: bool | None) -> str:
    """The child's own words need no name: they are the child's."""
    return whose or (THE_CHILD if is_the_child else "")


def view_problems(
    *,
    whose: str,
    is_the_child: bool | None,
    words: str,
    captured_on: date | None,
    how_captured: str,
    today: date,
) -> Problems:
    problems: Problems = []
    if is_the_child is None:
        problems.append(("is_the_child", "Select whether these are the child's own words"))
    if is_the_child is False:
        _required(problems, "whose", whose, "Enter whose views these are", MAX_WHO, "Whose views")
    else:
        _optional(problems, "whose", whose, MAX_WHO, "Whose views")
    _required(problems, "words", words, "Enter their views in their own words", MAX_WORDS, "Their views")
    _day(problems, "captured_on", captured_on, today=today, what="the views were captured")
    _optional(problems, "how_captured", how_captured, MAX_HOW_CAPTURED, "How they were captured")
    return problems


def consent_problems(
    *,
    person: str,
    subject: str,
    subjects: Iterable[str],
    status: str,
    statuses: Iterable[str],
    on: date | None,
    note: str,
    today: date,
) -> Problems:
    problems: Problems = []
    _required(problems, "person", person, "Enter whose consent this is", MAX_WHO, "Whose consent")
    if subject not in set(subjects):
        problems.append(("subject", "Select what the consent is for"))
    if status not in set(statuses):
        problems.append(("status", "Select whether consent was given, refused or withdrawn"))
    _day(problems, "on", on, today=today, what="of the consent")
    _optional(problems, "note", note, MAX_NOTE, "The note")
    return problems


def feedback_problems(*, from_whom: str, received_on: date | None, feedback: str, today: date) -> Problems:
    problems: Problems = []
    _required(
        problems, "from_whom", from_whom, "Enter who in the family gave the feedback", MAX_WHO, "Who gave it"
    )
    _day(problems, "received_on", received_on, today=today, what="the feedback was received")
    _required(
        problems,
        "feedback",
        feedback,
        "Enter the family's feedback on the draft report",
        MAX_WORDS,
        "The feedback",
    )
    return problems


def response_problems(
    *, response: str, responded_on: date | None, received_on: date, today: date
) -> Problems:
    problems: Problems = []
    _required(
        problems, "response", response, "Enter what was done with the feedback", MAX_WORDS, "What was done"
    )
    _day(problems, "responded_on", responded_on, today=today, what="of the response")
    if responded_on is not None and responded_on < received_on:
        problems.append(
            (
                "responded_on",
                f"The response cannot be before the feedback was received on "
                f"{received_on.day} {received_on:%B %Y}",
            )
        )
    return problems


# --- consent: the latest decision of a person on a subject stands


class ConsentLike(Protocol):
    person: str
    subject: str
    on: date
    pk: int


def same_person(name: str) -> str:
    """One person however their name was spaced or capitalised from one entry to the next."""
    return " ".join((name or "").split()).casefold()


@dataclass(frozen=True)
class ConsentStanding:
    """Where one person's consent on one subject stands: the latest decision, and the earlier
    ones it replaced (newest first)."""

    current: ConsentLike
    earlier: tuple[ConsentLike, ...]

    @property
    def person(self) -> str:
        return self.current.person

    @property
    def subject(self) -> str:
        return self.current.subject


def consent_now(entries: Sequence[ConsentLike], subjects: Sequence[str] = ()) -> list[ConsentStanding]:
    """The decision that stands for each person and subject: the one made on the latest date,
    and of two on the same day the one recorded last. A decision recorded late for an earlier
    day joins the history without replacing a later one. In order of person, then of subject
    as `subjects` lists them."""
    groups: dict[tuple[str, str], list[ConsentLike]] = {}
    for entry in entries:
        groups.setdefault((same_person(entry.person), entry.subject), []).append(entry)
    rank = {subject: index for index, subject in enumerate(subjects)}
    standings = []
    for (person, subject), found in groups.items():
        newest_first = sorted(found, key=lambda e: (e.on, e.pk), reverse=True)
        standings.append(((person, rank.get(subject, len(rank)), subject), newest_first))
    standings.sort(key=lambda pair: pair[0])
    return [ConsentStanding(current=found[0], earlier=tuple(found[1:])) for _, found in standings]


# --- what the stage pages show (never what anyone said)


def counted(number: int, singular: str, plural: str = "") -> str:
    return f"{number} {singular if number == 1 else (plural or singular + 's')}"


def long_day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def strategy_summary(*, version: int, saved_on: date | None) -> str:
    when = f", last saved on {long_day(saved_on)}" if saved_on else ""
    return f"Recorded, version {version}{when}"


def contacts_summary(*, count: int, last_on: date) -> str:
    if count == 1:
        return f"1 contact, on {long_day(last_on)}"
    return f"{counted(count, 'contact')}, the last on {long_day(last_on)}"


def views_summary(*, count: int, from_the_child: int) -> str:
    return f"{counted(count, 'view')} recorded, {from_the_child} from the child"


def involvement_summary(*, contacts: int, views: int, from_the_child: int) -> str:
    parts = []
    if contacts:
        parts.append(f"{counted(contacts, 'contact')} with the family")
    if views:
        parts.append(f"{counted(views, 'view')} in their own words ({from_the_child} from the child)")
    return "; ".join(parts)
