"""Embedding the learning (seed 003 Phase 4): one review's measures, and the board's view of
whether practice changed across the reviews it may see."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from threadline.core.access import policy
from threadline.core.models import AuditAction
from threadline.core.services import audit_record
from threadline.reviews.selectors import review_for

from .. import policies
from ..forms_embed import KEPT, EmbedBoardForm
from ..selectors import embed as selectors


@require_GET
@policy(policies.can_list_learning)
def embed(request, review_pk):
    review = review_for(request.user, review_pk)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=review, detail={"page": "embed"})
    return render(
        request,
        "learning/embed.html",
        {"review": review, "incident": review.incident, "embed": selectors.review_embed(review)},
    )


@require_GET
@policy(policies.can_list_learning)
def embed_board(request):
    bound = any(name in request.GET for name in KEPT)
    form = EmbedBoardForm(request.GET if bound else None, choices=selectors.board_choices(request.user))
    filters = form.filters()
    found = selectors.board_rows(request.user, filters)
    chosen = {name: getattr(filters, name) for name in KEPT if getattr(filters, name)}
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        detail={"page": "embed-board", **chosen, "count": len(found)},
    )
    return render(
        request, "learning/embed_board.html", {"form": form, "rows": found, "filtered": bool(chosen)}
    )
