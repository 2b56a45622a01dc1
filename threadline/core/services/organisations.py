from django.db import transaction

from .. import policies
from ..access import require
from ..domain.errors import RuleError
from ..models import AuditAction, Organisation
from ..models.organisations import GROUPING_TYPES
from .audit import audit_record


class OrganisationRuleError(RuleError):
    """An organisation change that breaks a rule."""


def _check_members(organisation_type: str, members) -> None:
    if members and organisation_type not in GROUPING_TYPES:
        raise OrganisationRuleError(
            "Only a safeguarding partnership or child protection committee can have member organisations",
            field="members",  # the service argument, which the form field mirrors
        )


def organisation_create(
    *, actor, name: str, type: str, nation: str, description: str = "", members=()
) -> Organisation:
    require(policies.can_manage_organisations(actor))
    _check_members(type, members)
    with transaction.atomic():
        organisation = Organisation.objects.create(
            name=name.strip(), type=type, nation=nation, description=description
        )
        organisation.member_organisations.set(members)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=organisation,
            detail={"type": type, "nation": nation, "members": sorted(m.pk for m in members)},
        )
    return organisation


def organisation_update(*, actor, organisation: Organisation, **changes) -> Organisation:
    """Change any of name, type, nation, description, is_active and members."""
    require(policies.can_manage_organisations(actor))
    members = changes.pop("members", None)
    new_type = changes.get("type", organisation.type)
    if members is not None:
        members = [m for m in members if m.pk != organisation.pk]
    _check_members(
        new_type, members if members is not None else list(organisation.member_organisations.all())
    )
    with transaction.atomic():
        changed = {}
        for field, value in changes.items():
            if field == "name":
                value = value.strip()
            if getattr(organisation, field) != value:
                changed[field] = {"from": getattr(organisation, field), "to": value}
                setattr(organisation, field, value)
        organisation.save()
        if members is not None:
            before = set(organisation.member_organisations.values_list("pk", flat=True))
            after = {m.pk for m in members}
            if before != after:
                organisation.member_organisations.set(members)
                changed["members"] = {"from": sorted(before), "to": sorted(after)}
        if "description" in changed:
            changed["description"] = "changed"
        audit_record(actor=actor, action=AuditAction.CHANGE, target=organisation, detail=changed)
    return organisation
