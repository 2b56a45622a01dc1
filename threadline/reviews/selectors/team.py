"""Reads of the review team and the agencies involved with the child (issue 5 item 5)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.dateformat import format as date_format

from threadline.core.models import Membership, Organisation, User

from ..domain.independence import (
    IndependenceWarning,
    MemberPosition,
    TeamPosition,
    names_list,
    team_position,
    warnings_for,
)
from ..models import InvolvedAgency, ReviewTeamMember, TeamRole

MEMBER_RELATED = ("organisation", "person", "conflict_handled_by", "added_by")


def agencies_involved(review) -> QuerySet[InvolvedAgency]:
    """The agencies currently involved with the child."""
    return InvolvedAgency.objects.filter(review=review, removed_at__isnull=True).select_related(
        "organisation", "added_by"
    )


def agency_involved_of(review, pk) -> InvolvedAgency | None:
    """One current agency of this review (None for another review's, so the page 404s)."""
    return agencies_involved(review).filter(pk=pk).first()


def involved_names(review) -> dict[int, str]:
    return {a.organisation_id: a.organisation.name for a in agencies_involved(review)}


def _with_memberships(members: QuerySet[ReviewTeamMember]) -> QuerySet[ReviewTeamMember]:
    return members.select_related(*MEMBER_RELATED).prefetch_related(
        Prefetch("person__memberships", queryset=Membership.objects.only("user_id", "organisation_id"))
    )


def team_members(review) -> QuerySet[ReviewTeamMember]:
    """The current team, in the order they were added."""
    return _with_memberships(ReviewTeamMember.objects.filter(review=review, removed_at__isnull=True))


def former_members(review) -> QuerySet[ReviewTeamMember]:
    return ReviewTeamMember.objects.filter(review=review, removed_at__isnull=False).select_related(
        "organisation"
    )


def team_member_of(review, pk) -> ReviewTeamMember | None:
    """One current member of this review's team (None for another review's, so the page 404s)."""
    return team_members(review).filter(pk=pk).first()


def chair_of(review) -> ReviewTeamMember | None:
    return team_members(review).filter(role=TeamRole.CHAIR).first()


def organisations_of(member: ReviewTeamMember) -> set[int]:
    """The organisation a member represents and, for a Threadline person, every one they belong
    to: a reviewer who works for an involved agency is not independent of it whatever they
    represent on the team."""
    found = {member.organisation_id}
    if member.person_id is not None:
        found |= {m.organisation_id for m in member.person.memberships.all()}
    return found


def warnings_of(member: ReviewTeamMember, involved: dict[int, str]) -> list[IndependenceWarning]:
    return warnings_for(
        role=member.role,
        organisation_ids=organisations_of(member),
        line_managed_case=member.line_managed_case,
        involved=involved,
    )


def position_of(member: ReviewTeamMember, involved: dict[int, str]) -> MemberPosition:
    return MemberPosition(
        independence=member.independence,
        warnings=tuple(warnings_of(member, involved)),
        conflict_handled=bool(member.conflict_handled_at),
    )


@dataclass(frozen=True)
class MemberRow:
    member: ReviewTeamMember
    position: MemberPosition

    @property
    def warnings(self) -> tuple[IndependenceWarning, ...]:
        return self.position.warnings


@dataclass(frozen=True)
class Team:
    rows: list[MemberRow]
    position: TeamPosition

    @property
    def settled(self) -> bool:
        return self.position.settled


def team_of(review) -> Team:
    """The current team, each member with the warnings Threadline sees and where they stand."""
    involved = involved_names(review)
    rows = [MemberRow(m, position_of(m, involved)) for m in team_members(review)]
    return Team(rows, team_position(row.position for row in rows))


def member_warnings(review) -> dict[int, list[IndependenceWarning]]:
    """The warnings of each current member, by member id."""
    return {row.member.pk: list(row.warnings) for row in team_of(review).rows}


def team_is_settled(review) -> bool:
    return team_of(review).settled


def organisations_to_choose() -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_active=True).order_by("name")


def team_candidates(review) -> QuerySet[User]:
    """Threadline people who may be put on the team: the active people of the lead
    organisation, of those the review is shared with, and of its partnerships and their
    member agencies (the multi-agency team of seed 004)."""
    # Imported here so that the package may import this module at any point of its own.
    from . import cost_partners_of

    partners = cost_partners_of(review).values("pk")
    return (
        User.objects.filter(is_active=True, memberships__organisation__in=partners)
        .distinct()
        .order_by("full_name", "email")
    )


def person_organisations(person: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(memberships__user=person, is_active=True).distinct()


# --- what the stage pages show as recorded here (seed 004 review team; seed 001 §2.5)

ROLE_ORDER = [
    TeamRole.CHAIR,
    TeamRole.LEAD_REVIEWER,
    TeamRole.TEAM_MEMBER,
    TeamRole.ADMINISTRATOR,
    TeamRole.QUALITY_ASSURER,
]
ROLE_PLURALS = {
    TeamRole.CHAIR: "Chairs",
    TeamRole.LEAD_REVIEWER: "Lead reviewers",
    TeamRole.TEAM_MEMBER: "Team members",
    TeamRole.ADMINISTRATOR: "Review administrators",
    TeamRole.QUALITY_ASSURER: "Quality assurers",
}


def _who(member: ReviewTeamMember) -> str:
    return f"{member.name} ({member.organisation.name})"


def _by_role(members: list[ReviewTeamMember]) -> str:
    parts = []
    for role in ROLE_ORDER:
        holders = [m for m in members if m.role == role]
        if holders:
            label = TeamRole(role).label if len(holders) == 1 else ROLE_PLURALS[role]
            parts.append(f"{label}: {names_list([_who(m) for m in holders])}")
    return "; ".join(parts)


def _handled(rows: list[MemberRow]) -> str:
    handled = [row.member for row in rows if row.position.has_conflict]
    if not handled:
        return "no conflict of interest"
    who = names_list(
        [
            f"{m.conflict_handled_by or 'the chair'} on "
            f"{date_format(timezone.localtime(m.conflict_handled_at), 'j F Y')}"
            for m in handled
        ]
    )
    return f"{len(handled)} conflict{'s' if len(handled) != 1 else ''} handled by {who}"


def recorded_items(review) -> dict[str, str]:
    """What the stage pages show as recorded on the team page, by stage item key; a key is
    absent until it is recorded."""
    found: dict[str, str] = {}
    agencies = [a.organisation.name for a in agencies_involved(review)]
    if agencies:
        found["agencies-involved"] = names_list(agencies)
    team = team_of(review)
    members = [row.member for row in team.rows]
    leads = [m for m in members if m.role == TeamRole.LEAD_REVIEWER]
    if leads:
        by_role = _by_role(members)
        found["review-team"] = found["reviewers"] = found["reviewer"] = by_role
        found["learning-review-lead"] = names_list([_who(m) for m in leads])
    if members:
        found["learning-review-group"] = names_list(
            [f"{_who(m)}, {m.get_role_display().lower()}" for m in members]
        )
    if team.settled:
        count = len(members)
        everyone = f"All {count} members declared" if count != 1 else "The one member declared"
        found["independence-of-members"] = found["conflict-of-interest-declaration"] = (
            f"{everyone}; {_handled(team.rows)}"
        )
    return found
