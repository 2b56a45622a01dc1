"""Merging a duplicate into the incident that stays: one incident, one record, no data lost.

A service manager of the duplicate's lead organisation merges it into an incident they can
see. What the duplicate recorded moves across by stage KEY, never by stage id, so a record
notified under another version of the framework keeps its work:

- a stage done on the duplicate moves if the version that stays has a stage with that key
  and the incident that stays has not done it (its own completion wins);
- a dated event (the decision, a planned publication) moves unless the incident that stays
  has its own date for it;
- a delay moves if the version that stays has a stage with that key;
- pauses move, an open one too unless the incident that stays already has an open pause;
- who was told moves, except what the incident that stays already records the same way.

Whatever does not move stays on the duplicate, which is never deleted: it stays readable,
marked as merged and pointing to the incident that stays, and the audit rows of both say
what moved and what stayed. The duplicate is shared with the organisation leading the
incident that stays, and everyone who took part in the duplicate with the incident that
stays, so nothing becomes unreachable.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from threadline.core.access import require
from threadline.core.models import AuditAction, Share
from threadline.core.services import audit_record
from threadline.frameworks.models import Stage

from .. import policies, selectors
from ..models import (
    ClockEvent,
    ClockPause,
    DeadlineDelay,
    Incident,
    IncidentStatus,
    StageCompletion,
    WhoWasTold,
)
from ..reminders import reminders_schedule_on_commit
from .notify import IncidentRuleError


def incident_merge(*, actor, duplicate: Incident, into: Incident) -> Incident:
    """Fold `duplicate` into `into`, the incident that stays; returns it."""
    require(policies.can_merge_incident(actor, duplicate))
    with transaction.atomic():
        # Both rows locked, in a fixed order: two merges of the same pair at once queue up,
        # and the second sees the first's work.
        locked = {
            incident.pk: incident
            for incident in Incident.objects.select_for_update()
            .filter(pk__in=[duplicate.pk, into.pk])
            .order_by("pk")
        }
        duplicate, into = locked[duplicate.pk], locked[into.pk]
        problem = selectors.merge_problem(actor, duplicate=duplicate, into=into)
        if problem is not None:
            field, message = problem
            raise IncidentRuleError(message, field)
        moved, stayed = _move_records(duplicate, into)
        _share_both_ways(actor, duplicate, into)
        duplicate.status = IncidentStatus.MERGED
        duplicate.merged_into = into
        duplicate.save(update_fields=["status", "merged_into"])
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=duplicate,
            detail={"merged_into": into.reference, "moved": moved, "kept_on_the_duplicate": stayed},
        )
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=into,
            detail={"merged_from": duplicate.reference, "moved": moved},
        )
        reminders_schedule_on_commit(into)
    return into


def _move_records(duplicate: Incident, into: Incident) -> tuple[dict, dict]:
    """Move what the duplicate recorded; (what moved, what stayed), by stage key and count."""
    stages = {stage.key: stage for stage in Stage.objects.filter(version_id=into.framework_version_id)}
    moved: dict[str, list | int] = {}
    stayed: dict[str, list | int] = {}

    done_here = set(StageCompletion.objects.filter(incident=into).values_list("stage__key", flat=True))
    moved["completions"], stayed["completions"] = _move_by_stage_key(
        StageCompletion.objects.filter(incident=duplicate), into, stages, refuse=done_here
    )
    moved["delays"], stayed["delays"] = _move_by_stage_key(
        DeadlineDelay.objects.filter(incident=duplicate), into, stages, refuse=set()
    )

    dated_here = set(ClockEvent.objects.filter(incident=into).values_list("event", flat=True))
    events = ClockEvent.objects.filter(incident=duplicate)
    moved["clock_events"] = sorted(events.exclude(event__in=dated_here).values_list("event", flat=True))
    stayed["clock_events"] = sorted(events.filter(event__in=dated_here).values_list("event", flat=True))
    events.exclude(event__in=dated_here).update(incident=into)

    pauses = ClockPause.objects.filter(incident=duplicate)
    if ClockPause.objects.filter(incident=into, ended_on__isnull=True).exists():
        pauses = pauses.filter(ended_on__isnull=False)  # the open pause that stays holds the clock
    moved_pauses = set(pauses.values_list("pk", flat=True))
    pauses.update(incident=into)
    moved["pauses"] = len(moved_pauses)
    stayed["pauses"] = ClockPause.objects.filter(incident=duplicate).count()

    told_here = set(WhoWasTold.objects.filter(incident=into).values_list("party", "told_on", "detail"))
    told = [
        t
        for t in WhoWasTold.objects.filter(incident=duplicate)
        if (t.party, t.told_on, t.detail) not in told_here
    ]
    WhoWasTold.objects.filter(pk__in=[t.pk for t in told]).update(incident=into)
    moved["who_was_told"] = len(told)
    stayed["who_was_told"] = WhoWasTold.objects.filter(incident=duplicate).count()
    return moved, stayed


def _move_by_stage_key(rows, into: Incident, stages: dict[str, Stage], *, refuse: set[str]):
    """Move each row to the stage of the same key in the version that stays, unless that
    version has no such stage or `refuse` holds the key; (keys moved, keys that stayed)."""
    by_key = defaultdict(list)
    for row in rows.select_related("stage"):
        by_key[row.stage.key].append(row.pk)
    moved, stayed = [], []
    for key, pks in sorted(by_key.items()):
        if key in stages and key not in refuse:
            rows.model.objects.filter(pk__in=pks).update(incident=into, stage=stages[key])
            moved.extend([key] * len(pks))
        else:
            stayed.extend([key] * len(pks))
    return moved, stayed


def _share_both_ways(actor, duplicate: Incident, into: Incident) -> None:
    """Everyone who took part in the duplicate sees the incident that stays, and the
    organisation leading the incident that stays sees the duplicate (its history)."""
    incident_type = ContentType.objects.get_for_model(Incident)
    for share in Share.objects.filter(content_type=incident_type, object_id=duplicate.pk):
        if share.organisation_id is not None and share.organisation_id == into.lead_organisation_id:
            continue
        Share.objects.get_or_create(
            content_type=incident_type,
            object_id=into.pk,
            organisation_id=share.organisation_id,
            person_id=share.person_id,
            defaults={"added_by": actor},
        )
    if duplicate.lead_organisation_id != into.lead_organisation_id:
        for record, organisation_id in (
            (into, duplicate.lead_organisation_id),
            (duplicate, into.lead_organisation_id),
        ):
            Share.objects.get_or_create(
                content_type=incident_type,
                object_id=record.pk,
                organisation_id=organisation_id,
                person=None,
                defaults={"added_by": actor},
            )
