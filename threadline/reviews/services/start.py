"""Turning an eligible incident into a review (issue 5 item 1)."""

from django.db import IntegrityError, transaction

from threadline.core.access import require
from threadline.core.models import AuditAction
from threadline.core.services import audit_record, share_add
from threadline.incidents.models import IncidentStatus

from .. import policies
from ..domain.errors import ReviewRuleError
from ..models import Review


def review_start(*, actor, incident) -> Review:
    """Start the review of an eligible incident, or give back the one already started.

    Everyone the incident is shared with takes part in the review too.
    """
    require(policies.can_start_review(actor, incident))
    existing = Review.objects.filter(incident=incident).first()
    if existing is not None:
        return existing
    if incident.status == IncidentStatus.MERGED:
        into = incident.merged_into
        raise ReviewRuleError(
            f"This incident was merged into {into.reference if into else 'another incident'}: "
            "start the review from that incident",
            "incident",
        )
    if incident.eligible is not True:
        raise ReviewRuleError(
            "This incident is not eligible for a review. A service manager can override the "
            "eligibility decision, with a rationale, on the incident's page.",
            "incident",
        )
    try:
        with transaction.atomic():
            review = Review.objects.create(
                lead_organisation_id=incident.lead_organisation_id, incident=incident, started_by=actor
            )
            shares = list(incident.shares.all())
            for share in shares:
                share_add(actor=actor, record=review, organisation=share.organisation, person=share.person)
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                target=review,
                detail={
                    "incident": incident.reference,
                    "framework": incident.framework_version.framework.key,
                    "version": incident.framework_version.number,
                    "shares_copied": len(shares),
                },
            )
    except IntegrityError:
        # Someone else started it at the same moment: theirs is the review.
        existing = Review.objects.filter(incident=incident).first()
        if existing is None:
            raise
        return existing
    return review
