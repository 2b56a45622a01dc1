from django.db import models

from ..models import AuditAction, AuditEvent
from ..request_context import current_request_context


def _label(target) -> str:
    return str(target)[:300] if target is not None else ""


def audit_record(
    *,
    actor,
    action: AuditAction | str,
    target: models.Model | None = None,
    organisation=None,
    detail: dict | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Append one row to the audit log.

    Callers inside a service call this within the service's transaction, so the row
    and the change commit or roll back together.
    """
    context = current_request_context()
    if organisation is None and target is not None:
        organisation = _organisation_of(target)
    person = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=person,
        actor_label=actor_label or (person.email if person else ""),
        organisation=organisation,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=_label(target),
        ip_address=context.ip_address if context else None,
        user_agent=context.user_agent[:300] if context else "",
        path=context.path[:500] if context else "",
        detail=detail or {},
    )


def _organisation_of(target):
    from ..models import Organisation

    if isinstance(target, Organisation):
        return target
    return getattr(target, "lead_organisation", None) or getattr(target, "organisation", None)
