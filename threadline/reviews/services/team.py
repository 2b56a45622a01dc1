"""The review team and the agencies involved with the child (issue 5 item 5; seed 004 the
review team; seed 001 §2.5 independence of reviewers). Members and agencies that leave keep
their rows: the team's history is part of the review's record."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from threadline.core.access import require
from threadline.core.models import AuditAction
from threadline.core.services import audit_record

from .. import policies
from ..domain.errors import ReviewRuleError
from ..domain.independence import ROLE_NAMES, independent_declaration_problem
from ..models import Independence, InvolvedAgency, Review, ReviewTeamMember, TeamRole
from ..selectors import team as team_selectors

MAX_NAME = 200
MAX_INVOLVEMENT = 2000
MAX_TEXT = 5000


def _text(value: str, *, field: str, label: str, limit: int, required: str = "") -> str:
    value = (value or "").strip()
    if required and not value:
        raise ReviewRuleError(required, field)
    if len(value) > limit:
        raise ReviewRuleError(f"{label} must be {limit:,} characters or fewer", field)
    return value


def _lock(review) -> None:
    """Serialise changes to one review's team, so two people cannot both add its chair."""
    Review.objects.select_for_update().filter(pk=review.pk).first()


def involved_agency_add(*, actor, review, organisation, involvement: str = "") -> InvolvedAgency:
    """Record an agency that worked with the child or family."""
    require(policies.can_manage_team(actor, review))
    if organisation is None:
        raise ReviewRuleError("Choose the agency involved with the child", "organisation")
    involvement = _text(involvement, field="involvement", label="Their involvement", limit=MAX_INVOLVEMENT)
    with transaction.atomic():
        _lock(review)
        if InvolvedAgency.objects.filter(
            review=review, organisation=organisation, removed_at__isnull=True
        ).exists():
            raise ReviewRuleError(f"{organisation.name} is already listed as involved", "organisation")
        agency = InvolvedAgency.objects.create(
            review=review, organisation=organisation, involvement=involvement, added_by=actor
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=review,
            detail={"involved_agency": agency.pk, "organisation": organisation.pk},
        )
    return agency


def involved_agency_remove(*, actor, agency: InvolvedAgency) -> InvolvedAgency:
    """Take an agency off the list; its row stays, with when it was removed."""
    review = agency.review
    require(policies.can_manage_team(actor, review))
    with transaction.atomic():
        current = InvolvedAgency.objects.select_for_update().get(pk=agency.pk)
        if current.removed_at is not None:
            raise ReviewRuleError("That agency is no longer listed as involved", "organisation")
        current.removed_at = timezone.now()
        current.save(update_fields=["removed_at"])
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            target=review,
            detail={"involved_agency": current.pk, "organisation": current.organisation_id},
        )
    return current


def _organisation_for(person, organisation):
    if organisation is not None:
        return organisation
    theirs = list(team_selectors.person_organisations(person))
    if len(theirs) == 1:
        return theirs[0]
    raise ReviewRuleError(f"Choose the organisation {person.full_name} represents", "organisation")


def team_member_add(
    *,
    actor,
    review,
    role: str,
    organisation=None,
    person=None,
    name: str = "",
    email: str = "",
    job_title: str = "",
    line_managed_case: bool = False,
) -> ReviewTeamMember:
    """Propose someone for the team: a Threadline person (their name and e-mail come from their
    account) or someone typed in. They start undeclared; the page shows any warning."""
    require(policies.can_manage_team(actor, review))
    if role not in TeamRole.values:
        raise ReviewRuleError("Choose their role on the team", "role")
    job_title = _text(job_title, field="job_title", label="Their job title", limit=MAX_NAME)
    if person is not None:
        if not team_selectors.team_candidates(review).filter(pk=person.pk).exists():
            raise ReviewRuleError("Choose someone from the list", "person")
        organisation = _organisation_for(person, organisation)
        name, email, job_title = person.full_name, person.email, job_title or person.job_title
    else:
        name = _text(name, field="name", label="Their name", limit=MAX_NAME, required="Enter their name")
        email = _text(email, field="email", label="Their email address", limit=254)
        if not email:
            raise ReviewRuleError("Enter their email address", "email")
        try:
            validate_email(email)
        except ValidationError:
            raise ReviewRuleError(
                "Enter an email address in the correct format, like name@example.com", "email"
            ) from None
        if organisation is None:
            raise ReviewRuleError("Choose the organisation they represent", "organisation")
    with transaction.atomic():
        _lock(review)
        current = ReviewTeamMember.objects.filter(review=review, removed_at__isnull=True)
        chair = current.filter(role=TeamRole.CHAIR).first()
        if role == TeamRole.CHAIR and chair is not None:
            raise ReviewRuleError(
                f"The review already has a chair, {chair.name}. Remove them from the team first.", "role"
            )
        same = current.filter(role=role)
        same = same.filter(person=person) if person is not None else same.filter(email__iexact=email)
        if same.exists():
            field = "person" if person is not None else "email"
            raise ReviewRuleError(f"{name} is already on the team as {ROLE_NAMES[role]}", field)
        member = ReviewTeamMember.objects.create(
            review=review,
            role=role,
            person=person,
            name=name,
            email=email,
            job_title=job_title,
            organisation=organisation,
            line_managed_case=bool(line_managed_case),
            added_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=review,
            detail={
                "team_member": member.pk,
                "role": role,
                "organisation": organisation.pk,
                "person": getattr(person, "pk", None),
                "line_managed_case": member.line_managed_case,
            },
        )
    return member


