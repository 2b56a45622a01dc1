"""A review's action plan as a plain snapshot (the shape is described in
threadline/reviews/extensions.py): what a board receives with a report, and what the Action
plan document prints.

What it holds: the recommendations and actions as the review team wrote them, the owners'
organisations and names (people at work, not the child), and the child's pseudonym. None of
those fields is encrypted at rest, so a copy kept with a submission discloses nothing the
learning tables do not. The child's name, which is encrypted, is never read here.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from ..domain import actions as rules
from ..models import Action, ActionUpdate, Recommendation
from .actions import ACTION_RELATED, rows


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _latest_update(action: Action) -> dict | None:
    updates = list(action.updates.all())
    if not updates:
        return None
    latest = max(updates, key=lambda u: (u.posted_at, u.pk))
    return {"on": _iso(timezone.localtime(latest.posted_at).date()), "text": latest.text}


def _action(row) -> dict:
    action = row.action
    return {
        "description": action.description,
        "level": action.get_level_display(),
        "owner_organisation": action.owner_organisation.name,
        "owner": str(action.owner),
        "due_on": _iso(action.due_on),
        "status": action.status,
        "status_label": action.get_status_display(),
        "overdue": row.overdue,
        "working_days_late": row.working_days_late if row.overdue else None,
        "success_measure": action.success_measure,
        "check_back_on": _iso(action.check_back_on),
        "latest_update": _latest_update(action),
    }


def action_plan_snapshot(review, *, today: date | None = None) -> dict:
    """The review's live recommendations, each with its live actions, and the counts.
    `today` decides what is overdue (the owners' working-day calendars)."""
    today = today or timezone.localdate()
    incident = review.incident
    actions = (
        Action.objects.filter(review=review, removed_at__isnull=True)
        .select_related(*ACTION_RELATED)
        .prefetch_related(Prefetch("updates", queryset=ActionUpdate.objects.order_by("posted_at", "pk")))
    )
    by_recommendation: dict[int, list] = {}
    for row in rows(actions, today=today):
        by_recommendation.setdefault(row.action.recommendation_id, []).append(row)
    recommendations = Recommendation.objects.filter(review=review, removed_at__isnull=True).prefetch_related(
        "responsible_organisations"
    )
    shown = []
    listed = []
    for recommendation in recommendations:
        found = by_recommendation.get(recommendation.pk, [])
        listed.extend(found)
        shown.append(
            {
                "title": recommendation.title,
                "case_for_change": recommendation.case_for_change,
                "learning": recommendation.learning,
                "evidence": recommendation.evidence,
                "responsibility": recommendation.responsibility,
                "outcome": recommendation.outcome,
                "responsible_organisations": sorted(
                    o.name for o in recommendation.responsible_organisations.all()
                ),
                "review_by": _iso(recommendation.review_by),
                "actions": [_action(row) for row in found],
            }
        )
    return {
        "taken_at": timezone.now().isoformat(),
        "incident_reference": incident.reference,
        "child_pseudonym": incident.child.pseudonym,
        "recommendations": shown,
        "counts": {
            "recommendations": len(shown),
            "actions": len(listed),
            "open": sum(1 for row in listed if rules.is_open(row.action.status)),
            "overdue": sum(1 for row in listed if row.overdue),
        },
    }
