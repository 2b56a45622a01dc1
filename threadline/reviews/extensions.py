"""What apps built on reviews add to a review, registered from their AppConfig.ready.

The learning app depends on reviews, so reviews cannot import it; yet every report a review
sends to a board must carry the review's action plan (issue 7 item 6; seed 002 §3.10: the old
system did not pull action plans through with its reports). Learning registers a provider that
gives the plan as a plain, JSON-able snapshot; reviews stores that snapshot with a submission
and renders it with one include (templates/reviews/includes/action_plan.html).

The snapshot's shape (dates as ISO strings, so that it is stored as it was taken):

    {"taken_at", "incident_reference", "child_pseudonym",
     "recommendations": [{"title", "case_for_change", "learning", "evidence", "responsibility",
                          "outcome", "responsible_organisations": [names], "review_by",
                          "actions": [{"description", "level", "owner_organisation", "owner",
                                       "due_on", "status", "status_label", "overdue",
                                       "working_days_late", "success_measure", "check_back_on",
                                       "latest_update": {"on", "text"} | None}]}],
     "counts": {"recommendations", "actions", "open", "overdue"}}
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class ActionPlanProvider:
    snapshot: Callable[..., dict]  # (review) -> the snapshot
    pdf: Callable[..., bytes]  # (snapshot, *, submission=None) -> the "Action plan" document


_ACTION_PLAN: list[ActionPlanProvider] = []

# Keys of the snapshot that hold a date or a moment, turned back into them for display.
_DATES = ("review_by", "due_on", "check_back_on", "on")


def register_action_plan(*, snapshot: Callable[..., dict], pdf: Callable[..., bytes]) -> None:
    """One provider: registering again (AppConfig.ready runs more than once in tests) replaces it."""
    _ACTION_PLAN[:] = [ActionPlanProvider(snapshot, pdf)]


def action_plan_of(review) -> dict | None:
    """The review's action plan as it stands now, or None when no app provides one."""
    return _ACTION_PLAN[0].snapshot(review) if _ACTION_PLAN else None


def action_plan_pdf(snapshot: dict, *, submission=None) -> bytes | None:
    """The "Action plan" document of a snapshot (of the one kept with `submission`, if given)."""
    return _ACTION_PLAN[0].pdf(snapshot, submission=submission) if _ACTION_PLAN else None


def action_count(snapshot: dict | None) -> int:
    return int(((snapshot or {}).get("counts") or {}).get("actions") or 0)


def _parsed(value):
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def plan_for_display(snapshot: dict) -> dict:
    """A copy of the snapshot with its dates as dates, for the include and the PDF."""
    shown = copy.deepcopy(snapshot)
    taken_at = shown.get("taken_at")
    if isinstance(taken_at, str) and taken_at:
        shown["taken_at"] = datetime.fromisoformat(taken_at)
    for recommendation in shown.get("recommendations", []):
        recommendation["review_by"] = _parsed(recommendation.get("review_by"))
        for action in recommendation.get("actions", []):
            for key in _DATES:
                if key in action:
                    action[key] = _parsed(action[key])
            if action.get("latest_update"):
                action["latest_update"]["on"] = _parsed(action["latest_update"].get("on"))
    return shown


def action_plan_file_name(snapshot: dict, *, submitted_on: date | None = None) -> str:
    """Named by the incident reference, never the child."""
    reference = re.sub(r"[^A-Za-z0-9-]+", "-", snapshot.get("incident_reference") or "").strip("-")
    name = f"action-plan-{reference or 'review'}"
    if submitted_on is not None:
        name += f"-as-submitted-{submitted_on.isoformat()}"
    return f"{name}.pdf"
