"""How a review's stages read on a page: the task list's rows, names of roles, dates."""

from django.urls import reverse

from threadline.core.models import Role
from threadline.frameworks.domain.rules import EVENTS_BY_KEY

from .domain.tasklist import TaskStatus, deadline_words

EARLIER_STAGE = ("previous-stage",)

ROLE_LABELS = dict(Role.choices)
STATUS_TAGS = {
    TaskStatus.IN_PROGRESS: "govuk-tag--light-blue",
    TaskStatus.NOT_STARTED: "govuk-tag--blue",
}


def long_date(day) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def who_completes(stage) -> str:
    """'Service manager or head of service, or partner agency lead'."""
    labels = [ROLE_LABELS.get(role, role) for role in stage.completed_by]
    labels = labels[:1] + [label[:1].lower() + label[1:] for label in labels[1:]]
    if len(labels) > 1:
        # A role named with "or" needs the comma to keep the choices apart.
        last = ", or " if any(" or " in label for label in labels) else " or "
        return ", ".join(labels[:-1]) + last + labels[-1]
    return labels[0] if labels else ""


def waits_for(task) -> str:
    """Why a stage that cannot start waits, when it is a date recorded on the incident page
    (the decision to review, the planned publication date) rather than an earlier stage."""
    runs_from = task.stage.runs_from
    if task.status != TaskStatus.CANNOT_START or runs_from in EARLIER_STAGE or runs_from.startswith("stage:"):
        return ""
    event = EVENTS_BY_KEY.get(runs_from)
    if event is None:
        return ""
    return f"It starts once {event.phrase} is recorded on the incident page."


def deadline_text(task) -> str:
    """'Due 17 March 2025: 5 working days left', or what the deadline waits for."""
    status = task.deadline
    if status is not None:
        words = deadline_words(status)
        if str(status.state) in ("done", "done_late"):
            return f"Was due {long_date(status.due)}: {words}"
        if str(status.state) == "paused":
            # While paused the date moves on every working day: it is what it would be now.
            return f"{words[:1].upper()}{words[1:]} (due {long_date(status.due)} if it ran again today)"
        return f"Due {long_date(status.due)}: {words}"
    if task.stage.rule is not None:
        return task.stage.deadline_in_words()
    return "No deadline"


def task_rows(review, tasks) -> list[dict]:
    rows = []
    for task in tasks:
        status = task.status
        href = ""
        if status != TaskStatus.CANNOT_START:
            href = reverse("reviews:stage", kwargs={"pk": review.pk, "stage_key": task.stage.key})
        done_on = task.timeline.done_on if task.timeline else None
        rows.append(
            {
                "key": task.stage.key,
                "name": task.stage.name,
                "href": href,
                "status": status.label,
                "tag": STATUS_TAGS.get(status, ""),
                "plain_class": "govuk-task-list__status--cannot-start-yet"
                if status in (TaskStatus.CANNOT_START, TaskStatus.NOT_NEEDED)
                else "",
                "deadline": deadline_text(task),
                "late": task.deadline is not None and str(task.deadline.state) == "late",
                "who": who_completes(task.stage),
                "waits_for": waits_for(task),
                "done_on": long_date(done_on),
                "decision": task.decision,
            }
        )
    return rows
