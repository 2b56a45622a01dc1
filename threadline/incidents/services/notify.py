from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from threadline.core.access import require
from threadline.core.domain.errors import RuleError
from threadline.core.fields import blind_index
from threadline.core.models import AuditAction
from threadline.core.services import audit_record

from .. import policies
from ..domain.eligibility import EligibilityError, assess_eligibility
from ..domain.notification import NOTIFICATION_STAGE, notification_stage_done_on
from ..models import Child, ClockEvent, Incident, NotificationKind, StageCompletion, WhoWasTold
from ..reminders import reminders_schedule_on_commit


class IncidentRuleError(RuleError):
    """An incident change that breaks a rule; shown next to `field`."""


class SubmissionKeyReused(IncidentRuleError):
    """The same submission key sent again with something different from the first time."""


@dataclass(frozen=True)
class NotificationDetails:
    full_name: str
    date_of_birth: date
    identifiers: str
    sex: str
    ethnicity: str
    care_experienced: str
    placed_out_of_area: str
    disability: str
    status_with_service: str
    case_closed_on: date | None
    occurred_at: datetime
    aware_at: datetime
    category: str
    criterion: object  # frameworks.Criterion of the framework version
    what_happened: str
    immediate_actions: str
    told: list[tuple[str, date, str]] = field(default_factory=list)  # (party, told on, detail)


