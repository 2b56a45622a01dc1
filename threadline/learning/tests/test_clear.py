"""The CLEAR checker (seed 004) with recommendations like the ones reviews really make."""

from datetime import date

import pytest

from threadline.learning.domain.clear import check, hedge_in, unanswered

TODAY = date(2025, 6, 2)
LATER = date(2026, 3, 31)

GOOD = [
    dict(
        title="Share exploitation concerns with education the same day",
        case_for_change="The school did not know of the police intelligence about exploitation for "
        "five weeks; without change, children at risk stay in settings that cannot protect them.",
        learning="Concerns about criminal exploitation must reach every agency working with the child.",
        evidence="Chronology entries from police and education; the practitioner event minutes.",
        responsibility="The police public protection unit and the head of inclusion, jointly.",
        outcome="90% of exploitation referrals are shared with the school within one working day, "
        "measured by a quarterly audit of 20 cases.",
    ),
    dict(
        title="Hold a multi-agency meeting within 10 days of a child's release from custody",
        case_for_change="No meeting was held when the child left custody and the plan lapsed.",
        learning="Transitions from custody need an agreed plan before the day of release.",
        evidence="Custody and YJS records show no resettlement meeting.",
        responsibility="The youth justice service manager, with children's social care.",
        outcome="Every child released from custody has a recorded meeting within 10 working days; "
        "audited six-monthly.",
    ),
    dict(
        title="Include the child's voice in every risk assessment review",
        case_for_change="The child's own account of the danger he was in was not recorded.",
        learning="Asking the child is part of assessing risk, not an extra.",
        evidence="Three AssetPlus reviews recorded no views from the child.",
        responsibility="YJS team managers in the quality assurance process.",
        outcome="The proportion of assessments recording the child's views rises from 40% to 85%.",
    ),
    dict(
        title="Escalate unresolved professional disagreement to a manager within 48 hours",
        case_for_change="A disagreement about the threshold for a strategy meeting ran for a month.",
        learning="Practitioners need a known route and a time limit for escalation.",
        evidence="Emails and minutes of the core group meeting of 12 March.",
        responsibility="The safeguarding partnership's business manager.",
        outcome="The escalation policy is revised and a dip sample of 15 escalations shows "
        "resolution within 5 days.",
    ),
    dict(
        title="Train YJS case workers in recognising neglect in older children",
        case_for_change="Signs of neglect were read as the child's choices.",
        learning="Neglect of adolescents looks different from neglect of young children.",
        evidence="Case notes and the practitioner event.",
        responsibility="The learning academy.",
        outcome="All case workers complete the training: number trained reported to the board.",
    ),
]


def run(rec, *, has_linked_evidence=True, organisations=("police",), review_by=LATER, today=TODAY):
    return check(
        **rec,
        review_by=review_by,
        has_linked_evidence=has_linked_evidence,
        organisations=list(organisations),
        today=today,
    )


@pytest.mark.parametrize("rec", GOOD, ids=[r["title"][:30] for r in GOOD])
def test_good_recommendations_raise_no_flags(rec):
    assert run(rec) == []


def weak(**changes):
    return {**GOOD[0], **changes}


WEAK = [
    ("missing case for change", weak(case_for_change=""), {}, ["missing-case_for_change"]),
    ("missing learning", weak(learning="  "), {}, ["missing-learning"]),
    (
        "consider",
        weak(title="Agencies to consider sharing information"),
        {},
        ["vague-title"],
    ),
    (
        "raise awareness",
        weak(learning="Raise awareness of exploitation among staff."),
        {},
        ["vague-learning"],
    ),
    (
        "where possible, no measure",
        weak(outcome="Schools will be told of concerns where possible."),
        {},
        ["no-measure", "vague-outcome"],
    ),
    ("no evidence linked", weak(), {"has_linked_evidence": False}, ["no-evidence"]),
    ("no organisation", weak(), {"organisations": ()}, ["no-organisation"]),
    ("no date", weak(), {"review_by": None}, ["no-review-date"]),
    ("date past", weak(), {"review_by": TODAY}, ["past-review-date"]),
    (
        "explore, no evidence text, no outcome",
        weak(case_for_change="Partners should explore better ways of working.", evidence="", outcome=""),
        {},
        ["missing-evidence", "missing-outcome", "vague-case_for_change"],
    ),
]


@pytest.mark.parametrize("name, rec, kwargs, keys", WEAK, ids=[w[0] for w in WEAK])
def test_weak_recommendations_raise_the_expected_flags(name, rec, kwargs, keys):
    assert sorted(flag.key for flag in run(rec, **kwargs)) == sorted(keys)


def test_the_reason_quotes_the_hedge_and_names_the_field():
    [flag] = run(weak(responsibility="Managers, as appropriate."))
    assert flag.field == "responsibility"
    assert "“as appropriate”" in flag.reason


def test_hedges_are_whole_words_only():
    assert hedge_in("The reconsideration panel met") is None
    assert hedge_in("We explored the records") is None
    assert hedge_in("The review considered the records") is None
    assert hedge_in("CONSIDER the options") == "CONSIDER"


def test_an_outcome_without_a_figure_or_audit_cannot_be_reviewed():
    [flag] = run(weak(outcome="Practice improves."))
    assert flag.key == "no-measure" and flag.field == "outcome"
    assert "measured" in flag.reason


def test_unanswered_keeps_the_flags_without_a_reason():
    flags = run(weak(case_for_change=""), review_by=None)
    assert [f.key for f in unanswered(flags, {"no-review-date": "Set at the board in July"})] == [
        "missing-case_for_change"
    ]
    assert [f.key for f in unanswered(flags, {"no-review-date": "  "})] == [
        "missing-case_for_change",
        "no-review-date",
    ]
