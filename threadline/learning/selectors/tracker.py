"""Reads of the action tracker: the actions an agency may see across reviews.

What an actor sees: the actions owned by any organisation they belong to (and their own), and
every action of the reviews they can see (led by one of their organisations or shared with it,
`reviews_visible_to`), nothing else. A partnership sees its member agencies' actions through the
reviews it leads or is shared, not every action its members own elsewhere; the "partnership"
filter keeps the actions its member agencies (and it) own among those. A "board" is the
governance of the organisation that leads reviews: its tracker is the filter on the review's
lead organisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from threadline.core.models import Organisation, User
from threadline.core.models.organisations import GROUPING_TYPES
from threadline.reviews.models import Review
from threadline.reviews.selectors import reviews_visible_to

from ..domain import tracker as rules
from ..models import Action, Theme
from .actions import ACTION_RELATED, ActionRow, rows


@dataclass(frozen=True)
class TrackerFilters:
    owner_organisation: int | None = None
    owner: int | None = None
    review: int | None = None
    theme: int | None = None
    lead_organisation: int | None = None
    partnership: int | None = None
    status: str = ""
    overdue_only: bool = False


def actions_visible_to(actor) -> QuerySet[Action]:
    reviews = reviews_visible_to(actor).values("pk")
    return Action.objects.filter(removed_at__isnull=True).filter(
        Q(owner_organisation_id__in=actor.organisation_ids()) | Q(owner=actor) | Q(review_id__in=reviews)
    )


def tracker_rows(actor, filters: TrackerFilters, *, today: date | None = None) -> list[ActionRow]:
    """The actions the filters keep, overdue first (on each owner's working-day calendar)."""
    actions = actions_visible_to(actor)
    if filters.owner_organisation:
        actions = actions.filter(owner_organisation_id=filters.owner_organisation)
    if filters.owner:
        actions = actions.filter(owner_id=filters.owner)
    if filters.review:
        actions = actions.filter(review_id=filters.review)
    if filters.lead_organisation:
        actions = actions.filter(review__lead_organisation_id=filters.lead_organisation)
    if filters.partnership:
        members = Organisation.objects.filter(partnerships=filters.partnership).values("pk")
        actions = actions.filter(
            Q(owner_organisation_id=filters.partnership) | Q(owner_organisation_id__in=members)
        )
    if filters.status:
        actions = actions.filter(status=filters.status)
    if filters.theme:
        ids = Action.objects.filter(
            recommendation__findings__themes=filters.theme, recommendation__findings__removed_at__isnull=True
        ).values("pk")
        actions = actions.filter(pk__in=ids)
    found = rows(actions.select_related(*ACTION_RELATED), today=today or timezone.localdate())
    found = [found[i] for i in rules.keep((r.overdue for r in found), overdue_only=filters.overdue_only)]
    return sorted(
        found, key=lambda r: rules.sort_key(overdue=r.overdue, due_on=r.action.due_on, pk=r.action.pk)
    )


def line_of(row: ActionRow) -> rules.TrackerLine:
    action = row.action
    return rules.TrackerLine(
        reference=action.review.incident.reference,
        pseudonym=action.review.incident.child.pseudonym,
        lead_organisation=action.review.lead_organisation.name,
        recommendation=action.recommendation.title,
        description=action.description,
        level=action.get_level_display(),
        owner_organisation=action.owner_organisation.name,
        owner=str(action.owner),
        due_on=action.due_on,
        status=action.get_status_display(),
        overdue=row.overdue,
        working_days_late=row.working_days_late,
        check_back_on=action.check_back_on,
    )


@dataclass(frozen=True)
class TrackerChoices:
    owner_organisations: list[Organisation]
    owners: list[User]
    reviews: list[Review]
    themes: list[Theme]
    lead_organisations: list[Organisation]
    partnerships: list[Organisation]


def tracker_choices(actor) -> TrackerChoices:
    """What the filters offer: only what the actor's visible actions use, so that no name of an
    organisation, person or review they may not see is listed."""
    visible = actions_visible_to(actor)
    return TrackerChoices(
        owner_organisations=list(Organisation.objects.filter(pk__in=visible.values("owner_organisation_id"))),
        owners=list(User.objects.filter(pk__in=visible.values("owner_id")).order_by("full_name", "email")),
        reviews=list(
            Review.objects.filter(pk__in=visible.values("review_id"))
            .select_related("incident__child")
            .order_by("incident__reference")
        ),
        themes=list(Theme.objects.filter(retired_at__isnull=True)),
        lead_organisations=list(
            Organisation.objects.filter(pk__in=visible.values("review__lead_organisation_id"))
        ),
        # The partnerships the actor belongs to or whose reviews they see.
        partnerships=list(
            Organisation.objects.filter(type__in=GROUPING_TYPES).filter(
                Q(pk__in=actor.organisation_ids()) | Q(pk__in=visible.values("review__lead_organisation_id"))
            )
        ),
    )


def board_name(filters: TrackerFilters) -> str:
    """The name of the board the filters choose (already checked to be one the actor sees)."""
    if not filters.lead_organisation:
        return ""
    board = Organisation.objects.filter(pk=filters.lead_organisation).first()
    return board.name if board else ""
