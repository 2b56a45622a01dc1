"""Where the deadlines of many incidents stand, for the list, the home panels and reminders.

The incident page asks `selectors.incident_timeline` for one incident; lists need the same
answer for many at once, so this reads every incident's dates in a handful of queries and
builds each timeline with the same domain function. `deadline_notes` says, in the same words
everywhere, what moved a deadline: a delay (with the original date and the reason) or a pause.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.text import Truncator

from threadline.core.calendars import calendar_for_organisation
from threadline.core.domain.deadlines import Delay, Pause

from .domain.timeline import TimelineRow, build_timeline
from .selectors import stage_specs

OPEN_STATES = ("due", "late", "paused")
DELAYED_TAG = ("Delayed", "govuk-tag--orange")
PAUSED_TAG = ("Paused", "govuk-tag--purple")
MOVED_BY_PAUSE_TAG = ("Moved by a pause", "govuk-tag--purple")
HINT_REASON_CHARS = 120


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class DeadlineNotes:
    """What moved one deadline, for the places that list deadlines (the incident list, the
    home panels, the reminder e-mails); the incident page shows the same in its timeline."""

    due: date
    original_due: date  # before any delay or pause
    delayed: bool
    revised_due: date | None  # the date the latest delay set, before any later pause
    delay_reason: str
    paused_now: bool  # the clock stands still today
    moved_by_pause: bool  # a pause that has ended moved the date

    @property
    def moved(self) -> bool:
        return self.original_due != self.due

    @property
    def tags(self) -> list[dict]:
        """GOV.UK tags, in the order they read: delayed, then paused or moved by a pause."""
        found = []
        if self.delayed:
            found.append(DELAYED_TAG)
        if self.paused_now:
            found.append(PAUSED_TAG)
        elif self.moved_by_pause:
            found.append(MOVED_BY_PAUSE_TAG)
        return [{"text": text, "colour": colour} for text, colour in found]

    def sentence(self) -> str:
        """The same in words, for a hint: "Delayed from 4 June 2027: Panel moved." """
        parts = []
        if self.delayed:
            reason = Truncator(self.delay_reason.strip()).chars(HINT_REASON_CHARS).rstrip(".")
            parts.append(f"Delayed from {_long_date(self.original_due)}: {reason}.")
        if self.paused_now:
            parts.append("Paused.")
        elif self.moved_by_pause:
            since = "" if self.delayed else f" from {_long_date(self.original_due)}"
            parts.append(f"Moved by a pause{since}.")
        return " ".join(parts)


def deadline_notes(row: TimelineRow | None, incident=None) -> DeadlineNotes | None:
    """What moved `row`'s deadline; None when it has no running deadline. Given the incident
    (with its delays prefetched, as `standings` leaves it), the delay's own revised date too."""
    if row is None or row.status is None:
        return None
    status = row.status
    revised = None
    if status.delayed and incident is not None:
        # The latest delay decides, as in the domain: recorded last (the delays' ordering).
        delays = [d for d in incident.delays.all() if d.stage.key == row.stage.key]
        revised = delays[-1].revised_due if delays else None
    paused_now = row.state == "paused"
    return DeadlineNotes(
        due=status.due,
        original_due=status.original_due,
        delayed=status.delayed,
        revised_due=revised,
        delay_reason=status.delay_reason or "",
        paused_now=paused_now,
        moved_by_pause=status.paused and not paused_now,
    )


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
    def next_due_notes(self) -> DeadlineNotes | None:
        return deadline_notes(self.next_due, self.incident)

    @property
    def overdue(self) -> list[TimelineRow]:
        return [row for row in self.rows if row.state == "late"]

    def row_for(self, stage_key: str) -> TimelineRow | None:
        return next((row for row in self.rows if row.stage.key == stage_key), None)


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


def stage_deadline_notes(incident, stage_key: str, *, today: date | None = None) -> DeadlineNotes | None:
    """What moved one stage's deadline of one incident, as of `today` (by default, today)."""
    (standing,) = standings([incident], today=today or timezone.localdate())
    return deadline_notes(standing.row_for(stage_key), incident)
