"""Asking agencies for their chronologies (issue 6 item 1), changing what was asked, and
withdrawing a request. Each request opens version 1 of the agency's chronology."""

from __future__ import annotations

import logging
from datetime import date

from django.db import transaction
from django.utils import timezone

from threadline.core.access import require
from threadline.core.calendars import calendar_for_organisation
from threadline.core.models import AuditAction
from threadline.core.services import audit_record
from threadline.incidents.reminders import next_daily_sweep
from threadline.reviews.domain.errors import ReviewRuleError
from threadline.reviews.models import Review

from .. import policies
from ..domain.requests import MAX_NOTE, MAX_REASON, check_due, check_period, long_date
from ..models import AgencyChronology, ChronologyEntry, ChronologyVersion
from ..models.requests import ChronologyWithdrawal

logger = logging.getLogger(__name__)


def _note(note: str, problems: list) -> str:
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        problems.append(("note", f"The note must be {MAX_NOTE:,} characters or fewer"))
    return note


def _raise(problems: list) -> None:
    if problems:
        raise ReviewRuleError.from_problems(problems)


def _keep_the_sweep_queued() -> None:
    """Once a request is committed, make sure the daily reminder sweep is queued. A failure to
    queue never undoes the request: the next run of the command queues it."""

    def ensure():
        from ..tasks import sweep_ensure_by

        try:
            sweep_ensure_by(next_daily_sweep(timezone.now()))
        except Exception:  # noqa: BLE001 — the request is saved; only the queueing failed
            logger.exception("could not queue the chronology reminder sweep")

    transaction.on_commit(ensure)


def _requests_of(review) -> dict:
    return {c.organisation_id: c for c in AgencyChronology.objects.filter(review=review)}


def _asked_twice(existing: dict, chosen: list, others: list) -> list[tuple[str, str]]:
    """An agency already asked (and not withdrawn) is named, next to the field it was chosen in."""
    problems = []
    for field, organisations in (("agencies", chosen), ("other_agency", others)):
        for organisation in organisations:
            found = existing.get(organisation.pk)
            if found is not None and found.withdrawn_at is None:
                problems.append(
                    (
                        field,
                        f"{organisation.name} was already asked for its chronology on "
                        f"{long_date(timezone.localdate(found.requested_at))}, due {long_date(found.due_on)}",
                    )
                )
    return problems


def chronologies_request(
    *,
    actor,
    review,
    agencies,
    other_agency=None,
    period_from: date | None,
    period_to: date | None,
    due_on: date | None,
    note: str = "",
) -> list[AgencyChronology]:
    """Ask each agency (the involved agencies chosen, and `other_agency` if given) for its
    chronology of the period, due on `due_on`. An agency already asked is refused by name; an
    agency whose request was withdrawn is asked again, keeping what it had entered."""
    require(policies.can_request_chronologies(actor, review))
    today = timezone.localdate()
    chosen = list(agencies or [])
    problems: list[tuple[str, str]] = []
    if not chosen and other_agency is None:
        problems.append(("agencies", "Choose at least one agency to ask for its chronology"))
    problems += check_period(period_from, period_to)
    calendar = calendar_for_organisation(review.lead_organisation)
    problems += check_due(due_on, today=today, requested_on=today, calendar=calendar)
    note = _note(note, problems)
    others = [other_agency] if other_agency is not None else []
    problems += _asked_twice(_requests_of(review), chosen, others)
    _raise(problems)
    asked = []
    with transaction.atomic():
        # One request at a time per review, so an agency asked twice at once is asked once.
        Review.objects.select_for_update().filter(pk=review.pk).first()
        existing = _requests_of(review)
        _raise(_asked_twice(existing, chosen, others))
        seen = set()
        for organisation in [*chosen, *others]:
            if organisation.pk in seen:
                continue
            seen.add(organisation.pk)
            chronology = existing.get(organisation.pk)
            if chronology is None:
                chronology = AgencyChronology.objects.create(
                    review=review,
                    organisation=organisation,
                    period_from=period_from,
                    period_to=period_to,
                    due_on=due_on,
                    note=note,
                    requested_by=actor,
                    requested_at=timezone.now(),
                )
                ChronologyVersion.objects.create(chronology=chronology, number=1, created_by=actor)
                asked_again = False
            else:
                chronology.period_from, chronology.period_to, chronology.due_on = (
                    period_from,
                    period_to,
                    due_on,
                )
                chronology.note, chronology.requested_by = note, actor
                chronology.requested_at, chronology.withdrawn_at = timezone.now(), None
                chronology.save()
                asked_again = True
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                target=chronology,
                organisation=review.lead_organisation,
                detail={
                    "review": review.pk,
                    "chronology_requested_of": organisation.pk,
                    "period_from": period_from.isoformat(),
                    "period_to": period_to.isoformat(),
                    "due_on": due_on.isoformat(),
                    "asked_again": asked_again,
                },
            )
            asked.append(chronology)
        _keep_the_sweep_queued()
    return asked


