"""Writing recommendations in CLEAR form (issue 7 item 2; seed 004).

On every save the CLEAR checker runs. A flag stops the save unless the author gives a reason for
going past it; the reasons are kept in `overrides`. A recommendation nobody is responsible for
is refused outright: an action plan cannot be made from it.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from threadline.core.access import require
from threadline.core.models import AuditAction
from threadline.core.services import audit_record
from threadline.reviews.domain.errors import ReviewRuleError

from .. import policies
from ..domain.clear import MISSING_ORGANISATION, check, missing_organisation, unanswered
from ..domain.findings import FlagsToAnswer, StaleSave
from ..models import Recommendation
from ..selectors import findings as read

MAX_TITLE = 200
MAX_PART = 10_000
MAX_REASON = 1000
TEXTS = ("case_for_change", "learning", "evidence", "responsibility", "outcome")


def _checked(review, *, title, parts, finding_ids, organisation_ids, review_by, overrides):
    title = (title or "").strip()
    if not title:
        raise ReviewRuleError("Enter the recommendation in a sentence", "title")
    if len(title) > MAX_TITLE:
        raise ReviewRuleError(f"The recommendation must be {MAX_TITLE} characters or fewer", "title")
    parts = {name: (parts.get(name) or "").strip() for name in TEXTS}
    for name, value in parts.items():
        if len(value) > MAX_PART:
            raise ReviewRuleError(f"This part must be {MAX_PART:,} characters or fewer", name)
    findings = list(read.findings_of(review).filter(pk__in=list(finding_ids or [])))
    if len(findings) != len(set(finding_ids or [])):
        raise ReviewRuleError("Choose findings of this review", "findings")
    organisations = list(read.responsible_choices(review).filter(pk__in=list(organisation_ids or [])))
    if len(organisations) != len(set(organisation_ids or [])):
        raise ReviewRuleError(
            "Choose the lead organisation or an agency involved in the review", "responsible_organisations"
        )
    if missing_organisation(organisations):
        raise ReviewRuleError(MISSING_ORGANISATION, "responsible_organisations")
    flags = check(
        title=title,
        **parts,
        review_by=review_by,
        has_linked_evidence=read.has_linked_evidence(findings),
        organisations=organisations,
        today=timezone.localdate(),
    )
    keys = {flag.key for flag in flags}
    # Only reasons for flags raised now are kept: a reason for a flag since fixed means nothing.
    kept = {
        k: str(v).strip()[:MAX_REASON] for k, v in (overrides or {}).items() if k in keys and str(v).strip()
    }
    left = unanswered(flags, kept)
    if left:
        raise FlagsToAnswer(left)
    return title, parts, findings, organisations, kept, flags


def _detail(rec: Recommendation, findings, organisations, kept) -> dict:
    return {
        "recommendation": rec.pk,
        "version": rec.version,
        "findings": sorted(f.pk for f in findings),
        "organisations": sorted(o.pk for o in organisations),
        "review_by": rec.review_by.isoformat() if rec.review_by else None,
        "flags_passed": sorted(kept),
    }


def recommendation_add(
    *,
    actor,
    review,
    title: str,
    parts: dict,
    finding_ids=(),
    organisation_ids=(),
    review_by: date | None = None,
    overrides: dict | None = None,
) -> Recommendation:
    """`parts`: the CLEAR texts by field name; `overrides`: flag key -> reason for going past."""
    require(policies.can_write_learning(actor, review))
    title, parts, findings, organisations, kept, _ = _checked(
        review,
        title=title,
        parts=parts,
        finding_ids=finding_ids,
        organisation_ids=organisation_ids,
        review_by=review_by,
        overrides=overrides,
    )
    with transaction.atomic():
        rec = Recommendation.objects.create(
            review=review,
            title=title,
            **parts,
            review_by=review_by,
            overrides=kept,
            order=Recommendation.objects.filter(review=review).count() + 1,
            version=1,
            created_by=actor,
        )
        rec.findings.set(findings)
        rec.responsible_organisations.set(organisations)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=review,
            detail=_detail(rec, findings, organisations, kept),
        )
    return rec


def _refuse_if_stale(recommendation: Recommendation, base_version: int) -> None:
    """Before any other check: what someone else saved meanwhile is merged first, and the
    rules then judge the merged result. The UPDATE below still decides a race."""
    current = Recommendation.objects.filter(pk=recommendation.pk).values_list("version", flat=True).first()
    if current is not None and current != base_version:
        raise StaleSave(base_version=base_version, current_version=current)


def recommendation_change(
    *,
    actor,
    recommendation: Recommendation,
    base_version: int,
    title: str,
    parts: dict,
    finding_ids=(),
    organisation_ids=(),
    review_by: date | None = None,
    overrides: dict | None = None,
) -> Recommendation:
    review = recommendation.review
    require(policies.can_write_learning(actor, review))
    _refuse_if_stale(recommendation, base_version)
    title, parts, findings, organisations, kept, _ = _checked(
        review,
        title=title,
        parts=parts,
        finding_ids=finding_ids,
        organisation_ids=organisation_ids,
        review_by=review_by,
        overrides=overrides,
    )
    with transaction.atomic():
        saved = Recommendation.objects.filter(
            pk=recommendation.pk, version=base_version, removed_at__isnull=True
        ).update(
            title=title,
            **parts,
            review_by=review_by,
            overrides=kept,
            version=base_version + 1,
            updated_by=actor,
            updated_at=timezone.now(),
        )
        if saved != 1:
            current = Recommendation.objects.get(pk=recommendation.pk)
            raise StaleSave(base_version=base_version, current_version=current.version)
        recommendation.refresh_from_db()
        recommendation.findings.set(findings)
        recommendation.responsible_organisations.set(organisations)
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=review,
            detail=_detail(recommendation, findings, organisations, kept),
        )
    return recommendation
