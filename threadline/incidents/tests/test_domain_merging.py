"""When two records may be merged: pure rules, no database."""

from threadline.incidents.domain.merging import MergeSide, merge_problem

DUPLICATE = MergeSide(pk=2, reference="TL-2025-00002", merged=False, child_match_key="abc")
KEPT = MergeSide(pk=1, reference="TL-2025-00001", merged=False, child_match_key="abc")


def test_two_records_of_the_same_child_may_be_merged():
    assert merge_problem(duplicate=DUPLICATE, into=KEPT) is None


def test_records_of_different_children_are_refused_with_both_references():
    other_child = MergeSide(pk=1, reference="TL-2025-00001", merged=False, child_match_key="xyz")
    field, message = merge_problem(duplicate=DUPLICATE, into=other_child)
    assert field == "into"
    assert message == (
        "TL-2025-00002 and TL-2025-00001 are about different children: "
        "only two records of the same incident can be merged"
    )


def test_an_incident_is_not_merged_into_itself_nor_twice_nor_into_a_merged_one():
    assert merge_problem(duplicate=DUPLICATE, into=DUPLICATE)[0] == "into"
    merged = MergeSide(pk=2, reference="TL-2025-00002", merged=True, child_match_key="abc")
    assert merge_problem(duplicate=merged, into=KEPT) == (
        "duplicate",
        "TL-2025-00002 has already been merged into another incident",
    )
    gone = MergeSide(pk=1, reference="TL-2025-00001", merged=True, child_match_key="abc")
    assert "has itself been merged" in merge_problem(duplicate=DUPLICATE, into=gone)[1]
