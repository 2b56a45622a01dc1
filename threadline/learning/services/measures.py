"""Embed (seed 003): indicator readings and audit results recorded against an action, so the
board sees whether practice changed."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from threadline.core.access import require
from threadline.core.models import AuditAction
from threadline.core.services import audit_record
from threadline.reviews.domain.errors import ReviewRuleError

from ..models import Action, EmbedMeasure, EmbedMeasureKind, EmbedMeasureShows
from ..selectors.actions import can_record_measure

MAX_NAME = 200
MAX_RESULT = 200
MAX_NOTE = 2000


def embed_measure_add(
    *,
    actor,
    action: Action,
    kind: str,
    name: str,
    measured_on: date | None,
    result: str,
    shows: str,
    note: str = "",
) -> EmbedMeasure:
    require(can_record_measure(actor, action))
    if action.removed_at is not None:
        raise ReviewRuleError("This action has been removed", None)
    problems = []
    if kind not in EmbedMeasureKind.values:
        problems.append(("kind", "Choose whether this is an indicator or an audit result"))
    name = (name or "").strip()
    if not name:
        problems.append(("name", "Enter the name of the indicator or audit"))
    elif len(name) > MAX_NAME:
        problems.append(("name", f"The name must be {MAX_NAME} characters or fewer"))
    if measured_on is None:
        problems.append(("measured_on", "Enter the date it was measured"))
    elif measured_on > timezone.localdate():
        problems.append(("measured_on", "The date it was measured must be today or in the past"))
    result = (result or "").strip()
    if not result:
        problems.append(("result", "Enter the result, for example 92% or ‘good’"))
    elif len(result) > MAX_RESULT:
        problems.append(("result", f"The result must be {MAX_RESULT} characters or fewer"))
    if shows not in EmbedMeasureShows.values:
        problems.append(("shows", "Choose what the result shows about practice"))
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        problems.append(("note", f"The note must be {MAX_NOTE:,} characters or fewer"))
    if problems:
        raise ReviewRuleError.from_problems(problems)
    with transaction.atomic():
        measure = EmbedMeasure.objects.create(
            action=action,
            kind=kind,
            name=name,
            measured_on=measured_on,
            result=result,
            shows=shows,
            note=note,
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=action.review,
            detail={
                "action": action.pk,
                "measure": measure.pk,
                "kind": kind,
                "measured_on": measured_on.isoformat(),
                "shows": shows,
            },
        )
    return measure
