"""Eligibility overrides, seeing who the child is, and merging duplicates."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from threadline.core.access import require
from threadline.core.models import AuditAction, Share
from threadline.core.services import audit_record

from .. import policies
from ..models import ClockPause, DeadlineDelay, Incident, IncidentStatus, StageCompletion, WhoWasTold
from ..reminders import reminders_schedule_on_commit
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


def incident_merge(*, actor, duplicate: Incident, into: Incident) -> Incident:
    """Fold a duplicate into the incident that stays. Nothing is deleted: its notifications,
    dates and shares move across, and it stays readable, marked as merged."""
    require(policies.can_merge_incidents(actor))
    if duplicate.pk == into.pk:
        raise IncidentRuleError("Choose two different incidents", "into")
    if duplicate.status == IncidentStatus.MERGED:
        raise IncidentRuleError("That incident has already been merged", "duplicate")
    if into.status == IncidentStatus.MERGED:
        raise IncidentRuleError("Merge into the incident that remains, not one already merged", "into")
    with transaction.atomic():
        WhoWasTold.objects.filter(incident=duplicate).update(incident=into)
        kept_stages = set(StageCompletion.objects.filter(incident=into).values_list("stage_id", flat=True))
        StageCompletion.objects.filter(incident=duplicate).exclude(stage_id__in=kept_stages).update(
            incident=into
        )
        if into.framework_version_id == duplicate.framework_version_id:
            DeadlineDelay.objects.filter(incident=duplicate).update(incident=into)
        ClockPause.objects.filter(incident=duplicate, ended_on__isnull=False).update(incident=into)
        # Everyone who took part in the duplicate keeps seeing the incident that remains.
        incident_type = ContentType.objects.get_for_model(Incident)
        for share in Share.objects.filter(content_type=incident_type, object_id=duplicate.pk):
            Share.objects.get_or_create(
                content_type=share.content_type,
                object_id=into.pk,
                organisation=share.organisation,
                person=share.person,
                defaults={"added_by": actor},
            )
        if duplicate.lead_organisation_id != into.lead_organisation_id:
            Share.objects.get_or_create(
                content_type=incident_type,
                object_id=into.pk,
                organisation_id=duplicate.lead_organisation_id,
                person=None,
                defaults={"added_by": actor},
            )
        duplicate.status = IncidentStatus.MERGED
        duplicate.merged_into = into
        duplicate.save(update_fields=["status", "merged_into"])
        audit_record(
            actor=actor, action=AuditAction.CHANGE, target=duplicate, detail={"merged_into": into.reference}
        )
        audit_record(
            actor=actor, action=AuditAction.CHANGE, target=into, detail={"merged_from": duplicate.reference}
        )
        reminders_schedule_on_commit(into)
    return into
