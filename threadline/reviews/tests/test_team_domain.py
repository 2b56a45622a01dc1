"""Independence of the review team, as pure rules (seed 001 §2.5.2; seed 004 the review team;
seed 002 §3.26): who Threadline warns about, and when a member's and the team's position is
settled."""

import pytest

from threadline.reviews.domain.independence import (
    ADMINISTRATOR,
    CHAIR,
    CONFLICT,
    INDEPENDENT,
    LEAD_REVIEWER,
    LINE_MANAGEMENT_RULE_ROLES,
    ORGANISATION_RULE_ROLES,
    QUALITY_ASSURER,
    TEAM_MEMBER,
    UNDECLARED,
    IndependenceWarning,
    MemberPosition,
    WarningKind,
    independent_declaration_problem,
    team_position,
    warnings_for,
)
from threadline.reviews.models import Independence, TeamRole

INVOLVED = {7: "Northbridge Children's Services", 9: "Midshire Police"}
ROLES = [CHAIR, LEAD_REVIEWER, TEAM_MEMBER, ADMINISTRATOR, QUALITY_ASSURER]


def test_the_rules_speak_the_models_values():
    assert set(ROLES) == set(TeamRole.values)
    assert {UNDECLARED, INDEPENDENT, CONFLICT} == set(Independence.values)


@pytest.mark.parametrize("role", ROLES)
def test_belonging_to_an_involved_agency_is_warned_for_the_lead_reviewer_and_quality_assurer_only(role):
    found = warnings_for(role=role, organisation_ids={7, 3}, line_managed_case=False, involved=INVOLVED)
    if role in (LEAD_REVIEWER, QUALITY_ASSURER):
        assert found == [IndependenceWarning(WarningKind.INVOLVED_ORGANISATION, role, INVOLVED[7])]
        assert "They belong to Northbridge Children's Services, an agency involved with the child" in (
            found[0].text
        )
    else:
        assert found == []


@pytest.mark.parametrize("role", ROLES)
def test_line_managing_the_case_is_warned_for_the_chair_lead_reviewer_and_quality_assurer_only(role):
    found = warnings_for(role=role, organisation_ids={3}, line_managed_case=True, involved=INVOLVED)
    if role in (CHAIR, LEAD_REVIEWER, QUALITY_ASSURER):
        assert [w.kind for w in found] == [WarningKind.LINE_MANAGEMENT]
        assert found[0].text.startswith("They line-managed the case.")
    else:
        assert found == []


def test_the_rule_sets_are_as_decided():
    assert ORGANISATION_RULE_ROLES == {LEAD_REVIEWER, QUALITY_ASSURER}
    assert LINE_MANAGEMENT_RULE_ROLES == {CHAIR, LEAD_REVIEWER, QUALITY_ASSURER}


def test_an_independent_member_of_an_uninvolved_agency_has_no_warning():
    assert (
        warnings_for(role=LEAD_REVIEWER, organisation_ids={3}, line_managed_case=False, involved=INVOLVED)
        == []
    )


def test_every_involved_organisation_is_named_once_and_line_management_is_added():
    found = warnings_for(
        role=QUALITY_ASSURER, organisation_ids=[9, 7, 7], line_managed_case=True, involved=INVOLVED
    )
    assert [(w.kind, w.organisation) for w in found] == [
        (WarningKind.INVOLVED_ORGANISATION, "Midshire Police"),
        (WarningKind.INVOLVED_ORGANISATION, "Northbridge Children's Services"),
        (WarningKind.LINE_MANAGEMENT, ""),
    ]
    problem = independent_declaration_problem(found)
    assert problem == (
        "Midshire Police and Northbridge Children's Services are involved with the child, and they "
        "line-managed the case: declare the conflict of interest instead of independence"
    )
    one = warnings_for(role=LEAD_REVIEWER, organisation_ids=[7], line_managed_case=False, involved=INVOLVED)
    assert independent_declaration_problem(one) == (
        "Northbridge Children's Services is involved with the child: declare the conflict of interest "
        "instead of independence"
    )


def test_independence_may_be_declared_when_nothing_is_warned():
    assert independent_declaration_problem([]) == ""
    line = warnings_for(role=CHAIR, organisation_ids=[], line_managed_case=True, involved={})
    assert independent_declaration_problem(line).startswith(
        "They line-managed the case: declare the conflict"
    )


WARNED = (IndependenceWarning(WarningKind.LINE_MANAGEMENT, CHAIR),)


@pytest.mark.parametrize(
    ("position", "settled", "needs_handling"),
    [
        (MemberPosition(UNDECLARED), False, False),
        (MemberPosition(INDEPENDENT), True, False),
        (MemberPosition(CONFLICT), False, True),
        (MemberPosition(CONFLICT, conflict_handled=True), True, False),
        (MemberPosition(INDEPENDENT, WARNED), False, True),
        (MemberPosition(INDEPENDENT, WARNED, conflict_handled=True), True, False),
        (MemberPosition(UNDECLARED, WARNED, conflict_handled=True), False, False),
    ],
)
def test_a_member_is_settled_when_declared_and_any_conflict_is_handled(position, settled, needs_handling):
    assert position.settled is settled
    assert position.needs_handling is needs_handling


def test_the_team_summary_counts_declarations_and_decisions_still_needed():
    assert team_position([]).summary == "No one is on the team yet"
    assert not team_position([]).settled
    mixed = team_position(
        [MemberPosition(UNDECLARED), MemberPosition(UNDECLARED, WARNED), MemberPosition(CONFLICT)]
    )
    assert not mixed.settled
    assert mixed.summary == "2 members must declare independence; 2 conflicts need the chair's decision"
    one = team_position([MemberPosition(INDEPENDENT), MemberPosition(UNDECLARED)])
    assert one.summary == "1 member must declare independence"
    conflict = team_position([MemberPosition(CONFLICT)])
    assert conflict.summary == "1 conflict needs the chair's decision"
    settled = team_position([MemberPosition(INDEPENDENT), MemberPosition(CONFLICT, conflict_handled=True)])
    assert settled.settled and settled.summary == "The team is settled" and settled.handled == 1
