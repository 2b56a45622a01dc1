"""Supporting documents of a review (issue 5 item 13): added after their content is checked,
stored outside the web root, removed softly (the row and its reason stay; the file goes)."""

from django.db import transaction
from django.utils import timezone

from threadline.core.access import require
from threadline.core.models import AuditAction
from threadline.core.services import audit_record
from threadline.core.uploads import DOCUMENT_KINDS, UploadRuleError, check_upload

from .. import policies
from ..domain.errors import ReviewRuleError
from ..models import Review, ReviewDocument
from ..selectors.documents import document_with_content, file_in_use

MAX_DESCRIPTION = 500
MAX_REMOVAL_REASON = 1000


def _when(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y}"


def review_document_upload(*, actor, review, uploaded_file, description: str = "") -> ReviewDocument:
    """Keep a file the review relies on, after checking by its content what it is.

    The same bytes twice in one review are refused, naming the document already there, so that
    the list holds each document once.
    """
    require(policies.can_upload_documents(actor, review))
    description = (description or "").strip()
    if len(description) > MAX_DESCRIPTION:
        raise ReviewRuleError(f"The description must be {MAX_DESCRIPTION} characters or fewer", "description")
    try:
        checked = check_upload(uploaded_file, allowed=DOCUMENT_KINDS, field="file")
    except UploadRuleError as error:
        raise ReviewRuleError(str(error), error.field) from None
    document = ReviewDocument(
        review=review,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        description=description,
        uploaded_by=actor,
        uploaded_at=timezone.now(),
    )
    stored = ""
    try:
        with transaction.atomic():
            # One upload at a time per review, so the same file sent twice at once is kept once.
            Review.objects.select_for_update().filter(pk=review.pk).first()
            existing = document_with_content(review, checked.sha256)
            if existing is not None:
                by = f", added by {existing.uploaded_by}" if existing.uploaded_by else ""
                raise ReviewRuleError(
                    f"This file is already in the review's documents as “{existing.original_name}”"
                    f"{by} on {_when(existing.uploaded_at)}",
                    "file",
                )
            document.file.save(checked.name, uploaded_file, save=False)
            stored = document.file.name
            document.save()
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                target=review,
                detail={
                    "document": document.pk,
                    "content_type": checked.content_type,
                    "size": checked.size,
                    "sha256": checked.sha256,
                },
            )
    except BaseException:
        # The row was not kept, so neither is the file.
        if stored and not file_in_use(stored):
            document.file.storage.delete(stored)
        raise
    return document


def review_document_remove(*, actor, document: ReviewDocument, reason: str) -> ReviewDocument:
    """Remove a document: it leaves the list and can no longer be downloaded; who removed it,
    when and why stay on the review. The stored bytes are deleted once the removal commits:
    a document put on the wrong review must really be gone."""
    review = document.review
    require(policies.can_remove_document(actor, review, document))
    reason = (reason or "").strip()
    if not reason:
        raise ReviewRuleError("Enter why the document is being removed", "reason")
    if len(reason) > MAX_REMOVAL_REASON:
        raise ReviewRuleError(f"The reason must be {MAX_REMOVAL_REASON:,} characters or fewer", "reason")
    with transaction.atomic():
        current = ReviewDocument.objects.select_for_update().get(pk=document.pk)
        if current.removed_at is not None:
            raise ReviewRuleError("This document has already been removed", "reason")
        stored, storage = current.file.name, current.file.storage
        current.removed_at = timezone.now()
        current.removed_by = actor
        current.removal_reason = reason
        current.file = ""
        current.save(update_fields=["removed_at", "removed_by", "removal_reason", "file"])
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            target=review,
            detail={"document": current.pk, "sha256": current.sha256},
        )

        def delete_file():
            if stored and not file_in_use(stored):
                storage.delete(stored)

        transaction.on_commit(delete_file)
    return current
