"""The action tracker across reviews: filters, a page of actions, and the same in Excel."""

from io import BytesIO

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from threadline.chronologies.domain.exports import CONTENT_TYPES
from threadline.core.access import policy
from threadline.core.models import AuditAction
from threadline.core.services import audit_record

from .. import policies
from ..domain import tracker as rules
from ..forms_tracker import TrackerForm
from ..selectors import tracker as selectors

PER_PAGE = 25
FILTER_NAMES = tuple(TrackerForm.base_fields)


def _form(request):
    bound = any(name in request.GET for name in FILTER_NAMES)
    return TrackerForm(request.GET if bound else None, choices=selectors.tracker_choices(request.user))


def _query(request) -> str:
    kept = request.GET.copy()
    kept.pop("page", None)
    return kept.urlencode()


def _audit_detail(filters) -> dict:
    return {k: v for k, v in vars(filters).items() if v}


@require_GET
@policy(policies.can_list_learning)
def tracker(request):
    form = _form(request)
    filters = form.filters()
    found = selectors.tracker_rows(request.user, filters)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        detail={"page": "action-tracker", **_audit_detail(filters), "count": len(found)},
    )
    query = _query(request)
    return render(
        request,
        "learning/tracker.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "filtered": bool(_audit_detail(filters)),
        },
    )


def write_tracker_xlsx(out, lines) -> int:
    """One sheet, bold frozen header with a filter, real dates; written in write-only mode."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import save_workbook

    workbook = Workbook(write_only=True)
    workbook.properties.creator = "Threadline"
    workbook.properties.title = "Action tracker"
    sheet = workbook.create_sheet("Actions")
    widths = (16, 14, 28, 40, 60, 12, 28, 24, 12, 22, 9, 10, 12)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    wrap = Alignment(wrap_text=True, vertical="top")
    header = []
    for heading in rules.SHEET_HEADINGS:
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    count = 0
    for line in lines:
        cells = []
        for value, formula_like in rules.sheet_row(line):
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                # Always a string cell: openpyxl would otherwise store text starting with "=" as a formula.
                cell.data_type = "s"
                cell.quotePrefix = formula_like
            elif value is not None and hasattr(value, "isoformat"):
                cell.number_format = "d mmmm yyyy"
            cell.alignment = wrap
            cells.append(cell)
        sheet.append(cells)
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(rules.SHEET_HEADINGS))}{count + 1}"
    save_workbook(workbook, out)
    return count


@require_GET
@policy(policies.can_list_learning)
def tracker_export(request):
    form = _form(request)
    filters = form.filters()
    found = selectors.tracker_rows(request.user, filters)
    out = BytesIO()
    count = write_tracker_xlsx(out, (selectors.line_of(row) for row in found))
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        detail={"page": "action-tracker", "format": "xlsx", **_audit_detail(filters), "count": count},
    )
    name = rules.download_name(timezone.localdate(), selectors.board_name(filters))
    response = HttpResponse(out.getvalue(), content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
