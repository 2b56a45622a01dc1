"""Recommendations in CLEAR form (issue 7 item 2): each part its own field, the checker's flags
shown next to their fields as warnings, and "Save anyway" only with a reason for each flag."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from threadline.core.access import policy
from threadline.core.drafts import form_from_draft, with_draft
from threadline.reviews.domain.errors import ReviewRuleError
from threadline.reviews.forms import show_problems
from threadline.reviews.selectors import review_for

from .. import policies
from ..domain.findings import FlagsToAnswer, StaleSave
from ..forms_findings import PART_FIELDS, RecommendationForm
from ..selectors import findings as read
from ..services.recommendations import recommendation_add, recommendation_change
from .findings import clear_status, findings_url

ORDER = ("title", "findings", *(name for name, _, _ in PART_FIELDS[:4]), "responsible_organisations")
ORDER = (*ORDER, "outcome", "review_by")
OVERRIDE = "override-"
REASON_NEEDED = "Enter why you are saving with this flag"


def _initial(rec) -> dict:
    values = {name: getattr(rec, name) for name, _, _ in PART_FIELDS}
    return {
        **values,
        "title": rec.title,
        "findings": [str(pk) for pk in rec.findings.values_list("pk", flat=True)],
        "responsible_organisations": [
            str(pk) for pk in rec.responsible_organisations.values_list("pk", flat=True)
        ],
        "review_by": rec.review_by,
        "base_version": rec.version,
    }


def _overrides(post) -> dict:
    return {key[len(OVERRIDE) :]: value for key, value in post.items() if key.startswith(OVERRIDE)}


def _page(request, review, rec=None):
    if not policies.can_write_learning(request.user, review):
        raise PermissionDenied
    summary, stale, flags = None, None, []
    if request.method == "POST":
        form = RecommendationForm(request.POST, review=review)
        request.drafted.keep(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            overrides = _overrides(request.POST)
            values = {
                "title": data["title"],
                "parts": form.parts(),
                "finding_ids": [int(v) for v in data["findings"]],
                "organisation_ids": [int(v) for v in data["responsible_organisations"]],
                "review_by": data["review_by"],
                "overrides": overrides,
            }
            try:
                if rec is None:
                    recommendation_add(actor=request.user, review=review, **values)
                else:
                    recommendation_change(
                        actor=request.user,
                        recommendation=rec,
                        base_version=data["base_version"] or 0,
                        **values,
                    )
            except ReviewRuleError as error:
                summary = show_problems(form, error.problems)
            except FlagsToAnswer as raised:
                anyway = "save_anyway" in request.POST
                flags = [
                    {
                        "flag": flag,
                        "reason": overrides.get(flag.key, ""),
                        "error": REASON_NEEDED if anyway else "",
                    }
                    for flag in raised.flags
                ]
                if anyway:
                    summary = [
                        {
                            "text": f"{REASON_NEEDED}: {f['flag'].reason}",
                            "href": f"#{OVERRIDE}{f['flag'].key}",
                        }
                        for f in flags
                    ]
            except StaleSave as error:
                rec.refresh_from_db()
                stale = rec
                form.data = form.data.copy()
                form.data["base_version"] = str(error.current_version)
            else:
                request.drafted.discard()
                messages.success(request, "The recommendation is saved")
                return redirect(findings_url(review))
    elif request.drafted.data:
        form = form_from_draft(RecommendationForm, request.drafted.data, review=review)
    elif rec is not None:
        form = RecommendationForm(initial=_initial(rec), review=review)
        flags = [{**f, "error": ""} for f in clear_status(rec)]
    else:
        form = RecommendationForm(initial={"base_version": 0}, review=review)
    sections = [
        {
            "field": form[name],
            "flags": [f for f in flags if f["flag"].field == name],
        }
        for name in ORDER
    ]
    return render(
        request,
        "learning/recommendation_form.html",
        {
            "review": review,
            "incident": review.incident,
            "recommendation": rec,
            "form": form,
            "sections": sections,
            "flags": flags,
            "summary": summary,
            "stale": stale,
            "draft": request.drafted.draft if request.method == "GET" else None,
        },
    )


@policy(policies.can_list_learning)
@with_draft
def recommendation_add_page(request, review_pk):
    review = review_for(request.user, review_pk)
    return _page(request, review)


@policy(policies.can_list_learning)
@with_draft
def recommendation_change_page(request, review_pk, pk):
    review = review_for(request.user, review_pk)
    rec = read.recommendation_of(review, pk)
    if rec is None:
        raise Http404
    return _page(request, review, rec)
