"""Drafts are a person's own unsaved typing: not case records, so saving one is not audited
(the submit that turns a draft into a record is). Deleting old ones in bulk is: they can hold
case content, so the purge writes one summary row with how many went."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ..models import AuditAction, Draft
from .audit import audit_record

PURGE_ACTOR_LABEL = "system"

MAX_DRAFT_FIELD_CHARS = 100_000
MAX_DRAFT_FIELDS = 50


def _clean(data: dict) -> dict:
    cleaned = {}
    for name, value in list(data.items())[:MAX_DRAFT_FIELDS]:
        if name == "csrfmiddlewaretoken":
            continue
        if isinstance(value, str):
            cleaned[str(name)[:100]] = value[:MAX_DRAFT_FIELD_CHARS]
        elif isinstance(value, list):
            cleaned[str(name)[:100]] = [str(v)[:MAX_DRAFT_FIELD_CHARS] for v in value[:200]]
    return cleaned


def draft_save(*, actor, key: str, data: dict) -> Draft:
    with transaction.atomic():
        draft, _ = Draft.objects.update_or_create(user=actor, key=key[:300], defaults={"data": _clean(data)})
    return draft


def draft_discard(*, actor, key: str) -> None:
    with transaction.atomic():
        Draft.objects.filter(user=actor, key=key[:300]).delete()


def drafts_purge(*, older_than_days: int) -> int:
    """Delete every draft nobody has changed for `older_than_days` days (DRAFT_RETENTION_DAYS).

    Returns how many were deleted; when any were, one audit row says how many, as the
    system. Nothing is recorded when nothing was old enough.
    """
    if isinstance(older_than_days, bool) or not isinstance(older_than_days, int) or older_than_days < 1:
        raise ValueError(f"drafts are kept for a whole number of days, 1 or more, not {older_than_days!r}")
    cutoff = timezone.now() - timedelta(days=older_than_days)
    with transaction.atomic():
        deleted, _ = Draft.objects.filter(updated_at__lt=cutoff).delete()
        if deleted:
            audit_record(
                actor=None,
                actor_label=PURGE_ACTOR_LABEL,
                action=AuditAction.DELETE,
                detail={
                    "what": "drafts not changed for the retention period",
                    "drafts": deleted,
                    "older_than_days": older_than_days,
                    "updated_before": cutoff.isoformat(),
                },
            )
    return deleted
