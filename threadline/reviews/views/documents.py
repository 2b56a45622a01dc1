"""A review's supporting documents (issue 5 item 13): the list with the upload form, the download
(the only way a stored file leaves the server) and removal."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET

from threadline.core.access import policy
from threadline.core.models import AuditAction
from threadline.core.services import audit_record
from threadline.core.uploads import limit_upload_size

from .. import policies, selectors
from ..domain.errors import ReviewRuleError
from ..forms import show_problems
from ..forms_documents import DocumentRemoveForm, DocumentUploadForm
from ..selectors import documents as document_selectors
from ..services.documents import review_document_remove, review_document_upload


def _list_url(review) -> str:
    return reverse("reviews:documents", kwargs={"pk": review.pk})


# Django's CSRF check reads the request body, after which the upload handlers cannot change;
# the size limit goes in first, then the check runs as usual (Django's documented order).
@csrf_exempt
@policy(policies.can_list_reviews)
def review_documents(request, pk):
    if request.method == "POST":
        limit_upload_size(request)
    return _review_documents(request, pk)


@csrf_protect
def _review_documents(request, pk):
    review = selectors.review_for(request.user, pk)
    can_upload = policies.can_upload_documents(request.user, review)
    if request.method == "POST" and not can_upload:
        raise PermissionDenied
    # Bound on every POST, even one that carries nothing, so a lost file is always reported.
    form = (
        DocumentUploadForm(request.POST, request.FILES) if request.method == "POST" else DocumentUploadForm()
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                document = review_document_upload(
                    actor=request.user,
                    review=review,
                    uploaded_file=form.cleaned_data["file"],
                    description=form.cleaned_data["description"],
                )
            except ReviewRuleError as error:
                show_problems(form, error.problems)
            else:
                messages.success(request, f"{document.original_name} has been added to the documents")
                return redirect(_list_url(review))
        form.ask_for_the_file_again()
    else:
        audit_record(actor=request.user, action=AuditAction.VIEW, target=review, detail={"page": "documents"})
    rows = document_selectors.document_rows(review, actor=request.user)
    return render(
        request,
        "reviews/documents.html",
        {
            "review": review,
            "incident": review.incident,
            "documents": rows,
            "removed": document_selectors.removed_document_rows(review, actor=request.user),
            "can_upload": can_upload,
            "removable": {
                row.document.pk
                for row in rows
                if policies.can_remove_document(request.user, review, row.document)
            },
            "form": form,
        },
    )


@require_GET
@policy(policies.can_list_reviews)
def review_document_download(request, pk, document_pk):
    review = selectors.review_for(request.user, pk)
    document = document_selectors.document_of(review, document_pk, actor=request.user)
    if document is None or not document.file:
        raise Http404
    try:
        stream = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        target=review,
        detail={"document": document.pk, "download": True},
    )
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=document_selectors.document_download_name(document),
        content_type=document.content_type,
    )
    # The file is only ever saved, never shown as a page of this site: no sniffing, no scripts,
    # no copy kept by a shared cache.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


@policy(policies.can_list_reviews)
def review_document_remove_page(request, pk, document_pk):
    review = selectors.review_for(request.user, pk)
    document = document_selectors.document_of(review, document_pk, actor=request.user)
    if document is None:
        raise Http404
    if not policies.can_remove_document(request.user, review, document):
        raise PermissionDenied
    form = DocumentRemoveForm(request.POST) if request.method == "POST" else DocumentRemoveForm()
    if request.method == "POST" and form.is_valid():
        try:
            review_document_remove(actor=request.user, document=document, reason=form.cleaned_data["reason"])
        except ReviewRuleError as error:
            show_problems(form, error.problems)
        else:
            messages.success(request, f"{document.original_name} has been removed")
            return redirect(_list_url(review))
    return render(
        request,
        "reviews/documents_remove.html",
        {
            "review": review,
            "incident": review.incident,
            "row": document_selectors.DocumentRow(document),
            "form": form,
        },
    )
