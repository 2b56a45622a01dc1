"""A review's costs: each heading's estimate and actual, how the partners share them, and the
CSV download (issue 5 item 10)."""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from threadline.core.access import policy
from threadline.core.models import AuditAction
from threadline.core.services import audit_record
from threadline.core.spreadsheets import safe_cell

from .. import policies, selectors, services
from ..domain.costs import pounds_text
from ..forms import show_problems
from ..forms_costs import ApportionmentForm, CostForm, share_field_name


def _costs_url(review) -> str:
    return reverse("reviews:costs", kwargs={"pk": review.pk})


def _apportionment_initial(review) -> dict:
    chosen = selectors.apportionment_of(review)
    if chosen is None:
        return {}
    initial = {"option": chosen.option, "agreed_by": chosen.agreed_by}
    for share in chosen.shares:
        initial[share_field_name(share["organisation"])] = share["amount"]
    return initial


@policy(policies.can_list_reviews)
def review_costs(request, pk):
    review = selectors.review_for(request.user, pk)
    can_change = policies.can_set_costs(request.user, review)
    partners = selectors.cost_partners_of(review)
    action = request.POST.get("action") if request.method == "POST" else None
    if action and not can_change:
        raise PermissionDenied
    cost_form = CostForm(request.POST if action == "cost" else None)
    share_form = ApportionmentForm(
        request.POST if action == "apportionment" else None,
        partners=partners,
        initial=_apportionment_initial(review),
    )
    summary = None
    if action == "cost" and cost_form.is_valid():
        data = cost_form.cleaned_data
        try:
            services.review_cost_set(
                actor=request.user,
                review=review,
                heading=data["heading"],
                estimated_pence=data["estimated"],
                actual_pence=data["actual"],
                note=data["note"],
            )
        except services.ReviewRuleError as error:
            summary = show_problems(cost_form, error.problems)
        else:
            messages.success(request, "The cost is saved")
            return redirect(_costs_url(review))
    elif action == "apportionment" and share_form.is_valid():
        data = share_form.cleaned_data
        try:
            services.review_cost_apportionment_set(
                actor=request.user,
                review=review,
                option=data["option"],
                shares=share_form.shares(),
                agreed_by=data["agreed_by"],
            )
        except services.ReviewRuleError as error:
            problems = [
                (share_form.first_share_name() if field == "shares" else field, message)
                for field, message in error.problems
            ]
            summary = show_problems(share_form, problems)
        else:
            messages.success(request, "How the costs are shared is saved")
            return redirect(_costs_url(review))
    audit_record(actor=request.user, action=AuditAction.VIEW, target=review, detail={"page": "costs"})
    return render(
        request,
        "reviews/costs.html",
        {
            "review": review,
            "incident": review.incident,
            "costs": selectors.cost_summary(review),
            "can_change": can_change,
            "cost_form": cost_form,
            "share_form": share_form,
            "summary": summary,
        },
    )


@policy(policies.can_list_reviews)
def review_costs_export(request, pk):
    review = selectors.review_for(request.user, pk)
    costs = selectors.cost_summary(review)
    audit_record(
        actor=request.user, action=AuditAction.EXPORT, target=review, detail={"export": "review costs"}
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="costs-{review.incident.reference}.csv"'
    writer = csv.writer(response)
    writer.writerow(["section", "heading or organisation", "share", "estimated (£)", "actual (£)", "note"])
    for row in costs.rows:
        cost = row["cost"]
        writer.writerow(
            [
                safe_cell("cost"),
                safe_cell(row["label"]),
                "",
                safe_cell(pounds_text(cost.estimated_pence) if cost else ""),
                safe_cell(pounds_text(cost.actual_pence) if cost and cost.actual_pence is not None else ""),
                safe_cell(cost.note if cost else ""),
            ]
        )
    writer.writerow(
        [
            "total",
            "Total",
            "",
            safe_cell(pounds_text(costs.estimated_total)),
            safe_cell(pounds_text(costs.actual_total)),
            "",
        ]
    )
    for part in costs.split:
        writer.writerow(
            [
                safe_cell("share"),
                safe_cell(part["organisation"].name if part["organisation"] else ""),
                safe_cell(f"{part['amount']}{part['unit']}"),
                safe_cell(pounds_text(part["estimated"])),
                safe_cell(pounds_text(part["actual"])),
                "",
            ]
        )
    return response
