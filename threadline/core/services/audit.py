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
    person = actor if getattr(actor, "is_authenticated", False) else None
    if organisation is None and target is not None:
        organisation = _organisation_of(target)
    if organisation is None and person is not None:
        # Sign-ins, refusals and exports belong to the person's own organisation, so that its
        # service managers see them in their part of the log.
        organisation = _first_organisation_id(person)
    return AuditEvent.objects.create(
        actor=person,
        actor_label=actor_label or (person.email if person else ""),
        organisation_id=getattr(organisation, "pk", organisation),
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=_label(target),
        ip_address=context.ip_address if context else None,
        user_agent=context.user_agent[:300] if context else "",
        path=context.path[:500] if context else "",
        detail=detail or {},
    )


def _first_organisation_id(person):
    ids = sorted(person.organisation_ids())
    return ids[0] if ids else None


def _organisation_of(target):
    from ..models import Organisation, User

    if isinstance(target, Organisation):
        return target.pk
    if isinstance(target, User):
        return _first_organisation_id(target)
    found = getattr(target, "lead_organisation", None) or getattr(target, "organisation", None)
    return getattr(found, "pk", found)
