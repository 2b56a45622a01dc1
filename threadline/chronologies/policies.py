"""Who may ask for, write, submit, read and analyse chronologies (issue 6).

An agency's chronology is written by that agency: its partner agency lead, its managers and its
practitioners (who often know the contacts best); the lead submits it. The review that asked for
it reads every agency's submitted chronology and works on the merged one; an agency does not see
the other agencies' chronologies.
"""

from threadline.core.models import Role
from threadline.core.policies import is_signed_in
from threadline.reviews import policies as review_policies

REQUESTING_ROLES = (Role.REVIEW_ADMINISTRATOR, Role.REVIEW_CHAIR, Role.SERVICE_MANAGER)
WRITING_ROLES = (Role.PARTNER_AGENCY_LEAD, Role.SERVICE_MANAGER, Role.PRACTITIONER)
SUBMITTING_ROLES = (Role.PARTNER_AGENCY_LEAD, Role.SERVICE_MANAGER)
# The review team reads the agencies' chronologies and works on the merged one.
ANALYSING_ROLES = (*review_policies.CONTRIBUTING_ROLES, Role.QUALITY_ASSURER)


def can_list_chronologies(actor) -> bool:
    return is_signed_in(actor)


def can_request_chronologies(actor, review) -> bool:
    return is_signed_in(actor) and actor.has_role_in(review.lead_organisation_id, *REQUESTING_ROLES)


def is_agency_writer(actor, chronology) -> bool:
    return is_signed_in(actor) and actor.has_role_in(chronology.organisation_id, *WRITING_ROLES)


def can_write_chronology(actor, chronology) -> bool:
    return chronology.withdrawn_at is None and is_agency_writer(actor, chronology)


def can_submit_chronology(actor, chronology) -> bool:
    return chronology.withdrawn_at is None and (
        is_signed_in(actor) and actor.has_role_in(chronology.organisation_id, *SUBMITTING_ROLES)
    )


def can_read_review_chronologies(actor, review) -> bool:
    """The review team: every agency's submitted chronology and the merged chronology."""
    return is_signed_in(actor) and actor.has_role_in(review.lead_organisation_id, *ANALYSING_ROLES)


def can_analyse(actor, review) -> bool:
    """Confirm matches, mark episodes, set the gap length, add analysis notes, export."""
    return can_read_review_chronologies(actor, review)
