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


# --- the parts of a running review (issue 5 items 4-8, 11, 13) ---

# Terms of reference and method (items 4 and 6): the review team writes them; the chair, the
# lead organisation's managers and its governance board members record their agreement.
AGREEING_ROLES = (Role.REVIEW_CHAIR, Role.SERVICE_MANAGER, Role.GOVERNANCE_BOARD_MEMBER)


def can_edit_terms(actor, review) -> bool:
    return is_signed_in(actor) and actor.has_role_in(review.lead_organisation_id, *CONTRIBUTING_ROLES)


def can_agree_terms(actor, review) -> bool:
    return is_signed_in(actor) and actor.has_role_in(review.lead_organisation_id, *AGREEING_ROLES)


# The team and the agencies involved (item 5). The chair (or a manager acting as one) records
# how a conflict of interest is handled (seed 001 independence of reviewers).
TEAM_ROLES = (Role.SERVICE_MANAGER, Role.REVIEW_CHAIR, Role.REVIEW_ADMINISTRATOR)
CONFLICT_ROLES = (Role.REVIEW_CHAIR, Role.SERVICE_MANAGER)


def can_manage_team(actor, review) -> bool:
    return is_signed_in(actor) and actor.has_role_in(review.lead_organisation_id, *TEAM_ROLES)


def can_declare_for(actor, review, member) -> bool:
    """A member declares their own independence; the team's managers may record it for them."""
    if not is_signed_in(actor):
        return False
    return (member.person_id is not None and member.person_id == actor.pk) or can_manage_team(actor, review)


def can_handle_conflict(actor, review) -> bool:
    return is_signed_in(actor) and actor.has_role_in(review.lead_organisation_id, *CONFLICT_ROLES)


# Meetings and events (item 7): the review team arranges them and writes their minutes.
def can_manage_meetings(actor, review) -> bool:
    return is_signed_in(actor) and actor.has_role_in(review.lead_organisation_id, *CONTRIBUTING_ROLES)


# The family (item 8): what the family said is read and written only by those who work with
# them or lead the review, not by everyone who can see the review.
FAMILY_ROLES = (Role.FAMILY_LIAISON, Role.REVIEW_CHAIR, Role.REVIEWER, Role.SERVICE_MANAGER)


def can_see_family(actor, review) -> bool:
    return is_signed_in(actor) and actor.has_role_in(review.lead_organisation_id, *FAMILY_ROLES)


def can_record_family(actor, review) -> bool:
    return can_see_family(actor, review)


# Governance (item 11): the review's leaders send things to a board; board members (and the
# lead organisation's managers, who often minute the board) record the board's sign-off.
SUBMITTING_ROLES = (Role.SERVICE_MANAGER, Role.REVIEW_CHAIR, Role.REVIEW_ADMINISTRATOR)
SIGN_OFF_ROLES = (Role.GOVERNANCE_BOARD_MEMBER, Role.SERVICE_MANAGER)


def can_submit_to_governance(actor, review) -> bool:
    return is_signed_in(actor) and actor.has_role_in(review.lead_organisation_id, *SUBMITTING_ROLES)


def can_record_sign_off(actor, review) -> bool:
    return is_signed_in(actor) and actor.has_role_in(review.lead_organisation_id, *SIGN_OFF_ROLES)


# Documents (item 13): anyone who may see the review may read them (through the checked view);
# the review team, family liaison and partner agency leads add them; the chair, a manager or
# the person who added one removes it.
DOCUMENT_ROLES = (*CONTRIBUTING_ROLES, Role.FAMILY_LIAISON, Role.PARTNER_AGENCY_LEAD, Role.QUALITY_ASSURER)


def can_upload_documents(actor, review) -> bool:
    return is_signed_in(actor) and actor.has_role_in(review.lead_organisation_id, *DOCUMENT_ROLES)


def can_remove_document(actor, review, document) -> bool:
    if not is_signed_in(actor):
        return False
    if document.uploaded_by_id == actor.pk:
        return True
    return actor.has_role_in(review.lead_organisation_id, *REOPENING_ROLES)
