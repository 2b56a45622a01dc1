"""Reads of a review's findings, recommendations and the themes they are tagged with."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from threadline.chronologies.selectors.merged import merged_entries
from threadline.core.models import Organisation
from threadline.reviews.models import Meeting, ReviewDocument

from ..models import Finding, Recommendation, Theme


def findings_of(review) -> QuerySet[Finding]:
    return (
        Finding.objects.filter(review=review, removed_at__isnull=True)
        .prefetch_related("themes")
        .annotate(
            document_count=Count("documents", distinct=True), meeting_count=Count("meetings", distinct=True)
        )
        .order_by("kind", "order", "pk")
    )


def finding_of(review, pk) -> Finding | None:
    """The finding, only when it belongs to this review (so another review's 404s)."""
    return Finding.objects.filter(review=review, removed_at__isnull=True, pk=pk).first()


def recommendations_of(review) -> QuerySet[Recommendation]:
    return (
        Recommendation.objects.filter(review=review, removed_at__isnull=True)
        .prefetch_related("responsible_organisations", "findings")
        .order_by("order", "pk")
    )


def recommendation_of(review, pk) -> Recommendation | None:
    return Recommendation.objects.filter(review=review, removed_at__isnull=True, pk=pk).first()


def themes_in_use() -> QuerySet[Theme]:
    return Theme.objects.filter(retired_at__isnull=True)


def all_themes() -> QuerySet[Theme]:
    return Theme.objects.annotate(used=Count("findings"))


def theme_of(pk) -> Theme | None:
    return Theme.objects.filter(pk=pk).first()


def evidence_documents(review) -> QuerySet[ReviewDocument]:
    return review.documents.filter(removed_at__isnull=True)


def evidence_meetings(review) -> QuerySet[Meeting]:
    """Meetings with minutes: what was said there can be evidence."""
    return Meeting.objects.filter(review=review, cancelled_at__isnull=True).exclude(minutes="")


def evidence_entries(review, *, date_from=None, date_to=None, words: str = "", chosen=()):
    """Entries of the merged chronology to choose from, kept to a short list by a period or
    words, plus those already chosen (so a filter never drops a link)."""
    entries = list(merged_entries(review, date_from=date_from, date_to=date_to))
    chosen = {str(uid) for uid in chosen}
    words = (words or "").strip().lower()
    if words:
        # The texts are encrypted at rest, so the words are matched here, not in the database.
        entries = [
            e for e in entries if str(e.uid) in chosen or words in f"{e.what_happened} {e.source}".lower()
        ]
    return entries


def entry_uids_of(review) -> set[str]:
    return {str(uid) for uid in merged_entries(review).values_list("uid", flat=True)}


def responsible_choices(review) -> QuerySet[Organisation]:
    """The lead organisation and the agencies involved with the child."""
    involved = review.involved_agencies.filter(removed_at__isnull=True).values_list(
        "organisation_id", flat=True
    )
    return Organisation.objects.filter(pk__in=[review.lead_organisation_id, *involved]).order_by("name")


def has_linked_evidence(findings) -> bool:
    return any(f.chronology_entries or f.documents.exists() or f.meetings.exists() for f in findings)
