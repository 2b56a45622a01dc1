import csv

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from .. import policies, selectors
from ..access import policy
from ..forms import AuditFilterForm
from ..models import AuditAction
from ..services import audit_record
from ..spreadsheets import safe_cell


def _filtered(request):
    organisations = selectors.organisations_visible_to(request.user)
    if not request.user.is_system_administrator:
        organisations = organisations.filter(
            pk__in=request.user.organisation_ids_with_role("service-manager")
        )
    form = AuditFilterForm(request.GET or None, organisations=organisations)
    if form.is_bound and not form.is_valid():
        return form, selectors.audit_events_visible_to(request.user).none(), {}
    filters = {}
    if form.is_bound:
        data = form.cleaned_data
        filters = {
            "text": data["q"].strip(),
            "action": data["action"],
            "organisation_id": data["organisation"].pk if data["organisation"] else None,
            "since": data["since"],
            "until": data["until"],
        }
    events = selectors.audit_events_search(request.user, **filters)
    return form, events, filters


@policy(policies.can_view_audit_log)
def audit_log(request):
    form, events, _ = _filtered(request)
    page = Paginator(events.select_related("organisation"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit/log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


class _Echo:
    def write(self, value):
        return value


@policy(policies.can_view_audit_log)
def audit_export(request):
    form, events, filters = _filtered(request)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        detail={"export": "audit log", "filters": {k: str(v) for k, v in filters.items() if v}},
    )
    writer = csv.writer(_Echo())
    header = [
        "when",
        "who",
        "organisation",
        "action",
        "record type",
        "record id",
        "record",
        "ip address",
        "page",
        "detail",
    ]

    def rows():
        yield writer.writerow(header)
        for event in events.select_related("organisation").iterator(chunk_size=2000):
            yield writer.writerow(
                safe_cell(value)
                for value in (
                    timezone.localtime(event.at).isoformat(timespec="seconds"),
                    event.actor_label,
                    event.organisation.name if event.organisation else "",
                    event.action,
                    event.target_type,
                    event.target_id,
                    event.target_label,
                    event.ip_address or "",
                    event.path,
                    event.detail,
                )
            )

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="threadline-audit-{stamp}.csv"'
    return response
