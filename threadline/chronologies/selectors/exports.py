"""What an export of the merged chronology reads: its rows, its title block, and the exports a
person may fetch.

An export holds every agency's entries, so it is found only by the review team, or by the
person who asked for it, and only when they can see the review; anyone else is told it does not
exist (404), and the refusal is audited as core.access does.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from threadline.core.access import object_or_404
from threadline.reviews.selectors import review_for

from .. import policies
from ..domain.exports import PDF_MAX_ENTRIES, AgencyVersion, ExportFilters, ExportRow, TitleBlock
from ..models import ChronologyExport
from .merged import agencies_in, latest_submitted_versions, merged_entries

ROWS_PER_QUERY = 500


def _entries(review, filters: ExportFilters):
    return merged_entries(
        review,
        organisation_ids=filters.organisation_ids or None,
        date_from=filters.date_from,
        date_to=filters.date_to,
        significant_only=filters.significant_only,
    )


def pdf_entry_limit() -> int:
    """The most entries a PDF may hold (domain/exports.py says why there is a limit)."""
    return int(getattr(settings, "THREADLINE_PDF_EXPORT_MAX_ENTRIES", PDF_MAX_ENTRIES))


def export_row_count(review, filters: ExportFilters) -> int:
    return _entries(review, filters).count()


def export_rows(review, filters: ExportFilters) -> Iterator[ExportRow]:
    """The merged chronology's entries in order, read and decrypted a few hundred at a time."""
    for entry in _entries(review, filters).iterator(chunk_size=ROWS_PER_QUERY):
        yield ExportRow(
            on=entry.occurred_on,
            precision=entry.precision,
            at=entry.occurred_time,
            agency=entry.version.chronology.organisation.name,
            source=entry.source,
            author_role=entry.author_role,
            what_happened=entry.what_happened,
            who_was_present=entry.who_was_present,
            childs_voice=entry.childs_voice,
            opinion=entry.opinion,
            significant=entry.significant,
        )


def agency_names(review) -> dict[int, str]:
    """The agencies asked for a chronology, by organisation id, in name order."""
    return {chronology.organisation_id: chronology.organisation.name for chronology in agencies_in(review)}


def export_title(
    review, filters: ExportFilters, *, produced_by: str, produced_at: datetime, row_count: int
) -> TitleBlock:
    """The title block: the review by its reference and the child's pseudonym (never the
    child's name), the filters, and each included agency with the version of its chronology."""
    versions = latest_submitted_versions(review).order_by("chronology__organisation__name")
    if filters.organisation_ids:
        versions = versions.filter(chronology__organisation_id__in=filters.organisation_ids)
    incident = review.incident
    return TitleBlock(
        reference=incident.reference,
        pseudonym=incident.child.pseudonym,
        filters=filters.described(agency_names(review)),
        agencies=[
            AgencyVersion(
                name=version.chronology.organisation.name,
                number=version.number,
                submitted_on=timezone.localdate(version.submitted_at) if version.submitted_at else None,
            )
            for version in versions
        ],
        produced_at=timezone.localtime(produced_at),
        produced_by=produced_by,
        row_count=row_count,
    )


def exports_visible_to(actor, review) -> QuerySet[ChronologyExport]:
    """The review team sees every export of the review; anyone else only their own."""
    exports = ChronologyExport.objects.filter(review=review).select_related("requested_by")
    if policies.can_analyse(actor, review):
        return exports
    return exports.filter(requested_by=actor)


def export_for(actor, pk) -> ChronologyExport:
    """The export, or 404 (audited) when the actor may not see its review or fetch it."""
    review_id = ChronologyExport.objects.filter(pk=pk).values_list("review_id", flat=True).first()
    if review_id is None:
        raise Http404
    review = review_for(actor, review_id)
    export = object_or_404(actor, exports_visible_to(actor, review), model=ChronologyExport, pk=pk)
    export.review = review
    return export


def recent_exports(actor, review, *, limit: int = 5) -> list[ChronologyExport]:
    """The person's own latest exports of the review, newest first."""
    return list(ChronologyExport.objects.filter(review=review, requested_by=actor)[:limit])
