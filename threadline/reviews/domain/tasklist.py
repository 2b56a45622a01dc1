"""Where each stage of a review stands, as the GOV.UK task list shows it.

A stage is Completed once it is recorded as done. A stage the review's decision made
unnecessary (a Full Learning Review when the decision is not to hold one) is Not needed. A
stage whose clock has not started, because what it runs from has not happened, Cannot start
yet; a stage after one that is not needed can start once that one would have. Otherwise a
stage with anything recorded is In progress, and one with nothing is Not yet started.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum

STAGE_PREFIX = "stage:"


class TaskStatus(StrEnum):
    COMPLETED = "completed"
    IN_PROGRESS = "in-progress"
    NOT_STARTED = "not-started"
    CANNOT_START = "cannot-start"
    NOT_NEEDED = "not-needed"

    @property
    def label(self) -> str:
        return {
            TaskStatus.COMPLETED: "Completed",
            TaskStatus.IN_PROGRESS: "In progress",
            TaskStatus.NOT_STARTED: "Not yet started",
            TaskStatus.CANNOT_START: "Cannot start yet",
            TaskStatus.NOT_NEEDED: "Not needed",
        }[self]

    @property
    def finished(self) -> bool:
        return self in (TaskStatus.COMPLETED, TaskStatus.NOT_NEEDED)


@dataclass(frozen=True)
class TaskStage:
    key: str
    order: int
    runs_from: str
    optional: bool = False


def can_start(
    stage: TaskStage,
    stages: Sequence[TaskStage],
    *,
    events: Collection[str],
    done: Collection[str],
    skipped: Collection[str],
) -> bool:
    """Whether what the stage runs from has happened (a stage not needed counts as passed)."""
    ordered = sorted(stages, key=lambda s: s.order)
    by_key = {s.key: s for s in ordered}
    seen: set[str] = set()
    current = stage
    while current.key not in seen:
        seen.add(current.key)
        source = current.runs_from
        if source == "previous-stage":
            earlier = [s for s in ordered if s.order < current.order]
            if not earlier:
                return True
            before = earlier[-1]
        elif source.startswith(STAGE_PREFIX):
            before = by_key.get(source[len(STAGE_PREFIX) :])
            if before is None:
                return False
        else:
            return source in events
        if before.key in done:
            return True
        if before.key not in skipped:
            return False
        current = before  # not needed: this stage can start when that one could have
    return False


def task_status(*, done: bool, skipped: bool, startable: bool, started: bool) -> TaskStatus:
    if done:
        return TaskStatus.COMPLETED
    if skipped:
        return TaskStatus.NOT_NEEDED
    if not startable:
        return TaskStatus.CANNOT_START
    return TaskStatus.IN_PROGRESS if started else TaskStatus.NOT_STARTED


def skipped_stages(stages: Sequence[TaskStage], skipped_by_decisions: Collection[str]) -> set[str]:
    """Only an optional stage can be made unnecessary by a decision."""
    return {s.key for s in stages if s.optional and s.key in skipped_by_decisions}


def all_finished(statuses: Collection[TaskStatus]) -> bool:
    return bool(statuses) and all(status.finished for status in statuses)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def deadline_words(status) -> str:
    """A deadline's standing, from a core.domain.deadlines.DeadlineStatus, in a few words."""
    if status is None:
        return ""
    state = str(status.state)
    if state == "due":
        left = status.working_days_left or 0
        text = "due today" if left == 0 else f"{_plural(left, 'working day')} left"
    elif state == "late":
        text = f"{_plural(status.working_days_late, 'working day')} late"
    elif state == "paused":
        text = "paused"
        if status.working_days_left is not None:
            text += f" with {_plural(status.working_days_left, 'working day')} left"
    elif state == "done_late":
        text = f"done {_plural(status.working_days_late, 'working day')} late"
    else:
        text = "done on time"
    if status.delayed:
        text += f"; delayed: {status.delay_reason}"
    elif status.paused and state != "paused":
        text += "; moved by a pause"
    return text
