"""The home page panel of the review stages a person's roles complete."""

from django.urls import reverse
from django.utils import timezone

from threadline.core.home import Panel, register

from . import selectors
from .display import deadline_text

# Roles that take no part in reviews complete no stage (frameworks.domain.rules).
NON_COMPLETING_ROLES = {"system-administrator", "national-body-reader"}


def _completes_stages(actor) -> bool:
    return any(set(actor.roles_in(org)) - NON_COMPLETING_ROLES for org in actor.organisation_ids())


@register
def review_stages_you_complete(actor):
    if not _completes_stages(actor):
        return None
    found = selectors.stages_to_complete(actor, today=timezone.localdate())
    items = [
        {
            "text": f"{review.incident.reference}: {row.stage.name}",
            "href": reverse("reviews:stage", kwargs={"pk": review.pk, "stage_key": row.stage.key}),
            "hint": f"{review.incident.child.pseudonym}. {row.status.label}. {deadline_text(row)}.",
        }
        for review, row in found
    ]
    return Panel(
        title="Review stages you complete",
        empty_text="No review stage is waiting for you. A stage of a review your organisation leads "
        "appears here when your role completes it and it can start, until it is marked as complete.",
        items=items,
        link={"text": "See all reviews", "href": reverse("reviews:review_list")},
        order=22,
    )
