"""A review's findings (issue 7 item 1): the list of findings and recommendations, and adding
or changing a finding with its themes and the evidence behind it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from threadline.core.access import policy
from threadline.core.drafts import form_from_draft, with_draft
from threadline.core.models import AuditAction
from threadline.core.services import audit_record
from threadline.reviews.domain.errors import ReviewRuleError
from threadline.reviews.forms import show_problems
from threadline.reviews.selectors import review_for

from .. import policies
from ..domain.clear import check
from ..domain.findings import StaleSave
from ..forms_findings import FindingForm
from ..selectors import findings as read
from ..services.findings import finding_add, finding_change


def findings_url(review) -> str:
    return reverse("learning:findings", kwargs={"review_pk": review.pk})


def clear_status(rec) -> list:
    """The checker's flags on a saved recommendation, each with the reason given for it."""
    flags = check(
        title=rec.title,
        case_for_change=rec.case_for_change,
        learning=rec.learning,
        evidence=rec.evidence,
        responsibility=rec.responsibility,
        outcome=rec.outcome,
        review_by=rec.review_by,
        has_linked_evidence=read.has_linked_evidence(rec.findings.all()),
        organisations=list(rec.responsible_organisations.all()),
        today=timezone.localdate(),
    )
    return [{"flag": flag, "reason": rec.overrides.get(flag.key, "")} for flag in flags]


@policy(policies.can_list_learning)
def findings(request, review_pk):
    review = review_for(request.user, review_pk)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=review, detail={"page": "findings"})
    listed = list(read.findings_of(review))
    recommendations = [{"rec": rec, "flags": clear_status(rec)} for rec in read.recommendations_of(review)]
    return render(
        request,
        "learning/findings.html",
        {
            "review": review,
            "incident": review.incident,
            "learning": [f for f in listed if f.kind == "learning"],
            "good_practice": [f for f in listed if f.kind == "good-practice"],
            "recommendations": recommendations,
            "can_change": policies.can_write_learning(request.user, review),
        },
    )


def _initial(finding) -> dict:
    return {
        "kind": finding.kind,
        "title": finding.title,
        "text": finding.text,
        "themes": [str(pk) for pk in finding.themes.values_list("pk", flat=True)],
        "entries": [str(uid) for uid in finding.chronology_entries],
        "documents": [str(pk) for pk in finding.documents.values_list("pk", flat=True)],
        "meetings": [str(pk) for pk in finding.meetings.values_list("pk", flat=True)],
        "base_version": finding.version,
    }


def _ids(values) -> list[int]:
    return [int(v) for v in values if str(v).isdigit()]


def _finding_page(request, review, finding=None):
    if not policies.can_write_learning(request.user, review):
        raise PermissionDenied
    summary, stale = None, None
    if request.method == "POST":
        form = FindingForm(request.POST, review=review, finding=finding)
        request.drafted.keep(request.POST)
        if "filter" not in request.POST and form.is_valid():
            data = form.cleaned_data
            values = {
                "kind": data["kind"],
                "title": data["title"],
                "text": data["text"],
                "theme_ids": _ids(data["themes"]),
                "entry_uids": data["entries"],
                "document_ids": _ids(data["documents"]),
                "meeting_ids": _ids(data["meetings"]),
            }
            try:
                if finding is None:
                    finding_add(actor=request.user, review=review, **values)
                else:
                    finding_change(
                        actor=request.user, finding=finding, base_version=data["base_version"] or 0, **values
                    )
            except ReviewRuleError as error:
                summary = show_problems(form, error.problems)
            except StaleSave as error:
                finding.refresh_from_db()
                stale = finding
                # Saving again now is a deliberate choice to replace what they saved.
                form.data = form.data.copy()
                form.data["base_version"] = str(error.current_version)
            else:
                request.drafted.discard()
                messages.success(request, "The finding is saved")
                return redirect(findings_url(review))
    elif request.drafted.data:
        form = form_from_draft(FindingForm, request.drafted.data, review=review, finding=finding)
    else:
        initial = _initial(finding) if finding else {"kind": "learning", "base_version": 0}
        form = FindingForm(initial=initial, review=review, finding=finding)
    return render(
        request,
        "learning/finding_form.html",
        {
            "review": review,
            "incident": review.incident,
            "finding": finding,
            "form": form,
            "summary": summary,
            "stale": stale,
            "draft": request.drafted.draft if request.method == "GET" else None,
        },
    )


@policy(policies.can_list_learning)
@with_draft
def finding_add_page(request, review_pk):
    review = review_for(request.user, review_pk)
    return _finding_page(request, review)


@policy(policies.can_list_learning)
@with_draft
def finding_change_page(request, review_pk, pk):
    review = review_for(request.user, review_pk)
    finding = read.finding_of(review, pk)
    if finding is None:
        raise Http404
    return _finding_page(request, review, finding)
