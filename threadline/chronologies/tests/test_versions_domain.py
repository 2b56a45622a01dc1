"""The differences between two versions of a chronology (domain/versions.py): entries matched by
uid, added, removed and changed, and for a changed entry which parts changed, word by word."""

from datetime import date

from threadline.chronologies.domain.versions import PARTS, EntryChange, EntryText, compare_versions
from threadline.reviews.domain.terms import Change


def entry(uid: str, day: int, **parts) -> EntryText:
    given = {"when": f"{day} March 2024", "what_happened": "Home visit", "significant": "No"}
    return EntryText(uid, {**given, **parts}, (date(2024, 3, day), 1, "", day))


def test_two_identical_versions_have_no_differences():
    older = [entry("a", 1), entry("b", 2)]
    found = compare_versions(older, list(older))
    assert (found.added, found.removed, found.changed, found.same) == (0, 0, 0, 2)
    assert found.differences == ()


def test_added_removed_and_changed_entries_are_found_by_uid_in_date_order():
    older = [entry("a", 1), entry("b", 5), entry("c", 9, opinion="Concerns noted")]
    newer = [entry("a", 1), entry("d", 7), entry("c", 9, opinion="Concerns noted and shared")]
    found = compare_versions(older, newer)
    assert [(d.entry.uid, d.change) for d in found.entries] == [
        ("a", EntryChange.SAME),
        ("b", EntryChange.REMOVED),
        ("d", EntryChange.ADDED),
        ("c", EntryChange.CHANGED),
    ]
    assert (found.added, found.removed, found.changed, found.same) == (1, 1, 1, 1)
    removed = found.differences[0]
    assert removed.older.uid == "b" and removed.newer is None
    changed = found.differences[2]
    assert [part.key for part in changed.parts] == ["opinion"]
    assert changed.parts[0].label == "Professional opinion or analysis"
    assert [(s.change, s.text) for s in changed.parts[0].segments] == [
        (Change.SAME, "Concerns noted"),
        (Change.ADDED, " and shared"),
    ]


def test_a_changed_entry_names_every_part_that_changed_in_the_form_order():
    older = [entry("a", 1, source="Case notes", significant="No", documents="a.pdf")]
    newer = [entry("a", 2, source="Case notes", significant="Yes", documents="a.pdf\nb.pdf")]
    (difference,) = compare_versions(older, newer).differences
    assert [part.key for part in difference.parts] == ["when", "significant", "documents"]
    when = difference.parts[0]
    assert (when.older, when.newer) == ("1 March 2024", "2 March 2024")
    assert [(s.change, s.text) for s in when.segments] == [
        (Change.REMOVED, "1"),
        (Change.ADDED, "2"),
        (Change.SAME, " March 2024"),
    ]
    # Documents compare as whole lines.
    assert [(s.change, s.text) for s in difference.parts[2].segments] == [
        (Change.SAME, "a.pdf"),
        (Change.ADDED, "\nb.pdf"),
    ]


def test_an_entry_moved_to_another_date_is_changed_not_removed_and_added():
    found = compare_versions([entry("a", 1)], [entry("a", 20)])
    assert [d.change for d in found.entries] == [EntryChange.CHANGED]


def test_comparing_backwards_swaps_added_and_removed():
    older, newer = [entry("a", 1)], [entry("a", 1), entry("b", 2)]
    assert compare_versions(newer, older).removed == 1 and compare_versions(older, newer).added == 1


def test_the_parts_read_as_labelled_without_the_empty_ones():
    shown = entry("a", 1, source="Case notes", opinion="").labelled
    assert shown == [("Source", "Case notes"), ("What happened", "Home visit"), ("Significant", "No")]
    assert [key for key, _ in PARTS][:4] == ["when", "source", "author_role", "what_happened"]
