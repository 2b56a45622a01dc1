"""Every read of incidents starts from what the actor may see."""

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from threadline.core.calendars import calendar_for_organisation
from threadline.core.domain.deadlines import Delay, Pause
from threadline.core.selectors import record_for, records_visible_to
from threadline.frameworks.models import Stage

from .domain.duplicates import KnownIncident, likely_duplicates
from .domain.merging import MergeSide
from .domain.merging import merge_problem as merge_rule_problem
from .domain.timeline import StageSpec, TimelineRow, build_timeline
from .models import Incident, IncidentStatus


def incidents_visible_to(actor) -> QuerySet[Incident]:
    return records_visible_to(actor, Incident.objects.all()).select_related(
        "child", "criterion", "framework_version__framework", "lead_organisation"
    )


def incident_for(actor, pk) -> Incident:
    return record_for(actor, Incident.objects.select_related("child", "criterion"), pk)


def duplicates_of(actor, *, child_match_key: str, occurred_on: date) -> list[Incident]:
    """Incidents the person can see that are likely the one being notified."""
    candidates = (
        incidents_visible_to(actor)
        .filter(child__match_key=child_match_key)
        .exclude(status=IncidentStatus.MERGED)
    )
    # London dates, as the person typed them: just after midnight in summer, UTC is still on
    # the day before.
    known = [
        KnownIncident(i.pk, i.child.match_key, timezone.localtime(i.occurred_at).date()) for i in candidates
    ]
    order = likely_duplicates(child_match_key=child_match_key, occurred_on=occurred_on, known=known)
    by_pk = {i.pk: i for i in candidates}
    return [by_pk[pk] for pk in order]


def stage_specs(version) -> list[StageSpec]:
    return [
        StageSpec(
            key=s.key,
            name=s.name,
            order=s.order,
            rule=s.rule,
            runs_from=s.runs_from,
            completed_by=tuple(s.completed_by),
            optional=s.optional,
            outer_limit=s.outer_limit,
        )
        for s in Stage.objects.filter(version=version).order_by("order")
    ]


def incident_timeline(incident: Incident, *, today: date) -> list[TimelineRow]:
    events = {e.event: e.on for e in incident.clock_events.all()}
    done = {c.stage.key: c.done_on for c in incident.completions.select_related("stage")}
    pauses = [Pause(p.started_on, p.ended_on) for p in incident.pauses.all()]
    delays: dict[str, list[Delay]] = {}
    for d in incident.delays.select_related("stage"):
        delays.setdefault(d.stage.key, []).append(Delay(d.reason, d.revised_due, d.recorded_on))
    return build_timeline(
        stages=stage_specs(incident.framework_version),
        events=events,
        done=done,
        pauses=pauses,
        delays=delays,
        calendar=calendar_for_organisation(incident.lead_organisation),
        today=today,
    )


def incident_for_merging(actor, reference: str) -> Incident | None:
    """An incident the person can see, by its reference: the one a duplicate is merged into
    (or, from the start page, the duplicate itself). None when there is none they can see."""
    reference = " ".join(reference.split()).upper()
    if not reference:
        return None
    return incidents_visible_to(actor).select_related("merged_into").filter(reference=reference).first()


def _merge_side(incident: Incident) -> MergeSide:
    return MergeSide(
        pk=incident.pk,
        reference=incident.reference,
        merged=incident.status == IncidentStatus.MERGED,
        child_match_key=incident.child.match_key,
    )


def merge_problem(actor, *, duplicate: Incident, into: Incident) -> tuple[str, str] | None:
    """What stops `duplicate` being merged into `into`, as (field, message), or None: shown
    before the person confirms, and checked again by the service with both rows locked."""
    if not incidents_visible_to(actor).filter(pk=into.pk).exists():
        # The same answer as a reference that does not exist: its existence does not leak.
        return "into", f"There is no incident with the reference {into.reference}"
    return merge_rule_problem(duplicate=_merge_side(duplicate), into=_merge_side(into))
