"""Suggesting that two agencies' entries may record the same event (issue 6 item 5).

Only a suggestion: a person confirms or rejects it, and the two entries always stay two
records. Two entries are compared only when they come from different agencies and their dates
overlap:

- the same day (a day or a timed entry): the date counts in full; two times within an hour
  of each other strengthen the match, times far apart weaken it;
- a month-only entry overlaps every day of its month and the other month-only entries of that
  month, but only weakly: its likeness counts for less (MONTH_WEIGHT), so it needs more words
  in common to be suggested.

Likeness is of the words: what happened (most of it) and who was present, each a set of
words without stop words and common endings, weighed by how rare a word is across the whole
chronology (a word every entry uses, like the child's pseudonym, says little). The reasons
are words about the dates and how alike the texts are; never the texts themselves, because
they are kept unencrypted beside the match.

Entries are grouped by day and by month and compared only with those sharing a word in that
group: never every entry with every other.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import combinations

from .entries import MONTH

THRESHOLD = 0.45
MONTH_WEIGHT = 0.75
WHAT_WEIGHT = 0.75
CLOSE_MINUTES = 60
FAR_MINUTES = 6 * 60
CLOSE_BONUS = 0.1
FAR_PENALTY = 0.15
MAX_REASONS = 300

STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing done down during each few for
    from further had has have having he her here hers herself him himself his how i if in into
    is it its itself just me more most my myself no nor not now of off on once only or other
    our ours out over own same she should so some such than that the their theirs them then
    there these they this those through to too under until up upon very via was we were what
    when where which while who whom why will with would you your yours
    re regarding per told said says saying
    """.split()
)
_WORD = re.compile(r"[a-z0-9]+")


def _stem(word: str) -> str:
    """Common English endings off, so 'visited', 'visits' and 'visiting' meet as 'visit'."""
    for ending, keep in (("ing", 5), ("ed", 5), ("es", 5), ("s", 4)):
        if word.endswith(ending) and len(word) - len(ending) >= keep - 1 and not word.endswith("ss"):
            return word[: -len(ending)]
    return word


def words_of(text: str) -> frozenset[str]:
    """The words that carry meaning in a text, lower case and stemmed."""
    text = (text or "").lower().replace("'s", "").replace("\u2019s", "")
    return frozenset(_stem(w) for w in _WORD.findall(text) if w not in STOP_WORDS and len(w) > 1)


def shared_words(first: str, second: str) -> list[str]:
    """The words two texts have in common, as the first text writes them (for a page that shows
    both entries, never for storing)."""
    common = words_of(first) & words_of(second)
    seen, found = set(), []
    for word in _WORD.findall((first or "").lower()):
        stem = _stem(word)
        if stem in common and stem not in seen and word not in STOP_WORDS:
            seen.add(stem)
            found.append(word)
    return found


@dataclass(frozen=True)
class MatchEntry:
    """What matching needs of one entry of an agency's latest submitted chronology."""

    uid: str
    agency_id: int
    agency: str  # the agency's name: the pair is stored with the first by name first
    on: date
    precision: str
    at: time | None
    what_happened: str
    who_was_present: str = ""


@dataclass(frozen=True)
class Suggestion:
    first: str  # the uid of the entry of the agency first by name
    second: str
    score: float
    reasons: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.first, self.second)


@dataclass(frozen=True)
class _Words:
    entry: MatchEntry
    what: frozenset[str]
    who: frozenset[str]


def _weights(prepared: Sequence[_Words]) -> dict[str, float]:
    """How much each word says: rare words more (inverse document frequency)."""
    counts: dict[str, int] = defaultdict(int)
    for item in prepared:
        for word in item.what | item.who:
            counts[word] += 1
    total = len(prepared)
    return {word: math.log(1 + total / count) for word, count in counts.items()}


def _likeness(first: frozenset[str], second: frozenset[str], weights: dict[str, float]) -> float:
    """Weighed Dice: twice the weight of the words in common over the weight of both."""
    if not first or not second:
        return 0.0
    both = sum(weights.get(w, 1.0) for w in first & second)
    whole = sum(weights.get(w, 1.0) for w in first) + sum(weights.get(w, 1.0) for w in second)
    return 2 * both / whole if whole else 0.0


