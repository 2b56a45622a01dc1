"""Submitting an agency's chronology and its versions (issue 6 item 4): the check before
submitting, opening a new version to change a submitted one, the list of versions, one version,
and the differences between two."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse

from threadline.core.access import policy
from threadline.core.domain.errors import RuleError
from threadline.core.models import AuditAction
from threadline.core.services import audit_record
from threadline.reviews.forms import show_problems
from threadline.reviews.forms_terms import CompareForm

from .. import policies
from ..domain.versions import compare_versions
from ..forms_versions import SubmitForm, VersionOpenForm
from ..selectors import chronologies as selectors
from ..services import versions as services
from .entries import chronology_context, chronology_url


def _versions_url(chronology) -> str:
    return reverse("chronologies:versions", kwargs={"pk": chronology.pk})


@policy(policies.can_list_chronologies)
def chronology_submit(request, pk):
    chronology = selectors.chronology_for(request.user, pk)
    if not policies.can_submit_chronology(request.user, chronology):
        raise PermissionDenied
    version = selectors.latest_version(chronology)
    if version is None or version.is_submitted:
        messages.info(request, "This chronology is already submitted")
        return redirect(chronology_url(chronology))
    rows = selectors.entry_rows(version)
    if request.method == "GET":
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            target=chronology,
            detail={"review": chronology.review_id, "version": version.number, "page": "submit"},
        )
    form = SubmitForm(request.POST or None, initial={"entries": len(rows)})
    summary = None
    if request.method == "POST" and form.is_valid():
        try:
            submitted = services.chronology_submit(
                actor=request.user, chronology=chronology, expected_entries=form.cleaned_data["entries"]
            )
        except RuleError as error:
            summary = [{"text": message, "href": ""} for _, message in error.problems]
            rows = selectors.entry_rows(version)
            form = SubmitForm(initial={"entries": len(rows)})
        else:
            messages.success(
                request, f"Version {submitted.number} of the chronology is submitted to the review and locked"
            )
            return redirect(chronology_url(chronology))
    return render(
        request,
        "chronologies/chronology_submit.html",
        chronology_context(
            request,
            chronology,
            version=version,
            rows=rows,
            significant=sum(1 for row in rows if row.entry.significant),
            form=form,
            summary=summary,
        ),
    )


@policy(policies.can_list_chronologies)
def chronology_version_open(request, pk):
    chronology = selectors.chronology_for(request.user, pk)
    if not policies.can_submit_chronology(request.user, chronology):
        raise PermissionDenied
    latest = selectors.latest_version(chronology)
    if latest is None or not latest.is_submitted:
        messages.info(request, "The chronology is open for changes already")
        return redirect(chronology_url(chronology))
    form = VersionOpenForm(request.POST or None)
    summary = None
    if request.method == "POST" and form.is_valid():
        try:
            version = services.chronology_version_open(
                actor=request.user, chronology=chronology, reason=form.cleaned_data["reason"]
            )
        except RuleError as error:
            summary = show_problems(form, error.problems)
        else:
            messages.success(
                request,
                f"Version {version.number} is open for changes. Submit it when it is ready; until then "
                f"the review reads version {latest.number}.",
            )
            return redirect(chronology_url(chronology))
    return render(
        request,
        "chronologies/version_open.html",
        chronology_context(
            request,
            chronology,
            latest=latest,
            entries=selectors.entry_count(latest),
            form=form,
            summary=summary,
        ),
    )


def _compare_form(request, numbers):
    given = request.GET if ("older" in request.GET or "newer" in request.GET) else None
    default = {"older": numbers[-2], "newer": numbers[-1]}
    form = CompareForm(given, initial=default, numbers=numbers)
    if given is None:
        return form, default
    return form, (form.cleaned_data if form.is_valid() else None)


@policy(policies.can_list_chronologies)
def chronology_versions(request, pk):
    chronology = selectors.chronology_for(request.user, pk)
    versions = selectors.versions_visible_to(request.user, chronology)
    numbers = [v.number for v in versions]
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        target=chronology,
        detail={"review": chronology.review_id, "versions": numbers},
    )
    return render(
        request,
        "chronologies/versions.html",
        chronology_context(
            request,
            chronology,
            versions=versions,
            form=_compare_form(request, numbers)[0] if len(numbers) >= 2 else None,
        ),
    )


@policy(policies.can_list_chronologies)
def chronology_version(request, pk, number):
    chronology = selectors.chronology_for(request.user, pk)
    version = selectors.version_of(request.user, chronology, number)
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        target=chronology,
        detail={"review": chronology.review_id, "version": version.number},
    )
    rows = selectors.entry_rows(version)
    return render(
        request,
        "chronologies/version.html",
        chronology_context(
            request,
            chronology,
            version=version,
            rows=rows,
            significant=sum(1 for row in rows if row.entry.significant),
        ),
    )


@policy(policies.can_list_chronologies)
def chronology_version_compare(request, pk):
    chronology = selectors.chronology_for(request.user, pk)
    versions = {v.number: v for v in selectors.versions_visible_to(request.user, chronology)}
    numbers = sorted(versions)
    form = difference = older = newer = None
    if len(numbers) >= 2:
        form, chosen = _compare_form(request, numbers)
        if chosen:
            older, newer = versions[chosen["older"]], versions[chosen["newer"]]
            difference = compare_versions(selectors.entry_texts(older), selectors.entry_texts(newer))
            audit_record(
                actor=request.user,
                action=AuditAction.VIEW,
                target=chronology,
                detail={"review": chronology.review_id, "versions_compared": [older.number, newer.number]},
            )
    return render(
        request,
        "chronologies/version_compare.html",
        chronology_context(request, chronology, form=form, older=older, newer=newer, difference=difference),
    )
