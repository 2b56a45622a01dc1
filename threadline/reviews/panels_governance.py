"""The home page panel of what awaits a board's outcome, for its members and the managers who
minute it (issue 5 item 11)."""

from django.urls import reverse

from threadline.core.home import Panel, register

from .display import long_date
from .policies import SIGN_OFF_ROLES
from .selectors.governance import awaiting_board_of


@register
def awaiting_your_board(actor):
    if not actor.has_role_anywhere(*SIGN_OFF_ROLES):
        return None
    items = [
        {
            "text": f"{s.review.incident.reference}: {s.subject_label}",
            "href": reverse("reviews:governance_outcome", kwargs={"pk": s.review_id, "submission_pk": s.pk}),
            "hint": f"{s.review.incident.child.pseudonym}. To the {s.board_label}, "
            f"submitted {long_date(s.submitted_on)}.",
        }
        for s in awaiting_board_of(actor)
    ]
    return Panel(
        title="Awaiting your board",
        empty_text="Nothing is waiting for a board's outcome. A report, decision or action plan of a "
        "review your organisation leads appears here when it is submitted to a board, until its outcome "
        "is recorded.",
        items=items,
        link={"text": "See all reviews", "href": reverse("reviews:review_list")},
        order=24,
    )