def _minutes_apart(first: time, second: time) -> int:
    today = date(2000, 1, 1)
    return abs(int((datetime.combine(today, first) - datetime.combine(today, second)).total_seconds() // 60))


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _percent(value: float) -> str:
    return f"{round(value * 100)}%"


def compare(first: _Words, second: _Words, weights: dict[str, float]) -> tuple[float, list[str]]:
    """How likely two entries record the same event (0 to 1), with the reasons in words."""
    a, b = first.entry, second.entry
    what = _likeness(first.what, second.what, weights)
    who = _likeness(first.who, second.who, weights)
    if first.who and second.who:
        score = WHAT_WEIGHT * what + (1 - WHAT_WEIGHT) * who
    else:
        score = what
    reasons = []
    if a.precision == MONTH or b.precision == MONTH:
        month = a.on if a.precision == MONTH else b.on
        reasons.append(f"in the same month, {month:%B %Y}, one of them dated by the month only")
        score *= MONTH_WEIGHT
    else:
        reasons.append(f"on the same day, {_day(a.on)}")
        if a.at is not None and b.at is not None:
            apart = _minutes_apart(a.at, b.at)
            if apart <= CLOSE_MINUTES:
                reasons.append(f"at about the same time ({a.at:%H:%M} and {b.at:%H:%M})")
                score += CLOSE_BONUS
            elif apart >= FAR_MINUTES:
                reasons.append(f"at different times of day ({a.at:%H:%M} and {b.at:%H:%M})")
                score -= FAR_PENALTY
    reasons.append(f"what happened reads alike ({_percent(what)} by its words)")
    if first.who and second.who and who > 0:
        reasons.append(f"who was present is alike ({_percent(who)})")
    return max(0.0, min(1.0, score)), reasons


def _ordered(first: _Words, second: _Words) -> tuple[_Words, _Words]:
    if (first.entry.agency, first.entry.uid) <= (second.entry.agency, second.entry.uid):
        return first, second
    return second, first


def _word_index(items: Sequence[_Words]) -> dict[str, list[int]]:
    index: dict[str, list[int]] = defaultdict(list)
    for position, item in enumerate(items):
        for word in item.what | item.who:
            index[word].append(position)
    return index


def _pairs_within(group: Sequence[_Words]) -> Iterable[tuple[_Words, _Words]]:
    """Pairs of one group, of different agencies, sharing at least one word."""
    seen: set[tuple[int, int]] = set()
    for positions in _word_index(group).values():
        for pair in combinations(positions, 2):
            i, j = pair
            if pair not in seen and group[i].entry.agency_id != group[j].entry.agency_id:
                seen.add(pair)
                yield group[i], group[j]


def _pairs_between(group: Sequence[_Words], others: Sequence[_Words]) -> Iterable[tuple[_Words, _Words]]:
    """Each of `group` with those of `others` of a different agency sharing at least one word."""
    index = _word_index(others)
    for item in group:
        near = {j for word in item.what | item.who for j in index.get(word, ())}
        for j in sorted(near):
            if others[j].entry.agency_id != item.entry.agency_id:
                yield item, others[j]


def suggest_matches(entries: Iterable[MatchEntry], *, threshold: float = THRESHOLD) -> list[Suggestion]:
    """Pairs of entries of different agencies that may be the same event, best first."""
    prepared = [_Words(e, words_of(e.what_happened), words_of(e.who_was_present)) for e in entries]
    weights = _weights(prepared)
    by_day: dict[date, list[_Words]] = defaultdict(list)
    by_month: dict[tuple[int, int], list[_Words]] = defaultdict(list)
    month_only: dict[tuple[int, int], list[_Words]] = defaultdict(list)
    for item in prepared:
        month = (item.entry.on.year, item.entry.on.month)
        if item.entry.precision == MONTH:
            month_only[month].append(item)
        else:
            by_day[item.entry.on].append(item)
            by_month[month].append(item)
    pairs: list[tuple[_Words, _Words]] = []
    for group in by_day.values():
        pairs.extend(_pairs_within(group))
    for month, group in month_only.items():
        pairs.extend(_pairs_within(group))
        pairs.extend(_pairs_between(group, by_month.get(month, [])))
    found: dict[tuple[str, str], Suggestion] = {}
    for pair in pairs:
        first, second = _ordered(*pair)
        score, reasons = compare(first, second, weights)
        if score >= threshold:
            words = "; ".join(reasons)
            words = words[: MAX_REASONS - 1] + "…" if len(words) > MAX_REASONS else words
            suggestion = Suggestion(first.entry.uid, second.entry.uid, round(score, 4), words)
            found[suggestion.key] = suggestion
    return sorted(found.values(), key=lambda s: (-s.score, s.key))
