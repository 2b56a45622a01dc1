"""Suggesting the same event reported by two agencies (issue 6 item 5): the words of the
suggestion, who is compared with whom, and that pairs are never looked for across every entry."""

from datetime import date, time

from threadline.chronologies.domain import matching
from threadline.chronologies.domain.matching import MatchEntry, shared_words, suggest_matches, words_of

POLICE, CARE, HEALTH, SCHOOLS = (
    (1, "Northbridge Police"),
    (2, "Children's Social Care"),
    (3, "Health"),
    (4, "Schools"),
)


def entry(uid, agency, on, what, *, precision="day", at=None, who=""):
    return MatchEntry(uid, agency[0], agency[1], on, precision, at, what, who)


DAY = date(2024, 3, 12)
ENTRIES = [
    entry(
        "p1",
        POLICE,
        DAY,
        "Officers attended the family home after a report of a domestic incident. Child A and mother present.",
        precision="time",
        at=time(14, 30),
        who="PC Reed, mother, Child A",
    ),
    entry(
        "s1",
        CARE,
        DAY,
        "Police notified social care of a domestic incident at the family home; Child A seen by officers.",
        precision="time",
        at=time(15, 0),
        who="Mother, Child A",
    ),
    entry("h1", HEALTH, DAY, "School nurse saw Child A for a routine immunisation.", who="School nurse"),
    entry(
        "s2",
        CARE,
        date(2024, 4, 1),
        "Strategy meeting held to discuss concerns about Child A's school attendance.",
        precision="month",
    ),
    entry(
        "e1",
        SCHOOLS,
        date(2024, 4, 16),
        "Attended the strategy meeting about Child A's attendance at school.",
    ),
    entry("e2", SCHOOLS, date(2024, 5, 16), "Child A absent from school."),
    entry("p2", POLICE, date(2024, 5, 16), "Child A reported missing overnight; found the next morning."),
    entry(
        "p3",
        POLICE,
        DAY,
        "Domestic incident at the family home: officers attended, Child A and mother present.",
    ),
]


def by_pair(found):
    return {s.key: s for s in found}


def test_the_same_event_from_two_agencies_on_the_same_day_is_suggested_with_its_reasons():
    found = by_pair(suggest_matches(ENTRIES))
    pair = found[("s1", "p1")]  # the agency first by name comes first
    assert pair.score >= matching.THRESHOLD
    assert pair.reasons.startswith("on the same day, 12 March 2024; at about the same time (15:00 and 14:30)")
    assert "what happened reads alike" in pair.reasons and "who was present is alike" in pair.reasons
    # The reasons never repeat the entries' words: they are stored unencrypted.
    assert "domestic" not in pair.reasons.lower() and "mother" not in pair.reasons.lower()


def test_a_month_only_entry_is_suggested_weakly_against_a_day_of_its_month():
    found = by_pair(suggest_matches(ENTRIES))
    pair = found[("s2", "e1")]
    assert "in the same month, April 2024, one of them dated by the month only" in pair.reasons
    strong = by_pair(suggest_matches(ENTRIES, threshold=0))
    assert pair.score < strong[("s1", "p1")].score


def test_unrelated_entries_and_the_same_agency_are_never_suggested():
    keys = set(by_pair(suggest_matches(ENTRIES)))
    assert not {k for k in keys if "h1" in k}, "a routine immunisation is not the domestic incident"
    assert ("e2", "p2") not in keys and ("p2", "e2") not in keys, (
        "absent from school is not missing overnight"
    )
    assert not {k for k in keys if set(k) == {"p1", "p3"}}, "two entries of one agency are never a match"


def test_entries_on_different_days_are_not_compared():
    moved = [e if e.uid != "s1" else entry("s1", CARE, date(2024, 3, 13), e.what_happened) for e in ENTRIES]
    assert ("s1", "p1") not in by_pair(suggest_matches(moved))


def test_times_far_apart_weaken_a_match():
    close = by_pair(suggest_matches(ENTRIES, threshold=0))[("s1", "p1")]
    far = [
        e
        if e.uid != "s1"
        else entry("s1", CARE, DAY, e.what_happened, precision="time", at=time(23, 0), who=e.who_was_present)
        for e in ENTRIES
    ]
    apart = by_pair(suggest_matches(far, threshold=0))[("s1", "p1")]
    assert apart.score < close.score and "at different times of day (23:00 and 14:30)" in apart.reasons


def test_words_are_compared_without_stop_words_or_common_endings():
    assert words_of("The officers attended; visits visited visiting") == {"officer", "attend", "visit"}
    assert shared_words("Officers visited the home", "An officer visits home") == [
        "officers",
        "visited",
        "home",
    ]


def test_only_entries_of_a_day_sharing_a_word_are_compared(monkeypatch):
    compared = []
    original = matching.compare

    def counting(first, second, weights):
        compared.append((first.entry.uid, second.entry.uid))
        return original(first, second, weights)

    monkeypatch.setattr(matching, "compare", counting)
    many = [
        entry(f"a{i}", (i % 10, f"Agency {i % 10}"), date(2024, 1, 1 + i % 28), f"word{i} seen")
        for i in range(560)
    ]
    suggest_matches(many)
    # 560 entries over 28 days, all sharing "seen": 20 a day, from 5 agencies 4 times each, so
    # 190 pairs a day less the 5 * 6 of one agency; never the 156,520 pairs of every entry.
    assert len(compared) == 28 * (190 - 30)
