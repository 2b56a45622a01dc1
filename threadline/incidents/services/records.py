"""Eligibility overrides and seeing who the child is."""

from django.db import transaction

from threadline.core.access import require
from threadline.core.models import AuditAction
from threadline.core.services import audit_record

from .. import policies
from ..models import Incident
from .notify import IncidentRuleError


def incident_eligibility_override(*, actor, incident: Incident, eligible: bool, rationale: str) -> Incident:
    """A manager's decision against the rules, with the rationale on record."""
    require(policies.can_override_eligibility(actor, incident))
    if not rationale.strip():
        raise IncidentRuleError("Enter the rationale for your decision", "rationale")
    with transaction.atomic():
        before = incident.eligible
        incident.eligible = eligible
        incident.eligibility_overridden = True
        incident.eligibility_override_rationale = rationale.strip()
        incident.eligibility_overridden_by = actor
        incident.save(
            update_fields=[
                "eligible",
                "eligibility_overridden",
                "eligibility_override_rationale",
                "eligibility_overridden_by",
            ]
        )
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=incident,
            detail={
                "eligible": {"from": before, "to": eligible},
                "rationale": incident.eligibility_override_rationale,
            },
        )
    return incident


def incident_identifying_details_view(*, actor, incident: Incident):
    """Reading who the child is, for those with a need, is itself recorded."""
    require(policies.can_view_identifying_details(actor, incident))
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditAction.VIEW,
            target=incident.child,
            organisation=incident.lead_organisation,
            detail={"identifying_details": True, "incident": incident.reference},
        )
    return incident.child
