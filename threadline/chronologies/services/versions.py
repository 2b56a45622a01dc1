"""Submitting an agency's chronology and changing it afterwards (issue 6 item 4).

Submitting locks the open version. Changes after that open the next version, which starts as a
copy of every entry of the one before (the same `uid`, so the two can be compared and the
review's matches follow the entry), with the reason it was opened.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from threadline.core.access import require
from threadline.core.models import AuditAction
from threadline.core.services import audit_record
from threadline.reviews.domain.errors import ReviewRuleError

from .. import policies
from ..domain.requests import MAX_REASON, long_date
from ..models import ChronologyEntry, ChronologyVersion
from .matches import review_matches_refresh_later

# Copied as they are into the next version; the version and the primary key are new.
COPIED = (
    "uid",
    "position",
    "occurred_on",
    "occurred_time",
    "precision",
    "precision_rank",
    "source",
    "author_role",
    "what_happened",
    "who_was_present",
    "childs_voice",
    "opinion",
    "significant",
    "import_key",
    "created_by_id",
    "created_at",
    "updated_by_id",
    "updated_at",
)


def _latest(chronology) -> ChronologyVersion:
    version = (
        ChronologyVersion.objects.select_for_update()
        .filter(chronology=chronology)
        .order_by("-number")
        .first()
    )
    if version is None:
        raise ReviewRuleError("This chronology has no version", None)
    return version


def chronology_submit(*, actor, chronology, expected_entries: int | None = None) -> ChronologyVersion:
    """Submit the open version to the review; it is locked from then on. `expected_entries` is
    the number the person was shown: if the chronology changed since, nothing is submitted."""
    require(policies.can_submit_chronology(actor, chronology))
    with transaction.atomic():
        version = _latest(chronology)
        if version.submitted_at is not None:
            raise ReviewRuleError(
                f"Version {version.number} was already submitted on "
                f"{long_date(timezone.localdate(version.submitted_at))}",
                None,
            )
        count = ChronologyEntry.objects.filter(version=version).count()
        if count == 0:
            raise ReviewRuleError("Add at least one entry before submitting the chronology", None)
        if expected_entries is not None and expected_entries != count:
            raise ReviewRuleError(
                f"The chronology changed while you were checking it: it now holds {count} "
                f"{'entry' if count == 1 else 'entries'}. Check them again before submitting",
                None,
            )
        version.submitted_at, version.submitted_by = timezone.now(), actor
        version.save(update_fields=["submitted_at", "submitted_by"])
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=chronology,
            detail={
                "review": chronology.review_id,
                "version": version.number,
                "submitted": True,
                "entries": count,
            },
        )
        # The review's suggested matches read the latest submission of every agency.
        review_matches_refresh_later(review=chronology.review, actor=actor)
    return version


def chronology_version_open(*, actor, chronology, reason: str) -> ChronologyVersion:
    """Open the next version to change a submitted chronology, copying every entry and the
    documents linked to them."""
    require(policies.can_submit_chronology(actor, chronology))
    reason = (reason or "").strip()
    if not reason:
        raise ReviewRuleError("Enter why the chronology needs changing", "reason")
    if len(reason) > MAX_REASON:
        raise ReviewRuleError(f"The reason must be {MAX_REASON:,} characters or fewer", "reason")
    with transaction.atomic():
        previous = _latest(chronology)
        if previous.submitted_at is None:
            raise ReviewRuleError(
                f"Version {previous.number} has not been submitted yet: change its entries as they are",
                "reason",
            )
        version = ChronologyVersion.objects.create(
            chronology=chronology,
            number=previous.number + 1,
            reason=reason,
            created_by=actor,
            created_at=timezone.now(),
        )
        entries = list(ChronologyEntry.objects.filter(version=previous).order_by("position", "pk"))
        ChronologyEntry.objects.bulk_create(
            [
                ChronologyEntry(version=version, **{name: getattr(e, name) for name in COPIED})
                for e in entries
            ],
            batch_size=500,
        )
        new_by_uid = dict(ChronologyEntry.objects.filter(version=version).values_list("uid", "pk"))
        old_by_pk = {e.pk: e.uid for e in entries}
        links = ChronologyEntry.documents.through
        copied_links = [
            links(chronologyentry_id=new_by_uid[old_by_pk[entry_id]], reviewdocument_id=document_id)
            for entry_id, document_id in links.objects.filter(chronologyentry__version=previous).values_list(
                "chronologyentry_id", "reviewdocument_id"
            )
        ]
        links.objects.bulk_create(copied_links, batch_size=500)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=chronology,
            detail={
                "review": chronology.review_id,
                "version": version.number,
                "copied_entries": len(entries),
                "copied_documents": len(copied_links),
            },
        )
    return version
