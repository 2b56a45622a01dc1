"""Home page panels about incidents: deadlines coming up, deadlines missed, and incidents
waiting for a manager's eligibility decision. A deadline that a delay or a pause moved says
so, with the original date (and the delay's reason), as the incident list does."""

from django.urls import reverse
from django.utils import timezone

from threadline.core.home import Panel, register
from threadline.core.models import Role

from . import selectors
from .forms_notify import long_date
from .models import IncidentStatus
from .overview import deadline_notes, rows_for_roles, standings

SOON_WORKING_DAYS = 10
# Roles that take no part in reviews complete no stage (frameworks.domain.rules).
NON_COMPLETING_ROLES = {Role.SYSTEM_ADMINISTRATOR, Role.NATIONAL_BODY_READER}
MAX_ITEMS = 20


def _completes_stages(actor) -> bool:
    return any(set(actor.roles_in(org)) - NON_COMPLETING_ROLES for org in actor.organisation_ids())


def _led_standings(actor):
    """Open incidents the actor's organisations lead, with their deadlines."""
    incidents = selectors.incidents_visible_to(actor).filter(
        lead_organisation_id__in=actor.organisation_ids(), status=IncidentStatus.OPEN
    )
    return standings(incidents, today=timezone.localdate())


def _item(standing, row, hint: str) -> dict:
    incident = standing.incident
    notes = deadline_notes(row, incident)
    moved = notes.sentence() if notes else ""
    return {
        "text": f"{incident.reference}: {row.stage.name}",
        "href": f"{incident.get_absolute_url()}#deadlines",
        "hint": " ".join(part for part in (f"{incident.child.pseudonym}.", hint, moved) if part),
    }


@register
def deadlines_soon(actor):
    if not _completes_stages(actor):
        return None
    rows = rows_for_roles(_led_standings(actor), actor, states=("due",), within=SOON_WORKING_DAYS)
    items = []
    for standing, row in rows[:MAX_ITEMS]:
        left = row.status.working_days_left
        when = "today" if left == 0 else f"in {left} working day{'s' if left != 1 else ''}"
        if row.status.due_date_passed:
            when = "no working days left"
        items.append(_item(standing, row, f"Due {long_date(row.status.due)}, {when}."))
    return Panel(
        title=f"Deadlines in the next {SOON_WORKING_DAYS} working days",
        empty_text=f"No deadline of a stage your roles complete falls in the next {SOON_WORKING_DAYS} "
        "working days. Deadlines of the incidents your organisation leads appear here when they are "
        f"{SOON_WORKING_DAYS} working days away or less.",
        items=items,
        link={"text": "See all incidents", "href": reverse("incidents:incident_list")},
        order=30,
    )


@register
def deadlines_overdue(actor):
    if not _completes_stages(actor):
        return None
    rows = rows_for_roles(_led_standings(actor), actor, states=("late",))
    items = []
    for standing, row in rows[:MAX_ITEMS]:
        late = row.status.working_days_late
        items.append(
            _item(
                standing,
                row,
                f"Was due {long_date(row.status.due)}: {late} working day{'s' if late != 1 else ''} late.",
            )
        )
    return Panel(
        title="Overdue deadlines",
        empty_text="Nothing is overdue. A deadline of a stage your roles complete appears here the day "
        "after it is missed, until the stage is recorded as done or the deadline is revised.",
        items=items,
        link={"text": "See overdue incidents", "href": reverse("incidents:incident_list") + "?overdue=on"}
        if items
        else None,
        order=25,
    )


@register
def waiting_for_eligibility(actor):
    managed = actor.organisation_ids_with_role(Role.SERVICE_MANAGER)
    if not managed:
        return None
    incidents = (
        selectors.incidents_visible_to(actor)
        .filter(lead_organisation_id__in=managed, status=IncidentStatus.OPEN, eligibility_overridden=False)
        .exclude(eligible=True)
        .order_by("notified_at")[:MAX_ITEMS]
    )
    items = [
        {
            "text": f"{incident.reference}: {incident.child.pseudonym}",
            "href": f"{incident.get_absolute_url()}#eligibility",
            "hint": "Not eligible by the rules: " + "; ".join(incident.eligibility_reasons)
            if incident.eligible is False
            else "The rules could not decide.",
        }
        for incident in incidents
    ]
    return Panel(
        title="Incidents waiting for an eligibility decision",
        empty_text="No incident is waiting for your decision. An incident the rules find not eligible "
        "for a review appears here, so that a service manager can confirm it or override it with a "
        "rationale.",
        items=items,
        order=35,
    )
