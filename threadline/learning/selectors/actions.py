"""Reads of actions: found only by someone who may see their review or who may update them
(an owner in a partner agency may not see the review, yet must see their own action)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from threadline.core.calendars import calendar_for_organisation
from threadline.core.models import AuditAction, Membership, Organisation, User
from threadline.core.selectors import records_visible_to
from threadline.core.services import audit_record
from threadline.reviews.models import Review

from .. import policies
from ..domain import actions as rules
from ..models import Action, ActionEvidence, ActionStatus, Recommendation

ACTION_RELATED = (
    "review__incident__child",
    "review__lead_organisation",
    "recommendation",
    "owner",
    "owner_organisation",
)
OPEN = [s for s in ActionStatus.values if rules.is_open(s)]


@dataclass(frozen=True)
class ActionRow:
    action: Action
    overdue: bool
    working_days_late: int | None
    working_days_left: int | None


def rows(actions, *, today: date | None = None) -> list[ActionRow]:
    today = today or timezone.localdate()
    calendars: dict[int, object] = {}
    out = []
    for action in actions:
        org = action.owner_organisation
        if org.pk not in calendars:
            calendars[org.pk] = calendar_for_organisation(org)
        state = rules.overdue_state(
            status=action.status, due_on=action.due_on, today=today, calendar=calendars[org.pk]
        )
        out.append(ActionRow(action, state.overdue, state.working_days_late, state.working_days_left))
    return out


def _visible_reviews(actor) -> QuerySet[Review]:
    return records_visible_to(actor, Review.objects.all())


def action_for(actor, pk) -> Action:
    """The action, or 404 (audited when it exists) for someone who may neither see its review nor
    update it."""
    action = Action.objects.select_related(*ACTION_RELATED).filter(pk=pk, removed_at__isnull=True).first()
    if action is not None:
        if _visible_reviews(actor).filter(pk=action.review_id).exists() or policies.can_update_action(
            actor, action
        ):
            return action
        audit_record(actor=actor, action=AuditAction.PERMISSION_DENIED, target=action.review)
    raise Http404


def can_record_measure(actor, action: Action) -> bool:
    """The review team or the action's owner (and the owning organisation's managers)."""
    return policies.can_write_learning(actor, action.review) or policies.can_update_action(actor, action)


def can_see_review(actor, action: Action) -> bool:
    return _visible_reviews(actor).filter(pk=action.review_id).exists()


def recommendation_of(review, pk) -> Recommendation:
    recommendation = Recommendation.objects.filter(review=review, pk=pk, removed_at__isnull=True).first()
    if recommendation is None:
        raise Http404
    return recommendation


def recommendation_for(actor, pk) -> Recommendation:
    """The recommendation, through its review: 404 (audited) outside what the actor may see."""
    from threadline.reviews.selectors import review_for

    recommendation = Recommendation.objects.filter(pk=pk, removed_at__isnull=True).first()
    if recommendation is None:
        raise Http404
    review_for(actor, recommendation.review_id)
    return recommendation


def actions_of_review(review) -> list[tuple[Recommendation, list[ActionRow]]]:
    """The review's actions grouped by recommendation, in the recommendations' order."""
    actions = Action.objects.filter(review=review, removed_at__isnull=True).select_related(*ACTION_RELATED)
    by_recommendation: dict[int, list[Action]] = {}
    for action in actions:
        by_recommendation.setdefault(action.recommendation_id, []).append(action)
    recommendations = Recommendation.objects.filter(review=review, removed_at__isnull=True)
    return [(r, rows(by_recommendation.get(r.pk, []))) for r in recommendations]


def open_actions_of(person, *, today: date | None = None) -> list[ActionRow]:
    """The person's own open actions, overdue first, then by due date."""
    actions = Action.objects.filter(owner=person, removed_at__isnull=True, status__in=OPEN).select_related(
        *ACTION_RELATED
    )
    found = rows(actions, today=today)
    return sorted(found, key=lambda r: (not r.overdue, r.action.due_on, r.action.pk))


def evidence_of(action: Action, evidence_pk) -> ActionEvidence:
    evidence = (
        ActionEvidence.objects.filter(update__action=action, pk=evidence_pk).first()
        if str(evidence_pk).isdigit()
        else None
    )
    if evidence is None or not evidence.file:
        raise Http404
    return evidence


def owner_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_active=True).order_by("name")


def people_of(organisation) -> QuerySet[User]:
    ids = Membership.objects.filter(organisation=organisation).values("user_id")
    return User.objects.filter(is_active=True, pk__in=ids).order_by("full_name", "email")


def people_by_organisation() -> dict[int, QuerySet[User]]:
    return {org.pk: people_of(org) for org in owner_organisations()}


def updates_of(action: Action):
    return action.updates.select_related("posted_by").prefetch_related("evidence").order_by("posted_at", "pk")


def measures_of(action: Action):
    return action.measures.select_related("recorded_by")
