"""Where the deadlines of many incidents stand, for the list and the home panels.

The incident page asks `selectors.incident_timeline` for one incident; lists need the same
answer for many at once, so this reads every incident's dates in a handful of queries and
builds each timeline with the same domain function.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import prefetch_related_objects

from threadline.core.calendars import calendar_for_organisation
from threadline.core.domain.deadlines import Delay, Pause

from .domain.timeline import TimelineRow, build_timeline
from .selectors import stage_specs

OPEN_STATES = ("due", "late", "paused")


@dataclass(frozen=True)
class Standing:
    """One incident's deadlines as of a day: every row, and the next one due."""

    incident: object
    rows: list[TimelineRow]

    @property
    def open_rows(self) -> list[TimelineRow]:
        return [row for row in self.rows if row.status is not None and row.state in OPEN_STATES]

    @property
    def next_due(self) -> TimelineRow | None:
        rows = self.open_rows
        return min(rows, key=lambda row: (row.status.due, row.stage.order)) if rows else None

    @property
    def overdue(self) -> list[TimelineRow]:
        return [row for row in self.rows if row.state == "late"]


def standings(incidents: Sequence, *, today: date) -> list[Standing]:
    """Each incident's timeline as of `today`, in the order given."""
    incidents = list(incidents)
    if not incidents:
        return []
    prefetch_related_objects(incidents, "clock_events", "completions__stage", "pauses", "delays__stage")
    specs: dict[int, list] = {}
    calendars: dict[str, object] = {}
    result = []
    for incident in incidents:
        version = incident.framework_version
        if version.pk not in specs:
            specs[version.pk] = stage_specs(version)
        nation = incident.lead_organisation.nation
        if nation not in calendars:
            calendars[nation] = calendar_for_organisation(incident.lead_organisation)
        delays: dict[str, list[Delay]] = {}
        for d in incident.delays.all():
            delays.setdefault(d.stage.key, []).append(Delay(d.reason, d.revised_due, d.recorded_on))
        rows = build_timeline(
            stages=specs[version.pk],
            events={e.event: e.on for e in incident.clock_events.all()},
            done={c.stage.key: c.done_on for c in incident.completions.all()},
            pauses=[Pause(p.started_on, p.ended_on) for p in incident.pauses.all()],
            delays=delays,
            calendar=calendars[nation],
            today=today,
        )
        result.append(Standing(incident, rows))
    return result


def rows_for_roles(
    items: Iterable[Standing], actor, *, states: Sequence[str], within: int | None = None
) -> list[tuple[Standing, TimelineRow]]:
    """Deadlines in `states` of stages the actor's roles in the lead organisation complete,
    soonest first; `within` keeps those due in that many working days or fewer."""
    found = []
    for standing in items:
        roles = actor.roles_in(standing.incident.lead_organisation_id)
        for row in standing.rows:
            if row.status is None or row.state not in states or not roles & set(row.stage.completed_by):
                continue
            if within is not None and (row.status.working_days_left or 0) > within:
                continue
            found.append((standing, row))
    return sorted(found, key=lambda pair: (pair[1].status.due, pair[0].incident.reference))
