"""The terms of reference pages (issue 5 items 4, 6 and 12): the current terms and their
versions, editing them (autosaved, merged when two people save at once), one version, the
differences between two, and recording that a version was agreed."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from threadline.core.access import policy
from threadline.core.drafts import form_from_draft, with_draft
from threadline.core.models import AuditAction
from threadline.core.services import audit_record

from .. import policies, selectors
from ..domain import terms as rules
from ..domain.errors import ReviewRuleError
from ..domain.terms import TermsConflict
from ..forms import show_problems
from ..forms_terms import AgreeForm, CompareForm, TermsForm, as_query, terms_form_data
from ..models import ReviewStatus
from ..selectors import terms as terms_selectors
from ..services import terms as terms_services
from . import merging


def _url(name: str, review, **kwargs) -> str:
    return reverse(f"reviews:{name}", kwargs={"pk": review.pk, **kwargs})


def _is_open(review) -> bool:
    return review.status != ReviewStatus.COMPLETED


def _context(review, **more) -> dict:
    return {"review": review, "incident": review.incident, **more}


def _status(current, agreed) -> dict | None:
    """The agreement status of the current version, as a tag and words."""
    if current is None:
        return None
    if agreed is None:
        return {"tag": "Not agreed", "colour": "govuk-tag--grey", "words": ""}
    by_whom = f"by {agreed.agreed_by} on {rules.long_date(agreed.agreed_on)}"
    if agreed.version == current.version:
        return {"tag": "Agreed", "colour": "govuk-tag--green", "words": by_whom}
    return {
        "tag": f"Changed since version {agreed.version} was agreed",
        "colour": "govuk-tag--yellow",
        "words": f"Version {agreed.version} was agreed {by_whom}.",
    }


@policy(policies.can_list_reviews)
def review_terms(request, pk):
    review = selectors.review_for(request.user, pk)
    versions = list(terms_selectors.terms_versions(review))
    current = versions[0] if versions else None
    agreed = next((v for v in versions if v.is_agreed), None)
    namer = terms_selectors.method_namer(review)
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        target=review,
        detail={"terms_of_reference": current.version if current else 0},
    )
    return render(
        request,
        "reviews/terms.html",
        _context(
            review,
            current=current,
            rows=terms_selectors.terms_rows(review, current.data, namer) if current else [],
            status=_status(current, agreed),
            agreed=agreed,
            versions=versions,
            can_edit=_is_open(review) and policies.can_edit_terms(request.user, review),
            can_agree=_is_open(review)
            and policies.can_agree_terms(request.user, review)
            and current is not None
            and (agreed is None or agreed.version < current.version),
        ),
    )


def _merge_subject(review) -> merging.MergeSubject:
    namer = terms_selectors.method_namer(review)

    def shown(name: str, value: str) -> str:
        return rules.part_text(rules.PARTS_BY_KEY[name], {name: value}, namer)

    return merging.MergeSubject(
        labels={part.key: (part.label, part.kind is rules.PartKind.TEXT) for part in rules.PARTS},
        data_at=lambda version: rules.flat(terms_selectors.terms_data_at(review, version)),
        editors_since=lambda version: terms_selectors.terms_editors_since(review, version),
        conflict=TermsConflict,
        action_url=_url("terms_edit", review),
        back_url=_url("terms", review),
        back_text="Back to the terms of reference",
        shown=shown,
    )


def _edit_page(request, review, form, *, summary=None, status=200):
    drafted = getattr(request, "drafted", None)
    terms = terms_selectors.terms_of(review)
    return render(
        request,
        "reviews/terms_edit.html",
        _context(
            review,
            form=form,
            summary=summary,
            terms=terms if terms and terms.version else None,
            draft=drafted.draft if drafted is not None and request.method == "GET" else None,
            is_framework_list=bool(terms_selectors.framework_methods(review)),
        ),
        status=status,
    )


def _save(request, review, values: dict, *, base_version: int):
    offered = terms_selectors.offered_methods(review)
    try:
        terms = terms_services.review_terms_save(
            actor=request.user, review=review, values=values, base_version=base_version
        )
    except TermsConflict as conflict:
        return merging.merge_screen(
            request, review, _merge_subject(review), conflict, yours=rules.flat(values)
        )
    except ReviewRuleError as error:
        form = form_from_draft(TermsForm, terms_form_data(values, base_version), offered=offered)
        return _edit_page(request, review, form, summary=show_problems(form, error.problems))
    request.drafted.discard()
    if terms.version == base_version:
        messages.info(
            request, f"Nothing had changed: the terms of reference are still version {terms.version}"
        )
    else:
        messages.success(request, f"Terms of reference saved as version {terms.version}")
    return redirect(_url("terms", review))


@policy(policies.can_list_reviews)
@with_draft
def review_terms_edit(request, pk):
    review = selectors.review_for(request.user, pk)
    if not policies.can_edit_terms(request.user, review):
        raise PermissionDenied
    offered = terms_selectors.offered_methods(review)
    if request.method == "POST":
        if request.POST.get("resolving"):
            values, outcome = merging.resolve_submission(request, review, _merge_subject(review))
            if values is None:
                return outcome or redirect(_url("terms_edit", review))
            return _save(request, review, values, base_version=outcome)
        request.drafted.keep(request.POST)
        form = TermsForm(request.POST, offered=offered)
        if form.is_valid():
            return _save(request, review, form.values(), base_version=form.cleaned_data["base_version"])
        return _edit_page(request, review, form)
    if request.drafted.data:
        form = form_from_draft(TermsForm, as_query(request.drafted.data), offered=offered)
    else:
        data, version = terms_selectors.terms_current_data(review)
        form = form_from_draft(TermsForm, terms_form_data(data, version), offered=offered)
    return _edit_page(request, review, form)


def _version_or_404(review, number):
    found = terms_selectors.terms_version_of(review, number)
    if found is None:
        raise Http404
    return found


@policy(policies.can_list_reviews)
def review_terms_version(request, pk, number):
    review = selectors.review_for(request.user, pk)
    version = _version_or_404(review, number)
    agreed = terms_selectors.agreed_version(review)
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        target=review,
        detail={"terms_of_reference": version.version},
    )
    return render(
        request,
        "reviews/terms_version.html",
        _context(
            review,
            version=version,
            rows=terms_selectors.terms_rows(review, version.data),
            can_agree=_is_open(review)
            and policies.can_agree_terms(request.user, review)
            and not version.is_agreed
            and (agreed is None or agreed.version < version.version),
        ),
    )


@policy(policies.can_list_reviews)
def review_terms_compare(request, pk):
    review = selectors.review_for(request.user, pk)
    versions = {v.version: v for v in terms_selectors.terms_versions(review)}
    numbers = sorted(versions)
    form = differences = older = newer = None
    if len(numbers) >= 2:
        given = request.GET if ("older" in request.GET or "newer" in request.GET) else None
        default = {"older": numbers[-2], "newer": numbers[-1]}
        form = CompareForm(given, initial=default, numbers=numbers)
        chosen = form.cleaned_data if given is not None and form.is_valid() else None
        if given is None:
            chosen = default
        if chosen:
            older, newer = versions[chosen["older"]], versions[chosen["newer"]]
            differences = terms_selectors.terms_compare(review, older, newer)
            audit_record(
                actor=request.user,
                action=AuditAction.VIEW,
                target=review,
                detail={"terms_compared": [older.version, newer.version]},
            )
    return render(
        request,
        "reviews/terms_compare.html",
        _context(
            review,
            form=form,
            older=older,
            newer=newer,
            differences=differences,
            changed=sum(1 for d in differences or [] if d.changed),
        ),
    )


@policy(policies.can_list_reviews)
def review_terms_agree(request, pk):
    review = selectors.review_for(request.user, pk)
    if not policies.can_agree_terms(request.user, review):
        raise PermissionDenied
    versions = list(terms_selectors.terms_versions(review))
    agreed = next((v for v in versions if v.is_agreed), None)
    open_versions = [v for v in versions if agreed is None or v.version > agreed.version]
    initial = {"version": request.GET.get("version") or (open_versions[0].version if open_versions else None)}
    form = AgreeForm(request.POST or None, initial=initial, versions=open_versions)
    summary = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            found = terms_services.review_terms_agree(
                actor=request.user,
                review=review,
                version=data["version"],
                agreed_by=data["agreed_by"],
                agreed_on=data["agreed_on"],
            )
        except ReviewRuleError as error:
            summary = show_problems(form, error.problems)
        else:
            messages.success(
                request, f"Version {found.version} of the terms of reference is recorded as agreed"
            )
            return redirect(_url("terms", review))
    return render(
        request,
        "reviews/terms_agree.html",
        _context(
            review, form=form, summary=summary, versions=versions, agreed=agreed, open_versions=open_versions
        ),
    )