def team_member_remove(*, actor, member: ReviewTeamMember, reason: str) -> ReviewTeamMember:
    """Take someone off the team, saying why; their row and declaration stay."""
    review = member.review
    require(policies.can_manage_team(actor, review))
    reason = _text(
        reason,
        field="reason",
        label="The reason",
        limit=MAX_INVOLVEMENT,
        required="Enter why they are leaving the team",
    )
    with transaction.atomic():
        current = ReviewTeamMember.objects.select_for_update().get(pk=member.pk)
        if current.removed_at is not None:
            raise ReviewRuleError(f"{current.name} has already left the team", "reason")
        current.removed_at = timezone.now()
        current.removal_reason = reason
        current.save(update_fields=["removed_at", "removal_reason"])
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            target=review,
            detail={"team_member": current.pk, "role": current.role},
        )
    return current


def team_member_declare(
    *,
    actor,
    member: ReviewTeamMember,
    independence: str,
    declaration: str = "",
    declared_on: date | None = None,
    line_managed_case: bool | None = None,
) -> ReviewTeamMember:
    """A member declares they are independent of the case, or their conflict of interest.
    Independence is refused while Threadline sees a conflict: the member declares it, and the
    chair records how it is handled. A new declaration asks the chair to decide again."""
    review = member.review
    require(policies.can_declare_for(actor, review, member))
    if independence not in (Independence.INDEPENDENT, Independence.CONFLICT):
        raise ReviewRuleError(
            "Choose whether they are independent or have a conflict of interest", "independence"
        )
    today = timezone.localdate()
    declared_on = declared_on or today
    if declared_on > today:
        raise ReviewRuleError("The date of the declaration must be today or in the past", "declared_on")
    declaration = _text(
        declaration,
        field="declaration",
        label="The declaration",
        limit=MAX_TEXT,
        required="Describe the conflict of interest" if independence == Independence.CONFLICT else "",
    )
    with transaction.atomic():
        current = ReviewTeamMember.objects.select_for_update().get(pk=member.pk)
        if current.removed_at is not None:
            raise ReviewRuleError(f"{current.name} has left the team", "independence")
        if line_managed_case is not None:
            current.line_managed_case = bool(line_managed_case)
        if independence == Independence.INDEPENDENT:
            warnings = team_selectors.warnings_of(current, team_selectors.involved_names(review))
            problem = independent_declaration_problem(warnings)
            if problem:
                raise ReviewRuleError(problem, "independence")
        current.independence = independence
        current.declaration = declaration
        current.declared_on = declared_on
        current.conflict_handling = ""
        current.conflict_handled_by = None
        current.conflict_handled_at = None
        current.save(
            update_fields=[
                "line_managed_case",
                "independence",
                "declaration",
                "declared_on",
                "conflict_handling",
                "conflict_handled_by",
                "conflict_handled_at",
            ]
        )
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=review,
            detail={
                "team_member": current.pk,
                "independence": independence,
                "declared_on": declared_on.isoformat(),
                "line_managed_case": current.line_managed_case,
                "for_self": current.person_id == actor.pk,
            },
        )
    return current


def team_conflict_handle(*, actor, member: ReviewTeamMember, handling: str) -> ReviewTeamMember:
    """The chair records how a conflict of interest, declared or warned, is handled (for
    example: the member stays but takes no part in assessing their agency's practice)."""
    review = member.review
    require(policies.can_handle_conflict(actor, review))
    handling = _text(
        handling,
        field="handling",
        label="How the conflict is handled",
        limit=MAX_TEXT,
        required="Enter how the conflict of interest is handled",
    )
    if member.person_id is not None and member.person_id == actor.pk:
        raise ReviewRuleError(
            "Someone else must decide how your own conflict of interest is handled", "handling"
        )
    with transaction.atomic():
        current = ReviewTeamMember.objects.select_for_update().get(pk=member.pk)
        if current.removed_at is not None:
            raise ReviewRuleError(f"{member.name} has left the team", "handling")
        position = team_selectors.position_of(current, team_selectors.involved_names(review))
        if not position.has_conflict:
            raise ReviewRuleError(
                f"{current.name} has not declared a conflict of interest and Threadline sees none",
                "handling",
            )
        current.conflict_handling = handling
        current.conflict_handled_by = actor
        current.conflict_handled_at = timezone.now()
        current.save(update_fields=["conflict_handling", "conflict_handled_by", "conflict_handled_at"])
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=review,
            detail={
                "team_member": current.pk,
                "conflict_handled": True,
                "warnings": len(position.warnings),
            },
        )
    return current
