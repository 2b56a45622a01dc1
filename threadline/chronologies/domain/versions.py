"""The differences between two versions of an agency's chronology (issue 6 item 4).

A submitted version is locked; changes make the next version, which starts as a copy of the one
before with the same entry `uid`s. So two versions compare entry by entry: an entry only in the
newer one was added, one only in the older was removed, and one in both may have changed, part by
part, with the words added and removed marked as the terms of reference comparison marks them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from threadline.reviews.domain.terms import Segment, word_diff

# The parts of an entry as a person reads them, in the order the entry form asks for them.
PARTS: tuple[tuple[str, str], ...] = (
    ("when", "Date"),
    ("source", "Source"),
    ("author_role", "Author role"),
    ("what_happened", "What happened"),
    ("who_was_present", "Who was present"),
    ("childs_voice", "The child's voice"),
    ("opinion", "Professional opinion or analysis"),
    ("significant", "Significant"),
    ("documents", "Documents"),
)
PART_LABELS = dict(PARTS)
# Lists compare line by line: a document's name is one item, not words.
BY_LINE = {"documents"}


class EntryChange(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    SAME = "same"


@dataclass(frozen=True)
class EntryText:
    """One entry as compared: its parts as text, and where it sorts in its version."""

    uid: str
    parts: Mapping[str, str]
    order: tuple = ()

    @property
    def labelled(self) -> list[tuple[str, str]]:
        """The parts that hold something, by label, the date apart (it heads the entry)."""
        return [(label, self.parts[key]) for key, label in PARTS if key != "when" and self.parts.get(key)]


@dataclass(frozen=True)
class PartChange:
    key: str
    label: str
    older: str
    newer: str
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class EntryDifference:
    change: EntryChange
    older: EntryText | None
    newer: EntryText | None
    parts: tuple[PartChange, ...] = ()

    @property
    def entry(self) -> EntryText:
        """The entry as it stands in the newer version, or as it was if it was removed."""
        found = self.newer or self.older
        assert found is not None
        return found


@dataclass(frozen=True)
class VersionDifference:
    entries: tuple[EntryDifference, ...] = field(default_factory=tuple)

    def _count(self, change: EntryChange) -> int:
        return sum(1 for difference in self.entries if difference.change is change)

    @property
    def added(self) -> int:
        return self._count(EntryChange.ADDED)

    @property
    def removed(self) -> int:
        return self._count(EntryChange.REMOVED)

    @property
    def changed(self) -> int:
        return self._count(EntryChange.CHANGED)

    @property
    def same(self) -> int:
        return self._count(EntryChange.SAME)

    @property
    def differences(self) -> tuple[EntryDifference, ...]:
        """Only the entries added, removed or changed."""
        return tuple(d for d in self.entries if d.change is not EntryChange.SAME)


def changed_parts(older: EntryText, newer: EntryText) -> tuple[PartChange, ...]:
    found = []
    for key, label in PARTS:
        was, now = older.parts.get(key, ""), newer.parts.get(key, "")
        if was != now:
            found.append(PartChange(key, label, was, now, word_diff(was, now, by_line=key in BY_LINE)))
    return tuple(found)


def compare_versions(older: Sequence[EntryText], newer: Sequence[EntryText]) -> VersionDifference:
    """Every entry of either version, in the newer version's order, with removed entries placed
    where they stood (by their own order)."""
    older_by_uid = {entry.uid: entry for entry in older}
    newer_uids = {entry.uid for entry in newer}
    found: list[tuple[tuple, int, EntryDifference]] = []
    for index, entry in enumerate(newer):
        before = older_by_uid.get(entry.uid)
        if before is None:
            found.append((entry.order, index, EntryDifference(EntryChange.ADDED, None, entry)))
            continue
        parts = changed_parts(before, entry)
        change = EntryChange.CHANGED if parts else EntryChange.SAME
        found.append((entry.order, index, EntryDifference(change, before, entry, parts)))
    for index, entry in enumerate(older):
        if entry.uid not in newer_uids:
            found.append((entry.order, len(newer) + index, EntryDifference(EntryChange.REMOVED, entry, None)))
    found.sort(key=lambda item: (item[0], item[1]))
    return VersionDifference(tuple(difference for _, _, difference in found))
