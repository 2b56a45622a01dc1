"""Changing an action (what, who, when) and taking it off the plan: the review team's."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse

from threadline.core.access import policy
from threadline.reviews.domain.errors import ReviewRuleError
from threadline.reviews.forms import show_problems

from .. import policies
from ..forms_actions import ActionForm
from ..forms_tracker import RemoveForm
from ..selectors import actions as selectors
from ..services.actions import action_change as change_service
from ..services.actions import action_remove as remove_service
from .actions import action_values, owner_choices


def _writable(request, pk):
    found = selectors.action_for(request.user, pk)
    if not policies.can_write_learning(request.user, found.review):
        raise PermissionDenied
    return found


def _initial(action) -> dict:
    return {
        "description": action.description,
        "level": action.level,
        "owner_organisation": action.owner_organisation_id,
        "owner": action.owner_id,
        "due_on": action.due_on,
        "success_measure": action.success_measure,
        "check_back_on": action.check_back_on,
    }


@policy(policies.can_list_learning)
def action_change(request, pk):
    found = _writable(request, pk)
    organisations = list(selectors.owner_organisations())
    people = owner_choices(organisations)
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        initial=_initial(found),
        organisations=organisations,
        people=people,
    )
    if request.method == "POST" and form.is_valid():
        try:
            change_service(actor=request.user, action=found, **action_values(form.cleaned_data))
        except ReviewRuleError as error:
            show_problems(form, error.problems)
        else:
            messages.success(request, "The action has been changed")
            return redirect(reverse("learning:action", kwargs={"pk": found.pk}))
    return render(
        request,
        "learning/action_change.html",
        {"action": found, "review": found.review, "incident": found.review.incident, "form": form},
    )


@policy(policies.can_list_learning)
def action_remove(request, pk):
    found = _writable(request, pk)
    form = RemoveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            remove_service(actor=request.user, action=found, reason=form.cleaned_data["reason"])
        except ReviewRuleError as error:
            show_problems(form, error.problems)
        else:
            messages.success(request, "The action has been removed")
            return redirect(reverse("learning:actions", kwargs={"review_pk": found.review_id}))
    return render(
        request,
        "learning/action_remove.html",
        {"action": found, "review": found.review, "incident": found.review.incident, "form": form},
    )