def _outside(chronology, period_from: date, period_to: date) -> int:
    """Entries of the latest version that the new period would leave out (a month entry is in
    the period when any day of it is)."""
    latest = ChronologyVersion.objects.filter(chronology=chronology).order_by("-number").first()
    if latest is None:
        return 0
    entries = ChronologyEntry.objects.filter(version=latest)
    before = entries.filter(occurred_on__lt=period_from).exclude(
        precision="month", occurred_on__gte=period_from.replace(day=1)
    )
    return before.count() + entries.filter(occurred_on__gt=period_to).count()


def chronology_request_change(
    *,
    actor,
    chronology: AgencyChronology,
    period_from: date | None,
    period_to: date | None,
    due_on: date | None,
    note: str = "",
) -> AgencyChronology:
    """Change the period, the due date or the note of a request still standing. A new due date
    earns its own reminders."""
    review = chronology.review
    require(policies.can_request_chronologies(actor, review))
    if chronology.withdrawn_at is not None:
        raise ReviewRuleError("This request was withdrawn: ask the agency again to change it", None)
    today = timezone.localdate()
    problems = check_period(period_from, period_to)
    calendar = calendar_for_organisation(review.lead_organisation)
    requested_on = timezone.localdate(chronology.requested_at)
    problems += check_due(due_on, today=today, requested_on=requested_on, calendar=calendar)
    note = _note(note, problems)
    _raise(problems)
    with transaction.atomic():
        current = AgencyChronology.objects.select_for_update().get(pk=chronology.pk)
        if current.withdrawn_at is not None:
            raise ReviewRuleError("This request was withdrawn: ask the agency again to change it", None)
        left_out = _outside(current, period_from, period_to)
        if left_out:
            raise ReviewRuleError(
                f"{left_out} {'entry is' if left_out == 1 else 'entries are'} outside this period: "
                "choose a period that includes them, or ask the agency to change them first",
                "period_from",
            )
        changed = [
            name
            for name, value in (
                ("period_from", period_from),
                ("period_to", period_to),
                ("due_on", due_on),
                ("note", note),
            )
            if getattr(current, name) != value
        ]
        current.period_from, current.period_to, current.due_on, current.note = (
            period_from,
            period_to,
            due_on,
            note,
        )
        current.save(update_fields=["period_from", "period_to", "due_on", "note"])
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=current,
            organisation=review.lead_organisation,
            detail={
                "review": review.pk,
                "changed": changed,
                "period_from": period_from.isoformat(),
                "period_to": period_to.isoformat(),
                "due_on": due_on.isoformat(),
            },
        )
        if "due_on" in changed:
            _keep_the_sweep_queued()
    return current


def chronology_request_withdraw(*, actor, chronology: AgencyChronology, reason: str) -> AgencyChronology:
    """Withdraw a request: the agency is no longer asked or reminded, and can no longer change
    its chronology. The row, its versions and entries stay, with the reason."""
    review = chronology.review
    require(policies.can_request_chronologies(actor, review))
    reason = (reason or "").strip()
    if not reason:
        raise ReviewRuleError("Enter why the request is being withdrawn", "reason")
    if len(reason) > MAX_REASON:
        raise ReviewRuleError(f"The reason must be {MAX_REASON:,} characters or fewer", "reason")
    with transaction.atomic():
        current = AgencyChronology.objects.select_for_update().get(pk=chronology.pk)
        if current.withdrawn_at is not None:
            raise ReviewRuleError("This request has already been withdrawn", "reason")
        current.withdrawn_at = timezone.now()
        current.save(update_fields=["withdrawn_at"])
        withdrawal = ChronologyWithdrawal.objects.create(
            chronology=current, reason=reason, withdrawn_by=actor, withdrawn_at=current.withdrawn_at
        )
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=current,
            organisation=review.lead_organisation,
            detail={"review": review.pk, "withdrawn": True, "withdrawal": withdrawal.pk},
        )
    return current
