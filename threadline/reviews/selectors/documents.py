"""Reads of a review's supporting documents (issue 5 item 13). Every function takes a review the
caller already fetched with `review_for(actor, pk)`, so another organisation's documents are
never reached."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from threadline.core.uploads import describe_size, download_name, extension_for, kind_label

from ..models import ReviewDocument


@dataclass(frozen=True)
class DocumentRow:
    """A document as the documents page lists it."""

    document: ReviewDocument

    @property
    def type_label(self) -> str:
        return kind_label(self.document.content_type) or self.document.content_type

    @property
    def size_label(self) -> str:
        return describe_size(self.document.size)


def documents_of(review) -> QuerySet[ReviewDocument]:
    """The review's documents that have not been removed, newest first."""
    return ReviewDocument.objects.filter(review=review, removed_at__isnull=True).select_related("uploaded_by")


def removed_documents_of(review) -> QuerySet[ReviewDocument]:
    return (
        ReviewDocument.objects.filter(review=review, removed_at__isnull=False)
        .select_related("uploaded_by", "removed_by")
        .order_by("-removed_at", "-pk")
    )


def document_rows(review) -> list[DocumentRow]:
    return [DocumentRow(document) for document in documents_of(review)]


def removed_document_rows(review) -> list[DocumentRow]:
    return [DocumentRow(document) for document in removed_documents_of(review)]


def document_of(review, pk) -> ReviewDocument | None:
    """A document of this review that has not been removed; None for a removed one or one of
    another review, which the pages answer with 404."""
    return documents_of(review).filter(pk=pk).first()


def document_with_content(review, sha256: str) -> ReviewDocument | None:
    """The review's document, not removed, holding exactly these bytes."""
    return documents_of(review).filter(sha256=sha256).first()


def file_in_use(name: str) -> bool:
    """Whether a document not removed still points at this stored file."""
    return bool(name) and ReviewDocument.objects.filter(file=name, removed_at__isnull=True).exists()


def document_download_name(document: ReviewDocument) -> str:
    """The name the browser saves the file under: the name it was uploaded with, given the
    extension of its content when it had none."""
    return download_name(document.original_name, extension_for(document.content_type))


def recorded_items(review) -> dict[str, str]:
    """No stage item is recorded on the documents page."""
    return {}
