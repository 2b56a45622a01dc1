"""The managed taxonomy of themes: system administrators add, rename and retire them. A theme
is never deleted, so findings tagged with it keep their tag."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from threadline.core.access import require
from threadline.core.models import AuditAction
from threadline.core.services import audit_record
from threadline.reviews.domain.errors import ReviewRuleError

from .. import policies
from ..models import Theme

MAX_NAME = 120


def _name(name: str, *, other_than=None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ReviewRuleError("Enter the theme's name", "name")
    if len(name) > MAX_NAME:
        raise ReviewRuleError(f"The name must be {MAX_NAME} characters or fewer", "name")
    if Theme.objects.filter(name__iexact=name).exclude(pk=other_than).exists():
        raise ReviewRuleError("There is already a theme with this name", "name")
    return name


def theme_add(*, actor, name: str, description: str = "") -> Theme:
    require(policies.can_manage_themes(actor))
    name = _name(name)
    base = slugify(name)[:50] or "theme"
    with transaction.atomic():
        key, n = base, 1
        while Theme.objects.filter(key=key).exists():
            n += 1
            key = f"{base}-{n}"
        order = (Theme.objects.order_by("-order").values_list("order", flat=True).first() or 0) + 1
        theme = Theme.objects.create(key=key, name=name, description=(description or "").strip(), order=order)
        audit_record(actor=actor, action=AuditAction.CREATE, target=theme, detail={"theme": key})
    return theme


def theme_rename(*, actor, theme: Theme, name: str) -> Theme:
    """The key stays, so links and reports keep pointing at the same theme."""
    require(policies.can_manage_themes(actor))
    name = _name(name, other_than=theme.pk)
    with transaction.atomic():
        Theme.objects.filter(pk=theme.pk).update(name=name)
        audit_record(actor=actor, action=AuditAction.CHANGE, target=theme, detail={"theme": theme.key})
    theme.refresh_from_db()
    return theme


def theme_retire(*, actor, theme: Theme) -> Theme:
    """No longer offered for new tags; findings already tagged keep it."""
    require(policies.can_manage_themes(actor))
    if theme.retired_at is not None:
        raise ReviewRuleError("This theme is already retired", "theme")
    with transaction.atomic():
        Theme.objects.filter(pk=theme.pk).update(retired_at=timezone.now())
        audit_record(
            actor=actor, action=AuditAction.CHANGE, target=theme, detail={"theme": theme.key, "retired": True}
        )
    theme.refresh_from_db()
    return theme
