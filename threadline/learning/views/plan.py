"""The "Action plan" document: the review's plan as a PDF, made from the same snapshot a board
receives with a report (selectors/plan.py) and laid out with the same include, so that the
plan downloaded here and the plan a board was sent read alike.

Made in the request: a plan is a few pages, laid out in well under a second."""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from threadline.core.access import policy
from threadline.core.models import AuditAction
from threadline.core.services import audit_record
from threadline.reviews.extensions import action_count, action_plan_file_name, plan_for_display
from threadline.reviews.selectors import review_for

from .. import policies
from ..selectors.plan import action_plan_snapshot

MARKING = "OFFICIAL-SENSITIVE"


def action_plan_html(snapshot: dict, *, submission=None) -> str:
    return render_to_string(
        "learning/plan_pdf.html",
        {"plan": plan_for_display(snapshot), "submission": submission, "marking": MARKING},
    )


def action_plan_document(snapshot: dict, *, submission=None):
    """The laid out pages (a WeasyPrint document)."""
    from weasyprint import HTML

    return HTML(string=action_plan_html(snapshot, submission=submission)).render()


def action_plan_pdf(snapshot: dict, *, submission=None) -> bytes:
    # Tagged (headings, table headers, reading order) for screen readers.
    return action_plan_document(snapshot, submission=submission).write_pdf(pdf_tags=True)


def pdf_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # Saved, never shown as a page of this site, and no copy kept by a shared cache.
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@policy(policies.can_list_learning)
def action_plan_download(request, review_pk):
    review = review_for(request.user, review_pk)
    snapshot = action_plan_snapshot(review)
    content = action_plan_pdf(snapshot)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        target=review,
        detail={"export": "action plan", "format": "pdf", "actions": action_count(snapshot)},
    )
    return pdf_response(content, action_plan_file_name(snapshot))
