"""One incident, one record: when two records of one incident may be merged. Pure Python.

Only records of the same incident are merged, so both must be about the same child (the
blind index of name and date of birth), and neither may already have been merged away.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class MergeSide:
    pk: int
    reference: str
    merged: bool
    child_match_key: str


def merge_problem(*, duplicate: MergeSide, into: MergeSide) -> tuple[str, str] | None:
    """What stops `duplicate` being folded into `into`, as (field, message), or None."""
    if duplicate.pk == into.pk:
        return "into", "Enter the reference of another incident: an incident cannot be merged into itself"
    if duplicate.merged:
        return "duplicate", f"{duplicate.reference} has already been merged into another incident"
    if into.merged:
        return (
            "into",
            f"{into.reference} has itself been merged into another incident: "
            "enter the reference of the incident that remains",
        )
    if duplicate.child_match_key != into.child_match_key:
        return (
            "into",
            f"{duplicate.reference} and {into.reference} are about different children: "
            "only two records of the same incident can be merged",
        )
    return None
