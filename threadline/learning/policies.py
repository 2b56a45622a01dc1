"""Who may write findings and recommendations, own and update actions, and check them back.

Findings and recommendations are the review team's; actions are owned across agencies: an
owner (and the managers of the owning organisation) post progress on their own actions only; the
review's chair and managers check evidence and check actions back.
"""

from threadline.core.models import Role
from threadline.core.policies import is_signed_in
from threadline.reviews import policies as review_policies

WRITING_ROLES = review_policies.CONTRIBUTING_ROLES
CHECKING_ROLES = (Role.REVIEW_CHAIR, Role.SERVICE_MANAGER, Role.QUALITY_ASSURER)
OWNING_ORGANISATION_ROLES = (Role.SERVICE_MANAGER, Role.PARTNER_AGENCY_LEAD)


def can_list_learning(actor) -> bool:
    return is_signed_in(actor)


def can_write_learning(actor, review) -> bool:
    """Findings, recommendations and the actions made from them."""
    return is_signed_in(actor) and actor.has_role_in(review.lead_organisation_id, *WRITING_ROLES)


def can_check_actions(actor, review) -> bool:
    """Confirm an action's evidence and record its check-back."""
    return is_signed_in(actor) and actor.has_role_in(review.lead_organisation_id, *CHECKING_ROLES)


def can_update_action(actor, action) -> bool:
    """The owner, or a manager or agency lead of the owning organisation."""
    if not is_signed_in(actor) or action.removed_at is not None:
        return False
    return action.owner_id == actor.pk or actor.has_role_in(
        action.owner_organisation_id, *OWNING_ORGANISATION_ROLES
    )


def can_manage_themes(actor) -> bool:
    return is_signed_in(actor) and actor.has_role_anywhere(Role.SYSTEM_ADMINISTRATOR)
