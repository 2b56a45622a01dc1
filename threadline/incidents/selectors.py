"""Every read of incidents starts from what the actor may see."""

from datetime import date

from django.db.models import QuerySet

from threadline.core.calendars import calendar_for_organisation
from threadline.core.domain.deadlines import Delay, Pause
from threadline.core.selectors import record_for, records_visible_to
from threadline.frameworks.models import Stage

from . import policies
from .domain.duplicates import KnownIncident, likely_duplicates
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
    known = [KnownIncident(i.pk, i.child.match_key, i.occurred_at.date()) for i in candidates]
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
    """System administrators merge duplicates wherever they are (policies.can_merge_incidents);
    they find them by reference, and see only a summary."""
    if not policies.can_merge_incidents(actor):
        return None
    return (
        Incident.objects.select_related(
            "child", "criterion", "framework_version__framework", "lead_organisation"
        )
        .filter(reference=reference)
        .first()
    )
