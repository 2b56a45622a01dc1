"""Who may start, see and work on reviews.

Seeing a review is a matter of isolation (selectors.reviews_visible_to: the lead
organisation's people and those it is shared with). Acting on it needs a role in the lead
organisation.
"""

from threadline.core.models import Role
from threadline.core.policies import is_signed_in
from threadline.incidents import policies as incident_policies

# Service managers and review chairs start reviews and reopen stages (issue 5 item 1).
STARTING_ROLES = (Role.SERVICE_MANAGER, Role.REVIEW_CHAIR)
REOPENING_ROLES = (Role.REVIEW_CHAIR, Role.SERVICE_MANAGER)
# The review team writes what a stage records, besides the roles that complete it.
CONTRIBUTING_ROLES = (
    Role.SERVICE_MANAGER,
    Role.REVIEW_CHAIR,
    Role.REVIEWER,
    Role.TEAM_MEMBER,
    Role.REVIEW_ADMINISTRATOR,
)


def can_list_reviews(actor) -> bool:
    return is_signed_in(actor)


def can_start_reviews_anywhere(actor) -> bool:
    return is_signed_in(actor) and actor.has_role_anywhere(*STARTING_ROLES)


def can_start_review(actor, incident) -> bool:
    return is_signed_in(actor) and actor.has_role_in(incident.lead_organisation_id, *STARTING_ROLES)


def can_edit_stage(actor, review, stage) -> bool:
    roles = set(stage.completed_by) | set(CONTRIBUTING_ROLES)
    return is_signed_in(actor) and actor.has_role_in(review.lead_organisation_id, *roles)


def can_record_decision(actor, review, stage) -> bool:
    """The roles that complete the stage, or the lead organisation's managers."""
    return incident_policies.can_complete_stage(actor, review.incident, stage)


def can_complete_stage(actor, review, stage) -> bool:
    return incident_policies.can_complete_stage(actor, review.incident, stage)


def can_reopen_stage(actor, review) -> bool:
    return is_signed_in(actor) and actor.has_role_in(review.lead_organisation_id, *REOPENING_ROLES)


# Costs and how they are shared (issue 5 item 10): the lead organisation's managers and chairs.
COSTING_ROLES = (Role.SERVICE_MANAGER, Role.REVIEW_CHAIR)


def can_set_costs(actor, review) -> bool:
    return is_signed_in(actor) and actor.has_role_in(review.lead_organisation_id, *COSTING_ROLES)


# Parallel proceedings (issue 5 item 9) may pause the incident's clock: its managers and chairs.
PROCEEDING_ROLES = (Role.SERVICE_MANAGER, Role.REVIEW_CHAIR)


def can_manage_proceedings(actor, review) -> bool:
    return is_signed_in(actor) and actor.has_role_in(review.lead_organisation_id, *PROCEEDING_ROLES)
