"""Saving the terms of reference and recording that a version was agreed (issue 5 items 4, 6
and 12).

A save names the version it was opened at. If someone saved since, nothing is written: the
caller gets a TermsConflict and shows the person what changed. The version check is part of the
UPDATE itself, so two saves racing from the same version cannot both win, on PostgreSQL or
SQLite (as services/records.py does for a stage's record).
"""

from collections.abc import Mapping
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from threadline.core.access import require
from threadline.core.models import AuditAction
from threadline.core.services import audit_record

from .. import policies
from ..domain.errors import ReviewRuleError
from ..domain.terms import KEY_LINES, TermsConflict, changed_parts, check_agreement, clean_terms
from ..models import ReviewStatus, TermsOfReference, TermsOfReferenceVersion
from ..selectors import terms as selectors


def _check_open(review) -> None:
    if review.status == ReviewStatus.COMPLETED:
        raise ReviewRuleError("This review is complete. Ask the review chair to reopen a stage to change it.")


def _terms_row(review) -> TermsOfReference:
    terms = TermsOfReference.objects.filter(review=review).first()
    if terms is not None:
        return terms
    try:
        with transaction.atomic():
            return TermsOfReference.objects.create(review=review)
    except IntegrityError:
        return TermsOfReference.objects.get(review=review)


def _conflict(review, terms: TermsOfReference, base_version: int) -> TermsConflict:
    terms.refresh_from_db()
    return TermsConflict(
        base_version=base_version,
        current_version=terms.version,
        changed_by=selectors.terms_editors_since(review, base_version),
    )


def review_terms_save(*, actor, review, values: Mapping, base_version: int) -> TermsOfReference:
    """Save the terms (part key -> text, dates as YYYY-MM-DD, "methods" as a list of keys) as the
    next version after `base_version`. Saving what is already there makes no new version."""
    require(policies.can_edit_terms(actor, review))
    _check_open(review)
    data = clean_terms(values, offered=selectors.offered_methods(review))
    with transaction.atomic():
        terms = _terms_row(review)
        if terms.version != base_version:
            raise _conflict(review, terms, base_version)
        changed = changed_parts(terms.data, data)
        if not changed:
            if terms.version == 0:
                raise ReviewRuleError("Enter at least one part of the terms of reference", KEY_LINES)
            return terms
        now = timezone.now()
        saved = TermsOfReference.objects.filter(pk=terms.pk, version=base_version).update(
            data=data, version=base_version + 1, updated_by=actor, updated_at=now
        )
        if saved != 1:
            raise _conflict(review, terms, base_version)
        TermsOfReferenceVersion.objects.create(
            terms=terms, version=base_version + 1, data=data, saved_by=actor, saved_at=now
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE if base_version == 0 else AuditAction.CHANGE,
            target=review,
            detail={"terms_of_reference": base_version + 1, "parts_changed": changed},
        )
    terms.refresh_from_db()
    return terms


def review_terms_agree(
    *, actor, review, version: int, agreed_by: str, agreed_on: date | None
) -> TermsOfReferenceVersion:
    """Record that `version` of the terms was agreed, by whom (a person or a body, in words) and
    on what date."""
    require(policies.can_agree_terms(actor, review))
    _check_open(review)
    with transaction.atomic():
        terms = TermsOfReference.objects.select_for_update().filter(review=review).first()
        found = (
            TermsOfReferenceVersion.objects.select_for_update().filter(terms=terms, version=version).first()
            if terms is not None
            else None
        )
        if found is None:
            raise ReviewRuleError("Choose a saved version of the terms of reference", "version")
        latest = (
            TermsOfReferenceVersion.objects.filter(terms=terms, agreed_on__isnull=False)
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
        )
        problems = check_agreement(
            version=found.version,
            agreed_by=agreed_by,
            agreed_on=agreed_on,
            saved_on=timezone.localdate(found.saved_at),
            today=timezone.localdate(),
            latest_agreed=latest,
        )
        if problems:
            raise ReviewRuleError.from_problems(problems)
        found.agreed_by = agreed_by.strip()
        found.agreed_on = agreed_on
        found.agreement_recorded_by = actor
        found.agreement_recorded_at = timezone.now()
        found.save(update_fields=["agreed_by", "agreed_on", "agreement_recorded_by", "agreement_recorded_at"])
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=review,
            detail={"terms_of_reference_agreed": found.version, "agreed_on": agreed_on.isoformat()},
        )
    return found