def _pseudonym(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return f"Child {letters}"


# The characteristics a new notification brings up to date on a child already known to the
# lead organisation: the latest answers are the best knowledge of the child.
CHILD_CHARACTERISTICS = ("sex", "ethnicity", "care_experienced", "placed_out_of_area", "disability")
IDENTIFIER_SEPARATOR = "; "


def _identifiers_added(kept: str, typed: str) -> str | None:
    """The identifiers on record plus the new ones typed (each once, the old ones first,
    joined with "; "), or None when nothing typed is new."""
    seen = {" ".join(value.split()).casefold() for value in kept.split(";")} - {""}
    new: list[str] = []
    for value in typed.split(";"):
        value = " ".join(value.split())
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            new.append(value)
    if not new:
        return None
    return IDENTIFIER_SEPARATOR.join(part for part in (kept.strip(), *new) if part)


def _child_brought_up_to_date(child: Child, details: NotificationDetails) -> list[str]:
    """Update a known child with what this notification says; the names of the fields that
    changed (never their values: they may identify the child)."""
    changed = [name for name in CHILD_CHARACTERISTICS if getattr(child, name) != getattr(details, name)]
    for name in changed:
        setattr(child, name, getattr(details, name))
    identifiers = _identifiers_added(child.identifiers, details.identifiers)
    if identifiers is not None:
        child.identifiers = identifiers
        changed.append("identifiers")
    if changed:
        child.save(update_fields=changed)
    return changed


def _child_for(organisation, details: NotificationDetails) -> tuple[Child, list[str] | None]:
    """The lead organisation's record of the child, and the fields this notification changed
    on it (None for a child new to the organisation). Call inside a transaction: a known
    child's row is locked, so two notifications at once cannot lose each other's identifiers."""
    match_key = blind_index(details.full_name, details.date_of_birth.isoformat())
    existing = (
        Child.objects.select_for_update()
        .filter(lead_organisation=organisation, match_key=match_key)
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing, _child_brought_up_to_date(existing, details)
    for attempt in range(5):
        taken = Child.objects.filter(lead_organisation=organisation).count() + attempt
        try:
            with transaction.atomic():
                child = Child.objects.create(
                    lead_organisation=organisation,
                    pseudonym=_pseudonym(taken),
                    full_name=details.full_name.strip(),
                    date_of_birth=details.date_of_birth.isoformat(),
                    identifiers=details.identifiers.strip(),
                    match_key=match_key,
                    sex=details.sex,
                    ethnicity=details.ethnicity,
                    care_experienced=details.care_experienced,
                    placed_out_of_area=details.placed_out_of_area,
                    disability=details.disability,
                )
            return child, None
        except IntegrityError:
            continue
    raise IncidentRuleError("Could not give the child a pseudonym; try again")


def _check_details(details: NotificationDetails, *, now: datetime) -> None:
    """The bad-input rules of a notification, each with the field it belongs to."""
    if details.occurred_at > now:
        raise IncidentRuleError("The date of the incident must be today or in the past", "occurred_at")
    if details.aware_at > now:
        raise IncidentRuleError("The date the service became aware must be today or in the past", "aware_at")
    if details.aware_at < details.occurred_at:
        raise IncidentRuleError(
            "The service cannot have become aware before the incident happened", "aware_at"
        )
    # Dates are compared as London dates: just after midnight in summer, UTC is still on
    # the day before.
    incident_on = timezone.localtime(details.occurred_at).date()
    today = timezone.localtime(now).date()
    if details.date_of_birth > incident_on:
        raise IncidentRuleError("The child's date of birth must be before the incident", "date_of_birth")
    for _party, told_on, _detail in details.told:
        if told_on < incident_on or told_on > today:
            raise IncidentRuleError(
                "The date someone was told must be between the incident and today", "told"
            )


def _earlier_submission(actor, submission_key: str, fingerprint: str = "") -> Incident | None:
    """The incident this very submission already made, if any. A key only ever gives back
    the submitter's own incident, and only for the same submission: a key whose first use
    recorded a fingerprint answers a different one with `SubmissionKeyReused`."""
    existing = Incident.objects.filter(submission_key=submission_key).first()
    if existing is None:
        return None
    if existing.notified_by_id != actor.pk:
        raise IncidentRuleError("This notification has already been sent by someone else; start a new one")
    if existing.submission_fingerprint and fingerprint and existing.submission_fingerprint != fingerprint:
        raise SubmissionKeyReused(
            "This key was already used to send a different notification: use a new key for a new "
            "notification, or send exactly the same one again to get the incident it made"
        )
    return existing


def incident_notify(
    *,
    actor,
    organisation,
    framework_version,
    details: NotificationDetails,
    submission_key: str,
    submission_fingerprint: str = "",
) -> Incident:
    """Notify a serious incident and start its clock.

    Submitting the same form twice (the same `submission_key`) returns the first incident
    instead of making a second record. With a `submission_fingerprint` (the API's hash of
    the request body), the same key with a different fingerprint is `SubmissionKeyReused`.
    """
    require(policies.can_notify_incident(actor, organisation))
    existing = _earlier_submission(actor, submission_key, submission_fingerprint)
    if existing is not None:
        return existing
    criterion = details.criterion
    if criterion.version_id != framework_version.pk:
        raise IncidentRuleError("Select a criterion from this framework's list", "criterion")
    now = timezone.now()
    _check_details(details, now=now)
    try:
        eligibility = assess_eligibility(
            framework_key=framework_version.framework.key,
            status_with_service=details.status_with_service,
            case_closed_on=details.case_closed_on,
            incident_on=timezone.localtime(details.occurred_at).date(),
            criterion_text=criterion.text,
        )
    except EligibilityError as error:
        raise IncidentRuleError(str(error), error.field) from error
    kind = criterion.group if criterion.group in NotificationKind.values else ""
    try:
        with transaction.atomic():
            child, child_changed = _child_for(organisation, details)
            incident = Incident.objects.create(
                lead_organisation=organisation,
                reference=f"pending-{submission_key[:12]}",
                framework_version=framework_version,
                child=child,
                status_with_service=details.status_with_service,
                case_closed_on=details.case_closed_on,
                occurred_at=details.occurred_at,
                aware_at=details.aware_at,
                notified_at=now,
                category=details.category,
                criterion=criterion,
                notification_kind=kind,
                what_happened=details.what_happened,
                immediate_actions=details.immediate_actions,
                eligible=eligibility.eligible,
                eligibility_reasons=list(eligibility.reasons),
                submission_key=submission_key,
                submission_fingerprint=submission_fingerprint,
                notified_by=actor,
            )
            incident.reference = f"TL-{now:%Y}-{incident.pk:05d}"
            incident.save(update_fields=["reference"])
            WhoWasTold.objects.bulk_create(
                WhoWasTold(incident=incident, party=party, told_on=on, detail=detail[:300])
                for party, on, detail in details.told
            )
            ClockEvent.objects.bulk_create(
                ClockEvent(incident=incident, event=event, on=on, recorded_by=actor)
                for event, on in (
                    ("incident", timezone.localtime(details.occurred_at).date()),
                    ("awareness", timezone.localtime(details.aware_at).date()),
                    ("notification", timezone.localtime(now).date()),
                )
            )
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                target=incident,
                detail={
                    "framework": framework_version.framework.key,
                    "version": framework_version.number,
                    "criterion": criterion.key,
                    "eligible": eligibility.eligible,
                    # Which of a known child's details this notification brought up to date
                    # (names only: the values may identify the child).
                    "child": (
                        {"known": False}
                        if child_changed is None
                        else {"known": True, "pseudonym": child.pseudonym, "updated": child_changed}
                    ),
                },
            )
            done_on = notification_stage_done_on(
                framework_version.framework.key,
                notified_on=timezone.localtime(now).date(),
                told=details.told,
            )
            stage = framework_version.stages.filter(key=NOTIFICATION_STAGE).first()
            if done_on is not None and stage is not None:
                StageCompletion.objects.create(
                    incident=incident, stage=stage, done_on=done_on, completed_by=actor
                )
            reminders_schedule_on_commit(incident)
    except IntegrityError:
        # A concurrent double submit won the race: hand back the incident it made.
        existing = _earlier_submission(actor, submission_key, submission_fingerprint)
        if existing is None:
            raise
        return existing
    return incident
