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


# Merging is a decision about case records, so it is for the people who lead them: a service
# manager of the duplicate's lead organisation, who must also be able to see the incident
# that stays (selectors.incidents_visible_to). A system administrator sees no case records
# (DESIGN §1) and so merges nothing.
MERGING_ROLES = (Role.SERVICE_MANAGER,)


def can_merge_incidents(actor) -> bool:
    """May merge some incident: the way into merging (the incident list's button)."""
    return is_signed_in(actor) and actor.has_role_anywhere(*MERGING_ROLES)


def can_merge_incident(actor, duplicate) -> bool:
    """May fold `duplicate` into another incident they can see."""
    return is_signed_in(actor) and actor.has_role_in(duplicate.lead_organisation_id, *MERGING_ROLES)
