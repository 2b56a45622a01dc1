"""Reads for chasing: the reminders and escalations due on a day, who receives each, the boards'
digests, and the in-app list of overdue and escalated actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils import timezone

from threadline.core.calendars import calendar_for_organisation
from threadline.core.models import Membership, Organisation, Role, User

from ..domain import chasing as rules
from ..models import Action, ActionReminderSent, BoardDigestSent
from .actions import ACTION_RELATED, OPEN, ActionRow, rows

LIST_ROLES = (Role.GOVERNANCE_BOARD_MEMBER, Role.SERVICE_MANAGER)


@dataclass(frozen=True)
class PlannedChase:
    action: Action
    chase: rules.Chase


def _open_actions():
    return Action.objects.filter(removed_at__isnull=True, status__in=OPEN).select_related(*ACTION_RELATED)


def chases_planned(*, today: date, unsent_only: bool = True) -> list[PlannedChase]:
    """Every reminder and escalation due on `today`, on each owning organisation's calendar."""
    calendars: dict[int, object] = {}
    planned = []
    actions = list(_open_actions().order_by("due_on", "pk"))
    sent = set()
    if unsent_only:
        sent = set(
            ActionReminderSent.objects.filter(action__in=[a.pk for a in actions]).values_list(
                "action_id", "kind", "due_on"
            )
        )
    for action in actions:
        org = action.owner_organisation
        if org.pk not in calendars:
            calendars[org.pk] = calendar_for_organisation(org)
        for chase in rules.chases_due(
            status=action.status, due_on=action.due_on, today=today, calendar=calendars[org.pk]
        ):
            if (action.pk, chase.kind, chase.due_on) not in sent:
                planned.append(PlannedChase(action, chase))
    return planned


def _members(organisation_id: int, *roles: str) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=organisation_id,
            memberships__organisation__is_active=True,
            memberships__role__in=roles,
        )
        .distinct()
        .order_by("email")
    )


def chase_recipients(action: Action, kind: str) -> list[User]:
    """Reminders go to the owner; the first escalation to the owning organisation's service
    managers; the second to the lead organisation's governance board members."""
    if kind == rules.OVERDUE_MANAGERS:
        return _members(action.owner_organisation_id, Role.SERVICE_MANAGER)
    if kind == rules.OVERDUE_BOARD:
        return _members(action.review.lead_organisation_id, Role.GOVERNANCE_BOARD_MEMBER)
    return [action.owner] if action.owner.is_active else []


def board_members(organisation: Organisation) -> list[User]:
    return _members(organisation.pk, Role.GOVERNANCE_BOARD_MEMBER)


@dataclass(frozen=True)
class ReviewGroup:
    review: object
    rows: list[ActionRow]

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.rows if r.overdue)


def _grouped(found: list[ActionRow]) -> list[ReviewGroup]:
    found = sorted(found, key=lambda r: (not r.overdue, r.action.due_on, r.action.pk))
    groups: dict[int, list[ActionRow]] = {}
    reviews = {}
    for row in found:
        groups.setdefault(row.action.review_id, []).append(row)
        reviews[row.action.review_id] = row.action.review
    out = [ReviewGroup(reviews[pk], items) for pk, items in groups.items()]
    return sorted(out, key=lambda g: (-g.overdue, g.review.incident.reference))


def digest_of(organisation: Organisation, *, today: date) -> list[ReviewGroup]:
    """Every open action across the reviews the organisation leads, by review, overdue first."""
    return _grouped(rows(_open_actions().filter(review__lead_organisation=organisation), today=today))


def digests_planned(*, today: date) -> list[Organisation]:
    """Lead organisations whose digest for this month is due by `today` and not sent yet."""
    month = rules.month_key(today)
    done = BoardDigestSent.objects.filter(month=month).values("organisation_id")
    leading = _open_actions().values("review__lead_organisation_id")
    candidates = (
        Organisation.objects.filter(is_active=True, pk__in=leading).exclude(pk__in=done).order_by("pk")
    )
    return [
        org for org in candidates if rules.digest_due(today=today, calendar=calendar_for_organisation(org))
    ]


def digests_waiting(*, today: date) -> bool:
    """Whether some lead organisation's digest for this month is still to come (its first
    working day is later than `today`)."""
    month = rules.month_key(today)
    done = BoardDigestSent.objects.filter(month=month).values("organisation_id")
    leading = _open_actions().values("review__lead_organisation_id")
    return any(
        not rules.digest_due(today=today, calendar=calendar_for_organisation(org))
        for org in Organisation.objects.filter(is_active=True, pk__in=leading).exclude(pk__in=done)
    )


def chasing_list(actor, *, today: date | None = None) -> list[ReviewGroup]:
    """For a governance board member or a service manager: the overdue actions of the reviews
    their organisations lead and the overdue actions their organisations own. Anyone else sees
    an empty list."""
    today = today or timezone.localdate()
    orgs = list(
        Membership.objects.filter(user=actor, role__in=LIST_ROLES, organisation__is_active=True).values_list(
            "organisation_id", flat=True
        )
    )
    if not orgs:
        return []
    actions = _open_actions().filter(
        Q(review__lead_organisation_id__in=orgs) | Q(owner_organisation_id__in=orgs), due_on__lt=today
    )
    return _grouped([r for r in rows(actions, today=today) if r.overdue])


def escalations_of(actions) -> dict[int, list[str]]:
    """The escalations sent for each action's current due date."""
    out: dict[int, list[str]] = {}
    for action_id, kind, due_on, current in ActionReminderSent.objects.filter(
        action__in=actions, kind__in=rules.ESCALATIONS
    ).values_list("action_id", "kind", "due_on", "action__due_on"):
        if due_on == current:
            out.setdefault(action_id, []).append(kind)
    return out
