from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from .. import policies
from ..access import require
from ..models import AuditAction, Share
from .audit import audit_record


def share_add(*, actor, record, organisation=None, person=None) -> Share:
    """Let another organisation or a named person take part in a record."""
    require(policies.can_share_record(actor, record))
    if (organisation is None) == (person is None):
        raise ValueError("Share with exactly one organisation or one person")
    content_type = ContentType.objects.get_for_model(record)
    with transaction.atomic():
        share, _ = Share.objects.get_or_create(
            content_type=content_type,
            object_id=record.pk,
            organisation=organisation,
            person=person,
            defaults={"added_by": actor},
        )
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=record,
            detail={
                "shared_with": {
                    "organisation": getattr(organisation, "pk", None),
                    "person": getattr(person, "pk", None),
                }
            },
        )
    return share


def share_remove(*, actor, share: Share) -> None:
    record = share.record
    require(policies.can_share_record(actor, record))
    with transaction.atomic():
        detail = {"unshared": {"organisation": share.organisation_id, "person": share.person_id}}
        share.delete()
        audit_record(actor=actor, action=AuditAction.CHANGE, target=record, detail=detail)
