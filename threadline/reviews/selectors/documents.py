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


def reachable_by(actor, review, documents: QuerySet[ReviewDocument]) -> QuerySet[ReviewDocument]:
    """The documents less those linked to an agency's chronology entries that `actor` may not
    reach through the review's pages: such a document is part of the agency's chronology, so
    the review team (who read the agencies' chronologies) reaches it once the agency has
    submitted a version it is linked to; the agency reaches it through its chronology."""
    from threadline.chronologies import policies as chronology_policies
    from threadline.chronologies.models import ChronologyEntry

    links = ChronologyEntry.documents.through.objects.filter(reviewdocument__review=review)
    readable = links.none()
    if actor is not None and chronology_policies.can_read_review_chronologies(actor, review):
        readable = links.filter(chronologyentry__version__submitted_at__isnull=False)
    hidden = links.exclude(reviewdocument_id__in=readable.values("reviewdocument_id"))
    return documents.exclude(pk__in=hidden.values("reviewdocument_id"))


def document_rows(review, *, actor=None) -> list[DocumentRow]:
    return [DocumentRow(document) for document in reachable_by(actor, review, documents_of(review))]


def removed_document_rows(review, *, actor=None) -> list[DocumentRow]:
    return [DocumentRow(document) for document in reachable_by(actor, review, removed_documents_of(review))]


def document_of(review, pk, *, actor=None) -> ReviewDocument | None:
    """A document of this review that has not been removed and that `actor` may reach; None
    for a removed one, one of another review or one of a chronology the actor may not read
    here, which the pages answer with 404."""
    return reachable_by(actor, review, documents_of(review)).filter(pk=pk).first()


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
