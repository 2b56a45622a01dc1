"""Merging a duplicate into the incident that stays, from the duplicate's own page.

A service manager of the duplicate's lead organisation enters the reference of the incident
that stays (one they can see), sees both summarised, and confirms. System administrators
see no case records, so they merge nothing (403).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from threadline.core.access import policy
from threadline.core.views.forms_support import add_rule_error

from .. import policies, selectors, services
from ..forms import MergeForm, MergeStartForm
from ..models import IncidentStatus


def _mergeable(user, reference):
    """The incident of `reference` if the person may merge it into another, else None."""
    incident = selectors.incident_for_merging(user, reference)
    if incident is None or not policies.can_merge_incident(user, incident):
        return None
    return incident


@policy(policies.can_merge_incidents)
def merge_start(request):
    """The way in from the incident list: which incident is the duplicate?"""
    form = MergeStartForm(request.POST or None, find=lambda reference: _mergeable(request.user, reference))
    if request.method == "POST" and form.is_valid():
        return redirect("incidents:merge_into", pk=form.cleaned_data["duplicate"].pk)
    return render(request, "incidents/merge_start.html", {"form": form})


@policy(policies.can_list_incidents)
def merge(request, pk):
    """The incident that stays, then both summarised side by side, then the merge."""
    duplicate = selectors.incident_for(request.user, pk)
    if not policies.can_merge_incident(request.user, duplicate):
        raise PermissionDenied
    if duplicate.status == IncidentStatus.MERGED:
        messages.info(request, f"{duplicate.reference} has already been merged")
        return redirect(duplicate)
    form = MergeForm(
        request.POST or None, find=lambda reference: selectors.incident_for_merging(request.user, reference)
    )
    if request.method == "POST" and form.is_valid():
        into = form.cleaned_data["into"]
        if request.POST.get("confirm") == "yes":
            try:
                services.incident_merge(actor=request.user, duplicate=duplicate, into=into)
            except services.IncidentRuleError as error:
                add_rule_error(form, error)
            else:
                messages.success(request, f"{duplicate.reference} merged into {into.reference}")
                return redirect(into)
        else:
            problem = selectors.merge_problem(request.user, duplicate=duplicate, into=into)
            if problem is not None:
                field, message = problem
                form.add_error(field if field in form.fields else None, message)
        if not form.errors:
            return render(
                request,
                "incidents/merge_confirm.html",
                {
                    "form": form,
                    "duplicate": duplicate,
                    "into": into,
                    "pair": [(duplicate, "the duplicate"), (into, "stays")],
                },
            )
    return render(request, "incidents/merge.html", {"form": form, "duplicate": duplicate})
