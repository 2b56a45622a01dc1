"""How an incident's deadlines read on a page: plain words, tags and dates."""

from threadline.core.models import Role
from threadline.frameworks.domain.rules import EVENTS_BY_KEY, STAGE_EVENT_PREFIX, describe_deadline

ROLE_LABELS = dict(Role.choices)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def waiting_for(row, names: dict[str, str], earlier: str | None) -> str:
    """What a stage whose clock has not started is waiting for, in words."""
    runs_from = row.stage.runs_from
    if runs_from == "previous-stage":
        return f"Waiting for ‘{earlier}’ to be completed" if earlier else "Waiting for the previous stage"
    if runs_from.startswith(STAGE_EVENT_PREFIX):
        key = runs_from[len(STAGE_EVENT_PREFIX) :]
        return f"Waiting for ‘{names.get(key, key)}’ to be completed"
    event = EVENTS_BY_KEY.get(runs_from)
    return f"Waiting for {event.phrase if event else runs_from} to be recorded"


def state_tag(row) -> tuple[str, str]:
    """The tag text and colour of a row's state."""
    status = row.status
    match row.state:
        case "due":
            left = status.working_days_left
            if left == 0:
                if status.due_date_passed:  # a Friday deadline over the weekend: not late yet
                    return "No working days left", "govuk-tag--yellow"
                return "Due today", "govuk-tag--yellow"
            return f"{_plural(left, 'working day')} left", "govuk-tag--blue"
        case "late":
            return f"{_plural(status.working_days_late, 'working day')} late", "govuk-tag--red"
        case "done":
            return "Done", "govuk-tag--green"
        case "done_late":
            return f"Done {_plural(status.working_days_late, 'working day')} late", "govuk-tag--orange"
        case "paused":
            return "Paused", "govuk-tag--purple"
        case "waiting":
            return "Waiting", "govuk-tag--grey"
    # A stage without a deadline: to do once what it runs from has happened.
    return ("To do", "govuk-tag--blue") if row.starts_on else ("Not started", "govuk-tag--grey")


def deadline_rows(rows, *, open_pause=None, stage_pks: dict[str, int] | None = None) -> list[dict]:
    """Each stage of the timeline as a row of the deadlines table."""
    names = {row.stage.key: row.stage.name for row in rows}
    result = []
    earlier = None
    for row in rows:
        status = row.status
        tag, colour = state_tag(row)
        result.append(
            {
                "row": row,
                "key": row.stage.key,
                "pk": (stage_pks or {}).get(row.stage.key),
                "name": row.stage.name,
                "optional": row.stage.optional,
                "who": [ROLE_LABELS.get(role, role) for role in row.stage.completed_by],
                "starts_on": row.starts_on,
                "waiting": waiting_for(row, names, earlier) if row.waiting else "",
                "has_deadline": row.stage.rule is not None,
                "rule": describe_deadline(row.stage.rule, row.stage.outer_limit, row.stage.runs_from, names),
                "due": status.due if status else None,
                "original_due": status.original_due if status and status.original_due != status.due else None,
                "done_on": row.done_on,
                "state": row.state,
                "tag": tag,
                "colour": colour,
                "left": status.working_days_left if status else None,
                "late": status.working_days_late if status else None,
                "paused_now": row.state == "paused",
                "pause_reason": open_pause.reason if open_pause and row.state == "paused" else "",
                "moved_by_pause": bool(status and status.paused and row.state != "paused"),
                "delayed": bool(status and status.delayed),
                "delay_reason": status.delay_reason if status else "",
                "outer_due": row.outer_limit.due if row.outer_limit else None,
                "is_open": row.status is not None and row.state in ("due", "late", "paused"),
            }
        )
        earlier = row.stage.name
    return result
