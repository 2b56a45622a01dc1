"""Possible same events (issue 6 item 5): the suggestions side by side, each confirmed or
rejected by a person; nothing is merged, and a confirmed pair stays two linked entries."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from threadline.core.access import policy
from threadline.core.models import AuditAction
from threadline.core.services import audit_record
from threadline.reviews.domain.errors import ReviewRuleError

from .. import policies
from ..forms_merged import MatchDecisionForm
from ..models import MatchStatus
from ..selectors.matches import match_of, matches_page, pair_of, refresh_waiting
from ..selectors.merged import merged_review_for
from ..services.analysis import review_match_decide
from ..services.matches import review_matches_refresh_request

TABS = (
    (MatchStatus.SUGGESTED, "To check"),
    (MatchStatus.CONFIRMED, "Same event"),
    (MatchStatus.REJECTED, "Not the same event"),
)


def _list_url(review, status: str = MatchStatus.SUGGESTED) -> str:
    url = reverse("chronologies:matches", kwargs={"review_pk": review.pk})
    return url if status == MatchStatus.SUGGESTED else f"{url}?status={status}"


@policy(policies.can_list_chronologies)
def merged_matches(request, review_pk):
    review = merged_review_for(request.user, review_pk)
    status = request.GET.get("status", MatchStatus.SUGGESTED)
    if status not in MatchStatus.values:
        status = MatchStatus.SUGGESTED
    shown = matches_page(review, status=status, page_number=request.GET.get("page"))
    audit_record(actor=request.user, action=AuditAction.VIEW, target=review, detail={"page": "matches"})
    return render(
        request,
        "chronologies/matches.html",
        {
            "review": review,
            "incident": review.incident,
            "status": status,
            "tabs": [
                {
                    "status": value,
                    "label": label,
                    "count": shown.counts[value],
                    "href": _list_url(review, value),
                }
                for value, label in TABS
            ],
            "shown": shown,
            "query": f"status={status}",
            "waiting": refresh_waiting(review),
            "can_analyse": policies.can_analyse(request.user, review),
        },
    )


@policy(policies.can_list_chronologies)
def merged_matches_refresh(request, review_pk):
    review = merged_review_for(request.user, review_pk)
    if not policies.can_analyse(request.user, review):
        raise PermissionDenied
    if request.method == "POST":
        review_matches_refresh_request(actor=request.user, review=review)
        messages.success(request, "The possible same events are being looked for again")
    return redirect(_list_url(review))


@policy(policies.can_list_chronologies)
def merged_match(request, review_pk, match_pk):
    review = merged_review_for(request.user, review_pk)
    match = match_of(review, match_pk)
    pair = pair_of(review, match) if match is not None else None
    if pair is None:
        raise Http404
    can_analyse = policies.can_analyse(request.user, review)
    if request.method == "POST" and not can_analyse:
        raise PermissionDenied
    form = MatchDecisionForm(request.POST or None)
    error = ""
    if request.method == "POST":
        if form.is_valid():
            same = form.cleaned_data["decision"] == "same"
            try:
                review_match_decide(actor=request.user, match=match, same_event=same)
            except ReviewRuleError as refused:
                error = str(refused)
            else:
                messages.success(
                    request,
                    f"Recorded: {pair.first.agency}’s and {pair.second.agency}’s entries "
                    + ("are the same event" if same else "are not the same event"),
                )
                return redirect(_list_url(review))
        else:
            error = form.errors["decision"][0]
    return render(
        request,
        "chronologies/match.html",
        {
            "review": review,
            "incident": review.incident,
            "pair": pair,
            "error": error,
            "can_analyse": can_analyse,
        },
    )
