"""Drafts are a person's own unsaved typing: not case records, so saving one is not audited
(the submit that turns a draft into a record is)."""

from django.db import transaction

from ..models import Draft

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
