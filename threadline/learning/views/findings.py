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
from ..models import FindingKind
from ..selectors import findings as read
from ..services.findings import finding_add, finding_change
from .merging import (
    RESOLVING,
    Mergeable,
    as_form_data,
    joined_ids,
    merge_page,
    merge_page_again,
    originals,
    originals_from,
    resolve_submission,
    same_text,
)


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


LISTS = ("themes", "entries", "documents", "meetings")
PARTS = {
    "kind": ("Learning or good practice", False),
    "title": ("Title", False),
    "text": ("What was learned", True),
    "themes": ("Themes", False),
    "entries": ("Entries of the merged chronology", False),
    "documents": ("Documents", False),
    "meetings": ("Meeting minutes", False),
}


def finding_parts(finding) -> dict[str, str]:
    """A saved finding as the merge compares it: each part one string."""
    return {
        "kind": finding.kind,
        "title": same_text(finding.title),
        "text": same_text(finding.text),
        "themes": joined_ids(finding.themes.values_list("pk", flat=True)),
        "entries": joined_ids(finding.chronology_entries),
        "documents": joined_ids(finding.documents.values_list("pk", flat=True)),
        "meetings": joined_ids(finding.meetings.values_list("pk", flat=True)),
    }


def _form_parts(data) -> dict[str, str]:
    parts = {name: same_text(data.get(name)) for name in ("kind", "title", "text")}
    return parts | {name: joined_ids(data.get(name)) for name in LISTS}


def _form_data(parts: dict, *, version: int, original: dict) -> dict:
    data = {name: parts.get(name, "") for name in ("kind", "title", "text")}
    data |= {name: [v for v in parts.get(name, "").split(",") if v] for name in LISTS}
    return {**data, "base_version": str(version), **dict(originals(original))}


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


def _subject(review, finding, *parts) -> Mergeable:
    chosen = {uid for p in parts for uid in p.get("entries", "").split(",") if uid}
    form = FindingForm(data={"entries": sorted(chosen)}, review=review, finding=finding)
    names = {name: dict(form.fields[name].choices) for name in LISTS}
    kinds = dict(FindingKind.choices)

    def shown(name: str, value: str) -> str:
        if name == "kind":
            return kinds.get(value, value)
        if name in names:
            return "\n".join(str(names[name].get(v, v)) for v in value.split(",") if v)
        return value

    url = reverse("learning:finding_change", kwargs={"review_pk": review.pk, "pk": finding.pk})
    return Mergeable(
        labels=PARTS,
        action_url=url,
        back_url=findings_url(review),
        back_text="Back to findings and recommendations",
        message="Someone else saved this finding while you were editing",
        shown=shown,
    )


def _finding_page(request, review, finding=None):
    if not policies.can_write_learning(request.user, review):
        raise PermissionDenied
    summary = None
    original = None
    if request.method == "POST":
        data = request.POST
        if finding is not None and data.get(RESOLVING):
            posted = [{"entries": data.get(f"{who}-entries", "")} for who in ("theirs", "yours")]
            resolved = resolve_submission(request, review, _subject(review, finding, *posted))
            if resolved.page is not None:
                return resolved.page
            if resolved.values is None:
                return redirect(request.path)
            data = as_form_data(
                _form_data(resolved.values, version=resolved.current_version, original=resolved.theirs)
            )
        form = FindingForm(data, review=review, finding=finding)
        request.drafted.keep(data)
        original = originals_from(data, PARTS)
        if "filter" not in data and form.is_valid():
            cleaned = form.cleaned_data
            values = {
                "kind": cleaned["kind"],
                "title": cleaned["title"],
                "text": cleaned["text"],
                "theme_ids": _ids(cleaned["themes"]),
                "entry_uids": cleaned["entries"],
                "document_ids": _ids(cleaned["documents"]),
                "meeting_ids": _ids(cleaned["meetings"]),
            }
            try:
                if finding is None:
                    finding_add(actor=request.user, review=review, **values)
                else:
                    finding_change(
                        actor=request.user,
                        finding=finding,
                        base_version=cleaned["base_version"] or 0,
                        **values,
                    )
            except ReviewRuleError as error:
                summary = show_problems(form, error.problems)
            except StaleSave as error:
                finding.refresh_from_db()
                yours = _form_parts(cleaned)
                theirs = finding_parts(finding)
                return merge_page(
                    request,
                    review,
                    _subject(review, finding, yours, theirs),
                    base=original,
                    theirs=theirs,
                    yours=yours,
                    current_version=error.current_version,
                    changed_by=str(finding.updated_by or ""),
                )
            else:
                request.drafted.discard()
                messages.success(request, "The finding is saved")
                return redirect(findings_url(review))
    elif request.drafted.data:
        if finding is not None:
            draft = request.drafted.data
            posted = [{"entries": draft.get(f"{who}-entries", "")} for who in ("theirs", "yours")]
            again = merge_page_again(request, review, _subject(review, finding, *posted), draft)
            if again is not None:
                return again
        form = form_from_draft(FindingForm, request.drafted.data, review=review, finding=finding)
        original = originals_from(request.drafted.data, PARTS)
    else:
        initial = _initial(finding) if finding else {"kind": "learning", "base_version": 0}
        form = FindingForm(initial=initial, review=review, finding=finding)
        original = finding_parts(finding) if finding else None
    return render(
        request,
        "learning/finding_form.html",
        {
            "review": review,
            "incident": review.incident,
            "finding": finding,
            "form": form,
            "summary": summary,
            "originals": originals(original) if original else [],
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
