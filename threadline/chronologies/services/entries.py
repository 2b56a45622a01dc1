"""An agency's entries typed on the page (issue 6 item 2): added, changed and removed in the open
version only, each checked by the entry rules shared with imports (domain/entries.py), and
supporting documents kept with the review's documents and linked to the entry.

A submitted version is locked: every service here refuses to touch it, whatever a page offers.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from threadline.core.access import require
from threadline.core.models import AuditAction
from threadline.core.services import audit_record
from threadline.core.uploads import DOCUMENT_KINDS, UploadRuleError, check_upload
from threadline.reviews.domain.errors import ReviewRuleError
from threadline.reviews.models import Review, ReviewDocument
from threadline.reviews.selectors.documents import document_with_content, file_in_use
from threadline.reviews.services.documents import MAX_DESCRIPTION

from .. import policies
from ..domain.entries import CleanEntry, check_entry
from ..domain.requests import long_date
from ..models import ChronologyEntry, ChronologyVersion
from ..selectors.chronologies import entry_stamp

TEXT_PARTS = ("source", "author_role", "what_happened", "who_was_present", "childs_voice", "opinion")


class EntryConflict(Exception):
    """Someone saved the entry after the person opened it: nothing is saved."""

    def __init__(self, *, current: ChronologyEntry):
        who = str(current.updated_by) if current.updated_by else "Someone"
        super().__init__(f"{who} changed this entry while you were editing it")
        self.current = current


def _open_version(chronology) -> ChronologyVersion:
    """The chronology's latest version, locked for this transaction, refused if submitted."""
    version = (
        ChronologyVersion.objects.select_for_update()
        .filter(chronology=chronology)
        .order_by("-number")
        .first()
    )
    if version is None:
        raise ReviewRuleError("This chronology has no version to change", None)
    if version.submitted_at is not None:
        submitted_on = long_date(timezone.localdate(version.submitted_at))
        raise ReviewRuleError(
            f"Version {version.number} was submitted on {submitted_on} and is locked: "
            f"make changes to open version {version.number + 1} first",
            None,
        )
    return version


def _fields(clean: CleanEntry) -> dict:
    return {
        "occurred_on": clean.when.on,
        "occurred_time": clean.when.at,
        "precision": clean.when.precision,
        "precision_rank": clean.when.rank,
        "significant": clean.significant,
        **{part: getattr(clean, part) for part in TEXT_PARTS},
    }


def _check(chronology, values: Mapping) -> CleanEntry:
    return check_entry(values, period_from=chronology.period_from, period_to=chronology.period_to)


def _detail(entry: ChronologyEntry, version: ChronologyVersion, **more) -> dict:
    return {
        "review": version.chronology.review_id,
        "entry": entry.pk,
        "uid": str(entry.uid),
        "version": version.number,
        **more,
    }


def chronology_entry_add(*, actor, chronology, values: Mapping) -> ChronologyEntry:
    """Add an entry at the end of the agency's order to the open version. `values` holds the
    parts by key (domain.entries.COLUMNS); every problem is named by its part."""
    require(policies.can_write_chronology(actor, chronology))
    clean = _check(chronology, values)
    with transaction.atomic():
        version = _open_version(chronology)
        last = ChronologyEntry.objects.filter(version=version).aggregate(last=Max("position"))["last"]
        entry = ChronologyEntry.objects.create(
            version=version,
            position=(last or 0) + 1,
            created_by=actor,
            created_at=timezone.now(),
            **_fields(clean),
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=chronology,
            detail=_detail(
                entry,
                version,
                occurred_on=clean.when.on.isoformat(),
                precision=clean.when.precision,
                significant=clean.significant,
            ),
        )
    return entry


def _current_entry(entry: ChronologyEntry, version: ChronologyVersion) -> ChronologyEntry:
    if entry.version_id != version.pk:
        raise ReviewRuleError("This entry belongs to a version that is locked", None)
    current = (
        ChronologyEntry.objects.select_for_update(of=("self",))
        .filter(pk=entry.pk)
        .select_related("updated_by")
        .first()
    )
    if current is None:
        raise ReviewRuleError("This entry has been removed", None)
    return current


def chronology_entry_change(
    *, actor, entry: ChronologyEntry, values: Mapping, seen: str | None = None
) -> ChronologyEntry:
    """Change an entry of the open version. `seen` is the entry's stamp when the person opened
    it: if someone saved it since, nothing is saved and EntryConflict says who."""
    chronology = entry.version.chronology
    require(policies.can_write_chronology(actor, chronology))
    clean = _check(chronology, values)
    with transaction.atomic():
        version = _open_version(chronology)
        current = _current_entry(entry, version)
        if seen is not None and seen != entry_stamp(current):
            raise EntryConflict(current=current)
        fields = _fields(clean)
        changed = [name for name, value in fields.items() if getattr(current, name) != value]
        for name, value in fields.items():
            setattr(current, name, value)
        current.updated_by, current.updated_at = actor, timezone.now()
        current.save()
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=chronology,
            detail=_detail(current, version, changed=changed),
        )
    return current


def chronology_entry_remove(*, actor, entry: ChronologyEntry) -> None:
    """Remove an entry from the open version. Earlier, submitted versions keep their copy."""
    chronology = entry.version.chronology
    require(policies.can_write_chronology(actor, chronology))
    with transaction.atomic():
        version = _open_version(chronology)
        current = _current_entry(entry, version)
        detail = _detail(current, version)
        current.delete()
        audit_record(actor=actor, action=AuditAction.DELETE, target=chronology, detail=detail)


def chronology_entry_document_add(
    *, actor, entry: ChronologyEntry, uploaded_file, description: str = ""
) -> ReviewDocument:
    """Keep a supporting document with the review's documents, uploaded by the agency's person,
    and link it to the entry. The same bytes already in the review's documents are linked, not
    stored twice."""
    chronology = entry.version.chronology
    require(policies.can_write_chronology(actor, chronology))
    review = chronology.review
    description = (description or "").strip()
    if len(description) > MAX_DESCRIPTION:
        raise ReviewRuleError(f"The description must be {MAX_DESCRIPTION} characters or fewer", "description")
    try:
        checked = check_upload(uploaded_file, allowed=DOCUMENT_KINDS, field="file")
    except UploadRuleError as error:
        raise ReviewRuleError(str(error), error.field) from None
    stored = ""
    document = None
    try:
        with transaction.atomic():
            # One upload at a time per review, as the review's documents page does.
            Review.objects.select_for_update().filter(pk=review.pk).first()
            version = _open_version(chronology)
            current = _current_entry(entry, version)
            document = document_with_content(review, checked.sha256)
            linked_existing = document is not None
            if document is None:
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
                document.file.save(checked.name, uploaded_file, save=False)
                stored = document.file.name
                document.save()
            elif current.documents.filter(pk=document.pk).exists():
                raise ReviewRuleError(f"“{document.original_name}” is already linked to this entry", "file")
            current.documents.add(document)
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                target=chronology,
                detail=_detail(
                    current,
                    version,
                    document=document.pk,
                    content_type=checked.content_type,
                    size=checked.size,
                    sha256=checked.sha256,
                    linked_existing=linked_existing,
                ),
            )
    except BaseException:
        # The row was not kept, so neither is the file.
        if stored and not file_in_use(stored):
            document.file.storage.delete(stored)
        raise
    return document
