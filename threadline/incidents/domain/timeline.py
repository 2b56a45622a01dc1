"""Every deadline of an incident's framework, as of a given day.

A stage's clock starts from the event it runs from (the incident, awareness, notification,
the decision to review, an earlier stage, or a planned date). Until that event has a date,
the stage is waiting. Pauses stop every running clock; a delay revises one stage.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from threadline.core.domain.deadlines import (
    DeadlineRule,
    DeadlineStatus,
    Delay,
    Pause,
    WorkingDaysBefore,
    deadline_status,
)
from threadline.core.domain.working_days import WorkingDayCalendar

STAGE_PREFIX = "stage:"


@dataclass(frozen=True)
class StageSpec:
    key: str
    name: str
    order: int
    rule: DeadlineRule | None
    runs_from: str
    completed_by: tuple[str, ...] = ()
    optional: bool = False
    outer_limit: DeadlineRule | None = None


@dataclass(frozen=True)
class TimelineRow:
    stage: StageSpec
    starts_on: date | None  # None while the event it runs from has not happened
    done_on: date | None
    status: DeadlineStatus | None  # None: no deadline, or still waiting to start
    outer_limit: DeadlineStatus | None

    @property
    def waiting(self) -> bool:
        return self.stage.rule is not None and self.starts_on is None

    @property
    def state(self) -> str:
        if self.status is not None:
            return str(self.status.state)
        if self.done_on:
            return "done"
        return "waiting" if self.waiting else "no-deadline"


def _start_of(
    spec: StageSpec, ordered: Sequence[StageSpec], events: Mapping[str, date], done: Mapping[str, date]
) -> date | None:
    if spec.runs_from == "previous-stage":
        earlier = [s for s in ordered if s.order < spec.order]
        return done.get(earlier[-1].key) if earlier else None
    if spec.runs_from.startswith(STAGE_PREFIX):
        return done.get(spec.runs_from[len(STAGE_PREFIX) :])
    return events.get(spec.runs_from)


def build_timeline(
    *,
    stages: Sequence[StageSpec],
    events: Mapping[str, date],
    done: Mapping[str, date],
    pauses: Sequence[Pause],
    delays: Mapping[str, Sequence[Delay]],
    calendar: WorkingDayCalendar,
    today: date,
) -> list[TimelineRow]:
    ordered = sorted(stages, key=lambda s: s.order)
    rows = []
    for spec in ordered:
        start = _start_of(spec, ordered, events, done)
        done_on = done.get(spec.key)
        status = outer = None
        if spec.rule is not None and start is not None:
            # "No later than N working days before" counts back from a planned date: pauses
            # do not move it, and a done date before the start is fine.
            stage_pauses = () if isinstance(spec.rule, WorkingDaysBefore) else pauses
            status = deadline_status(
                rule=spec.rule,
                start=start,
                calendar=calendar,
                today=today,
                done_on=done_on if done_on and done_on <= today else None,
                pauses=stage_pauses,
                delays=delays.get(spec.key, ()),
            )
            if spec.outer_limit is not None:
                outer = deadline_status(
                    rule=spec.outer_limit,
                    start=start,
                    calendar=calendar,
                    today=today,
                    done_on=done_on if done_on and done_on <= today else None,
                    pauses=stage_pauses,
                )
        rows.append(TimelineRow(spec, start, done_on, status, outer))
    return rows
