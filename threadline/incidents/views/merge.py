"""Merging a duplicate into the incident that stays (system administrators)."""

from django.contrib import messages
from django.shortcuts import redirect, render

from threadline.core.access import policy
from threadline.core.views.forms_support import add_rule_error

from .. import policies, selectors, services
from ..forms import MergeForm


@policy(policies.can_merge_incidents)
def merge(request):
    """Two references, then both incidents summarised side by side, then the merge."""

    def find(reference):
        return selectors.incident_for_merging(request.user, reference)

    form = MergeForm(request.POST or None, find=find)
    if request.method == "POST" and form.is_valid():
        duplicate, into = form.cleaned_data["duplicate"], form.cleaned_data["into"]
        if request.POST.get("confirm") == "yes":
            try:
                services.incident_merge(actor=request.user, duplicate=duplicate, into=into)
            except services.IncidentRuleError as error:
                add_rule_error(form, error)
            else:
                messages.success(request, f"{duplicate.reference} merged into {into.reference}")
                return redirect("incidents:merge")
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
    return render(request, "incidents/merge.html", {"form": form})
