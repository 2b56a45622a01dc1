"""The timeline picture of the merged chronology (issue 6 item 6): an SVG drawn on the server,
with tables holding the same information beside it, and a print stylesheet for A4."""

from django.shortcuts import render

from threadline.core.access import policy
from threadline.core.models import AuditAction
from threadline.core.services import audit_record

from .. import policies
from ..selectors.merged import merged_review_for
from ..selectors.timeline import timeline_of


@policy(policies.can_list_chronologies)
def merged_timeline(request, review_pk):
    review = merged_review_for(request.user, review_pk)
    timeline = timeline_of(review)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=review, detail={"page": "timeline"})
    return render(
        request,
        "chronologies/timeline.html",
        {"review": review, "incident": review.incident, "timeline": timeline},
    )
