"""Who may notify, see and act on incidents."""

from threadline.core.models import Role
from threadline.core.policies import is_signed_in

NOTIFYING_ROLES = (Role.PRACTITIONER, Role.SERVICE_MANAGER, Role.REVIEW_CHAIR, Role.REVIEW_ADMINISTRATOR)
# People with a need to know who the child is (DESIGN §3: kept apart, shown only with a need).
IDENTIFYING_ROLES = (Role.PRACTITIONER, Role.SERVICE_MANAGER, Role.FAMILY_LIAISON)
MANAGING_ROLES = (Role.SERVICE_MANAGER, Role.REVIEW_CHAIR)


def can_notify_incident(actor, organisation) -> bool:
    return is_signed_in(actor) and actor.has_role_in(organisation, *NOTIFYING_ROLES)


def can_notify_anywhere(actor) -> bool:
    return is_signed_in(actor) and actor.has_role_anywhere(*NOTIFYING_ROLES)


def can_list_incidents(actor) -> bool:
    return is_signed_in(actor)


def can_view_identifying_details(actor, incident) -> bool:
    return is_signed_in(actor) and actor.has_role_in(incident.lead_organisation_id, *IDENTIFYING_ROLES)


def can_override_eligibility(actor, incident) -> bool:
    return is_signed_in(actor) and actor.has_role_in(incident.lead_organisation_id, Role.SERVICE_MANAGER)


def can_manage_clock(actor, incident) -> bool:
    """Pauses, delays and event dates are decisions for the lead organisation's managers."""
    return is_signed_in(actor) and actor.has_role_in(incident.lead_organisation_id, *MANAGING_ROLES)


def can_complete_stage(actor, incident, stage) -> bool:
    roles = set(stage.completed_by) | set(MANAGING_ROLES)
    return is_signed_in(actor) and actor.has_role_in(incident.lead_organisation_id, *roles)


def can_merge_incidents(actor) -> bool:
    return is_signed_in(actor) and actor.is_system_administrator
