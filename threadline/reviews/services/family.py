"""Recording the family and the child (issue 5 item 8; seeds 004, 001 and 000).

Only those who work with the family or lead the review write here (policies.can_record_family).
What the family said never reaches the audit log: its rows carry ids, dates and counts.
The strategy is saved like a stage (issue 5 item 12): each save names the version it started
from, and a save from an older version is refused so that the person merges.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from threadline.core.access import require
from threadline.core.models import AuditAction
from threadline.core.services import audit_record

from .. import policies
from ..domain.family import (
    StrategyConflict,
    as_said,
    consent_problems,
    contact_problems,
    feedback_problems,
    raise_if,
    response_problems,
    strategy_problems,
    view_problems,
    whose_words,
)
from ..models import (
    ConsentStatus,
    ConsentSubject,
    ContactMethod,
    DraftReportFeedback,
    FamilyConsent,
    FamilyContact,
    FamilyLiaisonStrategy,
    FamilyView,
)


def _strategy_row(review) -> FamilyLiaisonStrategy:
    row = FamilyLiaisonStrategy.objects.filter(review=review).first()
    if row is not None:
        return row
    try:
        with transaction.atomic():
            return FamilyLiaisonStrategy.objects.create(review=review)
    except IntegrityError:
        return FamilyLiaisonStrategy.objects.get(review=review)


def _conflict(row: FamilyLiaisonStrategy, base_version: int) -> StrategyConflict:
    row.refresh_from_db()
    return StrategyConflict(
        base_version=base_version,
        current_version=row.version,
        changed_by=str(row.updated_by) if row.updated_by else "",
        theirs={"liaison_people": row.liaison_people, "strategy": row.strategy},
    )


def family_strategy_save(
    *, actor, review, liaison_people: str, strategy: str, base_version: int
) -> FamilyLiaisonStrategy:
    """Save the family liaison strategy as the version after `base_version`; StrategyConflict
    (nothing saved) when someone saved since."""
    require(policies.can_record_family(actor, review))
    liaison_people, strategy = as_said(liaison_people), as_said(strategy)
    raise_if(strategy_problems(liaison_people=liaison_people, strategy=strategy))
    with transaction.atomic():
        row = _strategy_row(review)
        if row.version != base_version:
            raise _conflict(row, base_version)
        before = {"liaison_people": row.liaison_people, "strategy": row.strategy}
        # The version check is part of the UPDATE, so two saves from one version cannot both win.
        saved = FamilyLiaisonStrategy.objects.filter(pk=row.pk, version=base_version).update(
            liaison_people=liaison_people,
            strategy=strategy,
            version=base_version + 1,
            updated_by=actor,
            updated_at=timezone.now(),
        )
        if saved != 1:
            raise _conflict(row, base_version)
        after = {"liaison_people": liaison_people, "strategy": strategy}
        audit_record(
            actor=actor,
            action=AuditAction.CREATE if base_version == 0 else AuditAction.CHANGE,
            target=review,
            detail={
                "family_strategy": row.pk,
                "version": base_version + 1,
                "fields_changed": [name for name in after if after[name] != before[name]],
            },
        )
    row.refresh_from_db()
    return row


def family_contact_record(
    *,
    actor,
    review,
    contacted_on: date | None,
    family_member: str,
    made_by: str,
    method: str,
    what_was_said: str,
) -> FamilyContact:
    """One contact with the family: who, when, how, and what they said."""
    require(policies.can_record_family(actor, review))
    family_member, made_by, what_was_said = as_said(family_member), as_said(made_by), as_said(what_was_said)
    raise_if(
        contact_problems(
            contacted_on=contacted_on,
            family_member=family_member,
            made_by=made_by,
            method=method,
            methods=ContactMethod.values,
            what_was_said=what_was_said,
            today=timezone.localdate(),
        )
    )
    with transaction.atomic():
        contact = FamilyContact.objects.create(
            review=review,
            contacted_on=contacted_on,
            family_member=family_member,
            made_by=made_by,
            method=method,
            what_was_said=what_was_said,
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=review,
            detail={"family_contact": contact.pk, "contacted_on": contacted_on.isoformat(), "method": method},
        )
    return contact


def family_view_record(
    *,
    actor,
    review,
    whose: str,
    is_the_child: bool | None,
    words: str,
    captured_on: date | None,
    how_captured: str = "",
) -> FamilyView:
    """The child's or a family member's views, in their own words."""
    require(policies.can_record_family(actor, review))
    whose, words, how_captured = as_said(whose), as_said(words), as_said(how_captured)
    raise_if(
        view_problems(
            whose=whose,
            is_the_child=is_the_child,
            words=words,
            captured_on=captured_on,
            how_captured=how_captured,
            today=timezone.localdate(),
        )
    )
    with transaction.atomic():
        view = FamilyView.objects.create(
            review=review,
            whose=whose_words(whose, is_the_child=is_the_child),
            is_the_child=bool(is_the_child),
            words=words,
            captured_on=captured_on,
            how_captured=how_captured,
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=review,
            detail={
                "family_view": view.pk,
                "is_the_child": view.is_the_child,
                "captured_on": captured_on.isoformat(),
            },
        )
    return view


def family_consent_record(
    *, actor, review, person: str, subject: str, status: str, on: date | None, note: str = ""
) -> FamilyConsent:
    """A consent given, refused or withdrawn. Nothing earlier is changed: the latest stands."""
    require(policies.can_record_family(actor, review))
    person, note = as_said(person), as_said(note)
    raise_if(
        consent_problems(
            person=person,
            subject=subject,
            subjects=ConsentSubject.values,
            status=status,
            statuses=ConsentStatus.values,
            on=on,
            note=note,
            today=timezone.localdate(),
        )
    )
    with transaction.atomic():
        consent = FamilyConsent.objects.create(
            review=review, person=person, subject=subject, status=status, on=on, note=note, recorded_by=actor
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=review,
            detail={"family_consent": consent.pk, "subject": subject, "status": status, "on": on.isoformat()},
        )
    return consent


def family_feedback_record(
    *, actor, review, from_whom: str, received_on: date | None, feedback: str
) -> DraftReportFeedback:
    """The family's feedback on the draft report, before anything is done with it."""
    require(policies.can_record_family(actor, review))
    from_whom, feedback = as_said(from_whom), as_said(feedback)
    raise_if(
        feedback_problems(
            from_whom=from_whom, received_on=received_on, feedback=feedback, today=timezone.localdate()
        )
    )
    with transaction.atomic():
        item = DraftReportFeedback.objects.create(
            review=review, from_whom=from_whom, received_on=received_on, feedback=feedback, recorded_by=actor
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=review,
            detail={"family_feedback": item.pk, "received_on": received_on.isoformat()},
        )
    return item


def family_feedback_respond(
    *, actor, feedback: DraftReportFeedback, response: str, responded_on: date | None
) -> DraftReportFeedback:
    """Record (or correct) what the review did with the family's feedback."""
    review = feedback.review
    require(policies.can_record_family(actor, review))
    response = as_said(response)
    raise_if(
        response_problems(
            response=response,
            responded_on=responded_on,
            received_on=feedback.received_on,
            today=timezone.localdate(),
        )
    )
    with transaction.atomic():
        current = DraftReportFeedback.objects.select_for_update().get(pk=feedback.pk)
        first = not current.response
        current.response = response
        current.responded_on = responded_on
        current.save(update_fields=["response", "responded_on"])
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=review,
            detail={
                "family_feedback": current.pk,
                "responded_on": responded_on.isoformat(),
                "first_response": first,
            },
        )
    return current
