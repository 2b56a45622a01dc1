"""Writing findings (issue 7 item 1): what the review learned, the evidence behind it, its
themes, and whether it is learning or good practice."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from threadline.core.access import require
from threadline.core.models import AuditAction
from threadline.core.services import audit_record
from threadline.reviews.domain.errors import ReviewRuleError

from .. import policies
from ..domain.findings import StaleSave
from ..models import Finding, FindingKind
from ..selectors import findings as read

MAX_TITLE = 200
MAX_TEXT = 20_000


def _checked(review, *, kind, title, text, theme_ids, entry_uids, document_ids, meeting_ids):
    if kind not in FindingKind.values:
        raise ReviewRuleError("Choose whether this is learning or good practice", "kind")
    title = (title or "").strip()
    if not title:
        raise ReviewRuleError("Enter a short title for the finding", "title")
    if len(title) > MAX_TITLE:
        raise ReviewRuleError(f"The title must be {MAX_TITLE} characters or fewer", "title")
    text = (text or "").strip()
    if not text:
        raise ReviewRuleError("Enter what was learned", "text")
    if len(text) > MAX_TEXT:
        raise ReviewRuleError(f"The finding must be {MAX_TEXT:,} characters or fewer", "text")
    themes = list(read.themes_in_use().filter(pk__in=list(theme_ids or [])))
    if len(themes) != len(set(theme_ids or [])):
        raise ReviewRuleError("Choose themes from the list", "themes")
    uids = sorted({str(uid) for uid in entry_uids or []})
    if uids and not set(uids) <= read.entry_uids_of(review):
        raise ReviewRuleError("Choose chronology entries of this review's merged chronology", "entries")
    documents = list(read.evidence_documents(review).filter(pk__in=list(document_ids or [])))
    if len(documents) != len(set(document_ids or [])):
        raise ReviewRuleError("Choose documents of this review", "documents")
    meetings = list(read.evidence_meetings(review).filter(pk__in=list(meeting_ids or [])))
    if len(meetings) != len(set(meeting_ids or [])):
        raise ReviewRuleError("Choose meetings of this review that have minutes", "meetings")
    return title, text, themes, uids, documents, meetings


def _detail(finding: Finding, themes, uids, documents, meetings) -> dict:
    return {
        "finding": finding.pk,
        "kind": finding.kind,
        "version": finding.version,
        "themes": sorted(t.key for t in themes),
        "entries": len(uids),
        "documents": len(documents),
        "meetings": len(meetings),
    }


def finding_add(
    *,
    actor,
    review,
    kind: str,
    title: str,
    text: str,
    theme_ids=(),
    entry_uids=(),
    document_ids=(),
    meeting_ids=(),
) -> Finding:
    require(policies.can_write_learning(actor, review))
    title, text, themes, uids, documents, meetings = _checked(
        review,
        kind=kind,
        title=title,
        text=text,
        theme_ids=theme_ids,
        entry_uids=entry_uids,
        document_ids=document_ids,
        meeting_ids=meeting_ids,
    )
    with transaction.atomic():
        order = Finding.objects.filter(review=review).count() + 1
        finding = Finding.objects.create(
            review=review,
            kind=kind,
            title=title,
            text=text,
            chronology_entries=uids,
            order=order,
            version=1,
            created_by=actor,
        )
        finding.themes.set(themes)
        finding.documents.set(documents)
        finding.meetings.set(meetings)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=review,
            detail=_detail(finding, themes, uids, documents, meetings),
        )
    return finding


def _refuse_if_stale(finding: Finding, base_version: int) -> None:
    """Before any other check: what someone else saved meanwhile is merged first, and the
    rules then judge the merged result. The UPDATE below still decides a race."""
    current = Finding.objects.filter(pk=finding.pk).values_list("version", flat=True).first()
    if current is not None and current != base_version:
        raise StaleSave(base_version=base_version, current_version=current)


def finding_change(
    *,
    actor,
    finding: Finding,
    base_version: int,
    kind: str,
    title: str,
    text: str,
    theme_ids=(),
    entry_uids=(),
    document_ids=(),
    meeting_ids=(),
) -> Finding:
    """Save as the next version after `base_version`; a stale save writes nothing."""
    review = finding.review
    require(policies.can_write_learning(actor, review))
    _refuse_if_stale(finding, base_version)
    title, text, themes, uids, documents, meetings = _checked(
        review,
        kind=kind,
        title=title,
        text=text,
        theme_ids=theme_ids,
        entry_uids=entry_uids,
        document_ids=document_ids,
        meeting_ids=meeting_ids,
    )
    with transaction.atomic():
        # The version check is part of the UPDATE, so two saves from one version cannot both win.
        saved = Finding.objects.filter(pk=finding.pk, version=base_version, removed_at__isnull=True).update(
            kind=kind,
            title=title,
            text=text,
            chronology_entries=uids,
            version=base_version + 1,
            updated_by=actor,
            updated_at=timezone.now(),
        )
        if saved != 1:
            current = Finding.objects.get(pk=finding.pk)
            raise StaleSave(base_version=base_version, current_version=current.version)
        finding.refresh_from_db()
        finding.themes.set(themes)
        finding.documents.set(documents)
        finding.meetings.set(meetings)
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=review,
            detail=_detail(finding, themes, uids, documents, meetings),
        )
    return finding


def finding_remove(*, actor, finding: Finding) -> Finding:
    """Kept on the record (recommendations may point at it), but no longer listed."""
    review = finding.review
    require(policies.can_write_learning(actor, review))
    with transaction.atomic():
        Finding.objects.filter(pk=finding.pk).update(removed_at=timezone.now(), updated_by=actor)
        audit_record(actor=actor, action=AuditAction.DELETE, target=review, detail={"finding": finding.pk})
    finding.refresh_from_db()
    return finding
