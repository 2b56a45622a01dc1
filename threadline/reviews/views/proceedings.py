"""Proceedings running alongside a review (issue 5 item 9): the list, adding one (which may
pause the incident's clock) and ending one (which resumes it)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from threadline.core.access import policy

from .. import policies, selectors, services
from ..forms import show_problems
from ..forms_proceedings import ProceedingEndForm, ProceedingStartForm


def _list_url(review) -> str:
    return reverse("reviews:proceedings", kwargs={"pk": review.pk})


@policy(policies.can_list_reviews)
def review_proceedings(request, pk):
    review = selectors.review_for(request.user, pk)
    can_change = policies.can_manage_proceedings(request.user, review)
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    form = ProceedingStartForm(request.POST or None)
    summary = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.review_proceeding_start(
                actor=request.user,
                review=review,
                kind=data["kind"],
                liaison=data["liaison"],
                started_on=data["started_on"],
                pause_clock=data["pause_clock"],
                reason=data["reason"],
                note=data["note"],
            )
        except services.ReviewRuleError as error:
            summary = show_problems(form, error.problems)
        else:
            messages.success(request, "The proceedings are recorded")
            return redirect(_list_url(review))
    return render(
        request,
        "reviews/proceedings.html",
        {
            "review": review,
            "incident": review.incident,
            "proceedings": selectors.proceedings_of(review),
            "can_change": can_change,
            "form": form,
            "summary": summary,
        },
    )


@policy(policies.can_list_reviews)
def review_proceeding_end(request, pk, proceeding_pk):
    review = selectors.review_for(request.user, pk)
    proceeding = selectors.proceeding_of(review, proceeding_pk)
    if proceeding is None:
        raise Http404
    if not policies.can_manage_proceedings(request.user, review):
        raise PermissionDenied
    form = ProceedingEndForm(request.POST or None)
    summary = None
    if request.method == "POST" and form.is_valid():
        try:
            services.review_proceeding_end(
                actor=request.user, proceeding=proceeding, ended_on=form.cleaned_data["ended_on"]
            )
        except services.ReviewRuleError as error:
            summary = show_problems(form, error.problems)
        else:
            messages.success(request, f"The {proceeding.get_kind_display().lower()} has ended")
            return redirect(_list_url(review))
    return render(
        request,
        "reviews/proceeding_end.html",
        {
            "review": review,
            "incident": review.incident,
            "proceeding": proceeding,
            "form": form,
            "summary": summary,
        },
    )
