"""The review's requests for chronologies (issue 6 item 1): which agencies were asked, for what
period and by when, asking more of them, changing a request and withdrawing one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from threadline.core.access import policy
from threadline.core.domain.errors import RuleError
from threadline.core.models import AuditAction
from threadline.core.services import audit_record
from threadline.reviews.forms import show_problems
from threadline.reviews.selectors import review_for

from .. import policies
from ..forms_requests import PeriodAndDueForm, RequestForm, WithdrawForm
from ..selectors import chronologies as selectors
from ..services import requests as services


def _requests_url(review) -> str:
    return reverse("chronologies:requests", kwargs={"review_pk": review.pk})


def _names(chronologies) -> str:
    names = [c.organisation.name for c in chronologies]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@policy(policies.can_list_chronologies)
def chronology_requests(request, review_pk):
    review = review_for(request.user, review_pk)
    can_request = policies.can_request_chronologies(request.user, review)
    if request.method == "POST" and not can_request:
        raise PermissionDenied
    today = timezone.localdate()
    form = RequestForm(
        request.POST or None,
        initial=selectors.request_defaults(review, today=today),
        involved=selectors.agencies_involved(review),
        to_ask=selectors.agencies_to_ask(review),
        others=selectors.other_organisations(review),
    )
    summary = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            asked = services.chronologies_request(
                actor=request.user,
                review=review,
                agencies=list(data["agencies"]),
                other_agency=data["other_agency"],
                period_from=data["period_from"],
                period_to=data["period_to"],
                due_on=data["due_on"],
                note=data["note"],
            )
        except RuleError as error:
            summary = show_problems(form, error.problems)
        else:
            messages.success(
                request, f"{_names(asked)} {'is' if len(asked) == 1 else 'are'} asked for a chronology"
            )
            return redirect(_requests_url(review))
    if request.method == "GET":
        audit_record(
            actor=request.user, action=AuditAction.VIEW, target=review, detail={"page": "chronology requests"}
        )
    return render(
        request,
        "chronologies/requests.html",
        {
            "review": review,
            "incident": review.incident,
            "rows": selectors.request_rows(review, today=today),
            "can_request": can_request,
            "can_read": policies.can_read_review_chronologies(request.user, review),
            "has_agencies": bool(form.fields["agencies"].choices),
            "form": form,
            "summary": summary,
        },
    )


def _requested(request, pk):
    """The chronology, for a person who may change what the review asked of the agency."""
    chronology = selectors.chronology_for(request.user, pk)
    if not policies.can_request_chronologies(request.user, chronology.review):
        raise PermissionDenied
    return chronology


@policy(policies.can_list_chronologies)
def chronology_request_change(request, pk):
    chronology = _requested(request, pk)
    review = chronology.review
    if chronology.withdrawn_at is not None:
        messages.info(request, f"The request to {chronology.organisation.name} was withdrawn")
        return redirect(_requests_url(review))
    initial = {
        "period_from": chronology.period_from,
        "period_to": chronology.period_to,
        "due_on": chronology.due_on,
        "note": chronology.note,
    }
    form = PeriodAndDueForm(request.POST or None, initial=initial)
    summary = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.chronology_request_change(
                actor=request.user,
                chronology=chronology,
                period_from=data["period_from"],
                period_to=data["period_to"],
                due_on=data["due_on"],
                note=data["note"],
            )
        except RuleError as error:
            summary = show_problems(form, error.problems)
        else:
            messages.success(request, f"The request to {chronology.organisation.name} is changed")
            return redirect(_requests_url(review))
    return render(
        request,
        "chronologies/request_change.html",
        {
            "review": review,
            "incident": review.incident,
            "chronology": chronology,
            "form": form,
            "summary": summary,
        },
    )


@policy(policies.can_list_chronologies)
def chronology_request_withdraw(request, pk):
    chronology = _requested(request, pk)
    review = chronology.review
    if chronology.withdrawn_at is not None:
        messages.info(request, f"The request to {chronology.organisation.name} is already withdrawn")
        return redirect(_requests_url(review))
    form = WithdrawForm(request.POST or None)
    summary = None
    if request.method == "POST" and form.is_valid():
        try:
            services.chronology_request_withdraw(
                actor=request.user, chronology=chronology, reason=form.cleaned_data["reason"]
            )
        except RuleError as error:
            summary = show_problems(form, error.problems)
        else:
            messages.success(request, f"The request to {chronology.organisation.name} is withdrawn")
            return redirect(_requests_url(review))
    return render(
        request,
        "chronologies/request_withdraw.html",
        {
            "review": review,
            "incident": review.incident,
            "chronology": chronology,
            "entries": selectors.entry_count(selectors.latest_version(chronology)),
            "form": form,
            "summary": summary,
        },
    )
