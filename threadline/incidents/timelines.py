"""The deadline timelines of many incidents at once, in a fixed number of queries.

`selectors.incident_timeline` answers for one incident on its page; the API list (its
`overdue` filter and flag) and the reminder sweep ask for every incident in a set, so they
come here. Both build the same rows with `domain.timeline.build_timeline`.
"""

from collections.abc import Iterable
from datetime import date

from django.db.models import Prefetch

from threadline.core.calendars import calendar_for_organisation
from threadline.core.domain.deadlines import DeadlineState, Delay, Pause

from .domain.timeline import TimelineRow, build_timeline
from .models import DeadlineDelay, Incident, StageCompletion
from .selectors import stage_specs

LATE_STATES = frozenset({DeadlineState.LATE})


def with_clock(incidents):
    """A queryset of incidents with everything their timeline needs fetched alongside."""
    return incidents.select_related("lead_organisation", "framework_version").prefetch_related(
        "clock_events",
        "pauses",
        Prefetch("completions", queryset=StageCompletion.objects.select_related("stage")),
        Prefetch("delays", queryset=DeadlineDelay.objects.select_related("stage")),
    )


def timelines_for(incidents: Iterable[Incident], *, today: date) -> dict[int, list[TimelineRow]]:
    """Each incident's timeline on `today`, by incident pk. Pass incidents from `with_clock`."""
    specs_by_version: dict[int, list] = {}
    calendars: dict[str, object] = {}
    answers = {}
    for incident in incidents:
        version_id = incident.framework_version_id
        if version_id not in specs_by_version:
            specs_by_version[version_id] = stage_specs(incident.framework_version)
        nation = incident.lead_organisation.nation
        if nation not in calendars:
            calendars[nation] = calendar_for_organisation(incident.lead_organisation)
        delays: dict[str, list[Delay]] = {}
        for d in incident.delays.all():
            delays.setdefault(d.stage.key, []).append(Delay(d.reason, d.revised_due, d.recorded_on))
        answers[incident.pk] = build_timeline(
            stages=specs_by_version[version_id],
            events={e.event: e.on for e in incident.clock_events.all()},
            done={c.stage.key: c.done_on for c in incident.completions.all()},
            pauses=[Pause(p.started_on, p.ended_on) for p in incident.pauses.all()],
            delays=delays,
            calendar=calendars[nation],
            today=today,
        )
    return answers


def is_overdue(rows: Iterable[TimelineRow]) -> bool:
    """A deadline has passed without its stage being done (late, in red on the page)."""
    return any(row.status is not None and row.status.state in LATE_STATES for row in rows)
