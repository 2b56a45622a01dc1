"""Whether the people on a review team are independent of the case (issue 5 item 5).

Seed 001 §2.5.2: in commissioning a reviewer, consider "whether the reviewer has any real or
perceived conflict of interest". Seed 004: the review team is multi-agency and, "as far as
possible, does not have direct involvement in the situation under review". Seed 002 §3.26-3.27:
reports written by managers with "line management responsibility for the case" lack "a level of
detachment", and then "the role of the quality assurer is even more important".

Threadline warns, it does not forbid: the team is settled when every member has declared and
the chair has recorded how each conflict, declared or warned, is handled.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

# The role and independence values of reviews.models.team (a test keeps them the same).
CHAIR = "chair"
LEAD_REVIEWER = "lead-reviewer"
TEAM_MEMBER = "team-member"
ADMINISTRATOR = "administrator"
QUALITY_ASSURER = "quality-assurer"

UNDECLARED = "undeclared"
INDEPENDENT = "independent"
CONFLICT = "conflict"

# Belonging to an agency involved with the child: the reviewer (seed 001 §2.5.2) and the
# quality assurer (seed 002 §3.24, "an independent person"). Not the chair: seed 000 §7.4/7.9
# has the involved service's own head co-chair its reviews; nor team members, who "act as an
# interface between their service or organisation and the Learning Review Team" (seed 004).
ORGANISATION_RULE_ROLES = frozenset({LEAD_REVIEWER, QUALITY_ASSURER})
# Line-managing the case is direct involvement, which the people who lead and check the review
# should not have (seed 004; seed 002 §3.26): the chair too, who leads the team.
LINE_MANAGEMENT_RULE_ROLES = frozenset({CHAIR, LEAD_REVIEWER, QUALITY_ASSURER})

ROLE_NAMES = {
    CHAIR: "chair",
    LEAD_REVIEWER: "lead reviewer",
    TEAM_MEMBER: "team member",
    ADMINISTRATOR: "review administrator",
    QUALITY_ASSURER: "quality assurer",
}


class WarningKind(StrEnum):
    INVOLVED_ORGANISATION = "involved-organisation"
    LINE_MANAGEMENT = "line-management"


@dataclass(frozen=True)
class IndependenceWarning:
    kind: WarningKind
    role: str
    organisation: str = ""  # the involved organisation's name

    @property
    def text(self) -> str:
        role = ROLE_NAMES.get(self.role, self.role)
        if self.kind is WarningKind.INVOLVED_ORGANISATION:
            return (
                f"They belong to {self.organisation}, an agency involved with the child. A {role} "
                "should have no real or perceived conflict of interest."
            )
        return f"They line-managed the case. A {role} should have no direct involvement in the case."


def warnings_for(
    *,
    role: str,
    organisation_ids: Iterable[int],
    line_managed_case: bool,
    involved: Mapping[int, str],
) -> list[IndependenceWarning]:
    """The conflicts Threadline sees for one member.

    `organisation_ids` are the organisation they represent on the team and any other they
    belong to; `involved` maps each organisation currently involved with the child to its name.
    """
    found = []
    if role in ORGANISATION_RULE_ROLES:
        names = sorted({involved[pk] for pk in set(organisation_ids) if pk in involved})
        found += [IndependenceWarning(WarningKind.INVOLVED_ORGANISATION, role, name) for name in names]
    if role in LINE_MANAGEMENT_RULE_ROLES and line_managed_case:
        found.append(IndependenceWarning(WarningKind.LINE_MANAGEMENT, role))
    return found


def independent_declaration_problem(warnings: list[IndependenceWarning]) -> str:
    """Why "independent" cannot be declared ('' when it can): a warned member declares the
    conflict, so that the chair records how it is handled."""
    if not warnings:
        return ""
    organisations = [w.organisation for w in warnings if w.kind is WarningKind.INVOLVED_ORGANISATION]
    reasons = []
    if organisations:
        verb = "is" if len(organisations) == 1 else "are"
        reasons.append(f"{names_list(organisations)} {verb} involved with the child")
    if any(w.kind is WarningKind.LINE_MANAGEMENT for w in warnings):
        reasons.append("they line-managed the case")
    said = ", and ".join(reasons)
    return f"{said[0].upper()}{said[1:]}: declare the conflict of interest instead of independence"


def names_list(items: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


@dataclass(frozen=True)
class MemberPosition:
    independence: str
    warnings: tuple[IndependenceWarning, ...] = ()
    conflict_handled: bool = False

    @property
    def declared(self) -> bool:
        return self.independence in (INDEPENDENT, CONFLICT)

    @property
    def has_conflict(self) -> bool:
        """A conflict declared by the member or seen by Threadline."""
        return self.independence == CONFLICT or bool(self.warnings)

    @property
    def needs_handling(self) -> bool:
        return self.has_conflict and not self.conflict_handled

    @property
    def settled(self) -> bool:
        return self.declared and not self.needs_handling


@dataclass(frozen=True)
class TeamPosition:
    members: int
    undeclared: int
    unhandled: int
    handled: int

    @property
    def settled(self) -> bool:
        return self.members > 0 and self.undeclared == 0 and self.unhandled == 0

    @property
    def summary(self) -> str:
        if self.members == 0:
            return "No one is on the team yet"
        if self.settled:
            return "The team is settled"
        parts = []
        if self.undeclared:
            verb = "member must" if self.undeclared == 1 else "members must"
            parts.append(f"{self.undeclared} {verb} declare independence")
        if self.unhandled:
            verb = "conflict needs" if self.unhandled == 1 else "conflicts need"
            parts.append(f"{self.unhandled} {verb} the chair's decision")
        return "; ".join(parts)


def team_position(positions: Iterable[MemberPosition]) -> TeamPosition:
    positions = list(positions)
    return TeamPosition(
        members=len(positions),
        undeclared=sum(not p.declared for p in positions),
        unhandled=sum(p.needs_handling for p in positions),
        handled=sum(p.has_conflict and p.conflict_handled for p in positions),
    )
