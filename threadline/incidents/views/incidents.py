"""The incident list and the incident page."""

from datetime import date

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from threadline.core.access import policy
from threadline.core.models import AuditAction
from threadline.core.services import audit_record
from threadline.frameworks import selectors as framework_selectors
from threadline.frameworks.domain.rules import EVENTS

from .. import policies, selectors, services
from ..forms import SORTS, IncidentFilterForm
from ..models import Ethnicity, IncidentStatus, Sex, YesNoUnknown
from ..overview import standings
from .display import deadline_rows

PAGE_SIZE = 25
DATABASE_SORTS = {"reference": "reference", "occurred": "occurred_at", "notified": "notified_at"}


def _filter_choices(incidents):
    """The stages and criteria the person's incidents use, for the filter lists."""
    criteria = sorted(set(incidents.values_list("criterion_id", "criterion__text")), key=lambda c: c[1])
    stages: list[str] = []
    for version_id in set(incidents.values_list("framework_version_id", flat=True)):
        for spec in selectors.stage_specs(version_id):
            if spec.rule is not None and spec.name not in stages:
                stages.append(spec.name)
    return sorted(stages), criteria


def _sort_columns(request, sort: str, order: str) -> list[dict]:
    columns = []
    for key, label in SORTS.items():
        current = key == sort
        next_order = "desc" if current and order == "asc" else "asc"
        query = request.GET.copy()
        query.pop("page", None)
        query["sort"], query["order"] = key, next_order
        columns.append(
            {
                "key": key,
                "label": label,
                "href": "?" + query.urlencode(),
                "aria_sort": ("ascending" if order == "asc" else "descending") if current else "none",
            }
        )
    return columns


@policy(policies.can_list_incidents)
def incident_list(request):
    visible = selectors.incidents_visible_to(request.user)
    stages, criteria = _filter_choices(visible)
    form = IncidentFilterForm(request.GET or None, stages=stages, criteria=criteria)
    status, stage = form.value("status"), form.value("stage")
    criterion, overdue = form.value("criterion"), form.value("overdue", False)
    sort, order = form.value("sort", "notified"), form.value("order", "")
    order = order or ("desc" if sort == "notified" else "asc")
    incidents = visible.select_related("merged_into")
    if status:
        incidents = incidents.filter(status=status)
    if criterion:
        incidents = incidents.filter(criterion_id=criterion)
    if overdue:
        # A merged incident's deadlines are followed on the incident it was merged into.
        incidents = incidents.exclude(status=IncidentStatus.MERGED)
    if sort in DATABASE_SORTS:
        field = DATABASE_SORTS[sort]
        incidents = incidents.order_by(f"-{field}" if order == "desc" else field, "pk")
    today = timezone.localdate()
    if stage or overdue or sort == "next-due":
        items = standings(incidents, today=today)
        if stage:
            items = [s for s in items if s.next_due is not None and s.next_due.stage.name == stage]
        if overdue:
            items = [s for s in items if s.overdue]
        if sort == "next-due":
            undated = [s for s in items if s.next_due is None]
            dated = sorted(
                (s for s in items if s.next_due is not None),
                key=lambda s: (s.next_due.status.due, s.incident.reference),
                reverse=order == "desc",
            )
            items = dated + undated
        page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    else:
        page = Paginator(incidents, PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = standings(list(page.object_list), today=today)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "incidents/list.html",
        {
            "page": page,
            "form": form,
            "filtered": bool(status or stage or criterion or overdue),
            "columns": _sort_columns(request, sort, order),
            "query": query.urlencode(),
            "can_notify": policies.can_notify_anywhere(request.user),
            "can_merge": policies.can_merge_incidents(request.user),
            "any_visible": visible.exists(),
        },
    )


def _labels(choices, value) -> str:
    return dict(choices).get(value, value)


@policy(policies.can_list_incidents)
def incident_detail(request, pk):
    incident = selectors.incident_for(request.user, pk)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=incident)
    user = request.user
    version = incident.framework_version
    stages = {stage.key: stage for stage in framework_selectors.stages_of(version)}
    open_pause = incident.pauses.filter(ended_on__isnull=True).first()
    rows = deadline_rows(
        selectors.incident_timeline(incident, today=timezone.localdate()),
        open_pause=open_pause,
        stage_pks={key: stage.pk for key, stage in stages.items()},
    )
    active = incident.status != IncidentStatus.MERGED
    can_manage_clock = active and policies.can_manage_clock(user, incident)
    for row in rows:
        stage = stages.get(row["key"])
        row["can_complete"] = bool(
            active
            and stage
            and row["starts_on"]  # once what it runs from has happened
            and not row["done_on"]
            and policies.can_complete_stage(user, incident, stage)
        )
        row["can_delay"] = can_manage_clock and row["is_open"]
    child = incident.child
    return render(
        request,
        "incidents/detail.html",
        {
            "incident": incident,
            "version": version,
            "child": child,
            "characteristics": [
                ("Sex", _labels(Sex.choices, child.sex)),
                ("Ethnic group", _labels(Ethnicity.choices, child.ethnicity)),
                ("Care experienced", _labels(YesNoUnknown.choices, child.care_experienced)),
                ("Placed out of area", _labels(YesNoUnknown.choices, child.placed_out_of_area)),
                ("Disability", _labels(YesNoUnknown.choices, child.disability)),
            ],
            "criterion_list": version.criterion_groups.filter(key=incident.criterion.group).first(),
            "told": incident.told.all(),
            "deadlines": rows,
            "events": {event.event: event for event in incident.clock_events.all()},
            "event_labels": [(e.key, e.label) for e in EVENTS if e.key != "previous-stage"],
            "pauses": incident.pauses.all(),
            "open_pause": open_pause,
            "delays": incident.delays.select_related("stage"),
            "merged_duplicates": incident.merged_duplicates.all(),
            "active": active,
            "can_override": active and policies.can_override_eligibility(user, incident),
            "can_identify": policies.can_view_identifying_details(user, incident),
            "can_manage_clock": can_manage_clock,
        },
    )


@require_POST
@policy(policies.can_list_incidents)
def identifying_details(request, pk):
    """Who the child is, for those with a need; each look is in the audit log."""
    incident = selectors.incident_for(request.user, pk)
    child = services.incident_identifying_details_view(actor=request.user, incident=incident)
    response = render(
        request,
        "incidents/identifying_details.html",
        {"incident": incident, "child": child, "date_of_birth": date.fromisoformat(child.date_of_birth)},
    )
    response["Cache-Control"] = "no-store"
    return response
