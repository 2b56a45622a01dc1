"""An agency's chronology page and its entries (issue 6 item 2): the request, the version shown
and its entries with facts and opinion apart; adding, changing and removing entries in the open
version (long texts autosaved); supporting documents linked to an entry, and their download."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET

from threadline.core.access import policy
from threadline.core.domain.errors import RuleError
from threadline.core.drafts import form_from_draft, with_draft
from threadline.core.models import AuditAction
from threadline.core.services import audit_record
from threadline.core.uploads import limit_upload_size
from threadline.reviews.forms import show_problems
from threadline.reviews.selectors.documents import document_download_name

from .. import policies
from ..forms_entries import EntryDocumentForm, EntryForm
from ..selectors import chronologies as selectors
from ..services import entries as services


def chronology_url(chronology) -> str:
    return reverse("chronologies:chronology", kwargs={"pk": chronology.pk})


def chronology_context(request, chronology, **more) -> dict:
    """What every page of one chronology shows around its own part."""
    review = chronology.review
    review_visible = selectors.can_see_review(request.user, review)
    if review_visible and policies.can_read_review_chronologies(request.user, review):
        back = (
            reverse("chronologies:requests", kwargs={"review_pk": review.pk}),
            "Back to the chronologies asked",
        )
    else:
        back = (reverse("core:home"), "Back to your home page")
    return {
        "chronology": chronology,
        "review": review,
        "incident": review.incident,
        "is_writer": policies.is_agency_writer(request.user, chronology),
        "review_visible": review_visible,
        "back": back,
        "today": timezone.localdate(),
        **more,
    }


def _open_version(request, chronology):
    """The version entries are written in, for a person who may write them; None when the
    latest version is submitted (locked)."""
    if not policies.can_write_chronology(request.user, chronology):
        raise PermissionDenied
    version = selectors.latest_version(chronology)
    if version is None or version.is_submitted:
        return None
    return version


def _locked(request, chronology):
    messages.info(
        request,
        "This chronology is submitted and locked. To change it, make changes: that opens a new version.",
    )
    return redirect(chronology_url(chronology))


@policy(policies.can_list_chronologies)
def chronology_page(request, pk):
    chronology = selectors.chronology_for(request.user, pk)
    actor = request.user
    version = selectors.version_shown(actor, chronology)
    latest = selectors.latest_version(chronology)
    is_latest = version is not None and latest is not None and version.pk == latest.pk
    is_open = is_latest and not version.is_submitted
    rows = selectors.entry_rows(version)
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        target=chronology,
        detail={"review": chronology.review_id, "version": version.number if version else 0},
    )
    standing = chronology.withdrawn_at is None
    return render(
        request,
        "chronologies/chronology.html",
        chronology_context(
            request,
            chronology,
            version=version,
            latest=latest,
            rows=rows,
            significant=sum(1 for row in rows if row.entry.significant),
            can_write=is_open and policies.can_write_chronology(actor, chronology),
            can_submit=is_open and bool(rows) and policies.can_submit_chronology(actor, chronology),
            can_reopen=is_latest
            and version.is_submitted
            and policies.can_submit_chronology(actor, chronology),
            can_change_request=standing and policies.can_request_chronologies(actor, chronology.review),
            overdue=standing
            and not selectors.was_ever_submitted(chronology)
            and timezone.localdate() > chronology.due_on,
            withdrawals=selectors.withdrawals_of(chronology) if not standing else [],
            versions_count=len(selectors.versions_visible_to(actor, chronology)),
        ),
    )


def _entry_page(request, chronology, version, *, form, entry=None, summary=None, conflict=None):
    return render(
        request,
        "chronologies/entry_form.html",
        chronology_context(
            request,
            chronology,
            version=version,
            form=form,
            entry=entry,
            summary=summary,
            conflict=conflict,
            conflict_row=selectors.entry_row(conflict.current) if conflict else None,
            draft=request.drafted.draft if request.method == "GET" else None,
        ),
    )


@policy(policies.can_list_chronologies)
@with_draft
def entry_add(request, pk):
    chronology = selectors.chronology_for(request.user, pk)
    version = _open_version(request, chronology)
    if version is None:
        return _locked(request, chronology)
    drafted = request.drafted
    summary = None
    if request.method == "POST":
        form = EntryForm(request.POST)
        drafted.keep(request.POST)
        if form.is_valid():
            try:
                entry = services.chronology_entry_add(
                    actor=request.user, chronology=chronology, values=form.values()
                )
            except RuleError as error:
                summary = show_problems(form, error.problems)
            else:
                drafted.discard()
                messages.success(request, f"The entry of {selectors.when_text(entry)} is added")
                if request.POST.get("then") == "another":
                    return redirect(reverse("chronologies:entry_add", kwargs={"pk": chronology.pk}))
                return redirect(chronology_url(chronology))
    elif drafted.data:
        form = form_from_draft(EntryForm, drafted.data)
    else:
        form = EntryForm()
    return _entry_page(request, chronology, version, form=form, summary=summary)


def _entry_initial(entry) -> dict:
    return {
        "date": selectors.date_text(entry),
        "time": selectors.time_text(entry),
        "source": entry.source,
        "author_role": entry.author_role,
        "what_happened": entry.what_happened,
        "who_was_present": entry.who_was_present,
        "childs_voice": entry.childs_voice,
        "opinion": entry.opinion,
        "significant": entry.significant,
        "seen": selectors.entry_stamp(entry),
    }


def _entry_of(request, chronology, entry_pk):
    """An entry of the open version, 404 for one of another version or chronology."""
    version = _open_version(request, chronology)
    if version is None:
        return None, None
    entry = selectors.entry_of(version, entry_pk)
    if entry is None:
        raise Http404
    return version, entry


@policy(policies.can_list_chronologies)
@with_draft
def entry_change(request, pk, entry_pk):
    chronology = selectors.chronology_for(request.user, pk)
    version, entry = _entry_of(request, chronology, entry_pk)
    if version is None:
        return _locked(request, chronology)
    drafted = request.drafted
    summary = conflict = None
    if request.method == "POST":
        form = EntryForm(request.POST)
        drafted.keep(request.POST)
        if form.is_valid():
            try:
                services.chronology_entry_change(
                    actor=request.user,
                    entry=entry,
                    values=form.values(),
                    seen=form.cleaned_data["seen"] or None,
                )
            except services.EntryConflict as error:
                conflict = error
                # Saving again now is a choice made knowing what the other person saved.
                data = request.POST.copy()
                data["seen"] = selectors.entry_stamp(error.current)
                form = form_from_draft(EntryForm, data)
                summary = [
                    {
                        "text": f"{error}. Nothing was saved: check what they saved, then save again",
                        "href": "#saved-by-someone-else",
                    }
                ]
            except RuleError as error:
                summary = show_problems(form, error.problems)
            else:
                drafted.discard()
                messages.success(request, "The entry is changed")
                return redirect(f"{chronology_url(chronology)}#entry-{entry.pk}")
    else:
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            target=chronology,
            detail={"review": chronology.review_id, "entry": entry.pk},
        )
        form = (
            form_from_draft(EntryForm, drafted.data)
            if drafted.data
            else EntryForm(initial=_entry_initial(entry))
        )
    return _entry_page(
        request, chronology, version, form=form, entry=entry, summary=summary, conflict=conflict
    )


@policy(policies.can_list_chronologies)
def entry_remove(request, pk, entry_pk):
    chronology = selectors.chronology_for(request.user, pk)
    version, entry = _entry_of(request, chronology, entry_pk)
    if version is None:
        return _locked(request, chronology)
    summary = None
    if request.method == "POST":
        try:
            services.chronology_entry_remove(actor=request.user, entry=entry)
        except RuleError as error:
            summary = [{"text": message, "href": ""} for _, message in error.problems]
        else:
            messages.success(request, f"The entry of {selectors.when_text(entry)} is removed")
            return redirect(chronology_url(chronology))
    else:
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            target=chronology,
            detail={"review": chronology.review_id, "entry": entry.pk},
        )
    return render(
        request,
        "chronologies/entry_remove.html",
        chronology_context(
            request, chronology, version=version, row=selectors.entry_row(entry), summary=summary
        ),
    )


# Django's CSRF check reads the request body, after which the upload handlers cannot change;
# the size limit goes in first, then the check runs as usual (Django's documented order).
@csrf_exempt
@policy(policies.can_list_chronologies)
def entry_document_add(request, pk, entry_pk):
    if request.method == "POST":
        limit_upload_size(request)
    return _entry_document_add(request, pk, entry_pk)


@csrf_protect
def _entry_document_add(request, pk, entry_pk):
    chronology = selectors.chronology_for(request.user, pk)
    version, entry = _entry_of(request, chronology, entry_pk)
    if version is None:
        return _locked(request, chronology)
    # Bound on every POST, even one that carries nothing, so a lost file is always reported.
    form = EntryDocumentForm(request.POST, request.FILES) if request.method == "POST" else EntryDocumentForm()
    if request.method == "POST":
        if form.is_valid():
            try:
                document = services.chronology_entry_document_add(
                    actor=request.user,
                    entry=entry,
                    uploaded_file=form.cleaned_data["file"],
                    description=form.cleaned_data["description"],
                )
            except RuleError as error:
                show_problems(form, error.problems)
            else:
                messages.success(request, f"{document.original_name} is linked to the entry")
                return redirect(f"{chronology_url(chronology)}#entry-{entry.pk}")
        form.ask_for_the_file_again()
    else:
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            target=chronology,
            detail={"review": chronology.review_id, "entry": entry.pk},
        )
    return render(
        request,
        "chronologies/entry_document.html",
        chronology_context(request, chronology, version=version, row=selectors.entry_row(entry), form=form),
    )


@require_GET
@policy(policies.can_list_chronologies)
def entry_document_download(request, pk, document_pk):
    """A document linked to an entry, for people who read the chronology but not the review
    (the agency's writers); the review team downloads it from the review's documents too."""
    chronology = selectors.chronology_for(request.user, pk)
    document = selectors.document_of(request.user, chronology, document_pk)
    if document is None or not document.file:
        raise Http404
    try:
        stream = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        target=chronology,
        detail={"review": chronology.review_id, "document": document.pk, "download": True},
    )
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=document_download_name(document),
        content_type=document.content_type,
    )
    # The file is only ever saved, never shown as a page of this site.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
