"""Exporting the merged chronology (issue 6 item 7): asking for a file, watching it being
written, and downloading it (the only way the file leaves the server)."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from threadline.core.access import policy
from threadline.reviews.forms import show_problems
from threadline.reviews.selectors import review_for

from .. import policies
from ..domain.exports import CONTENT_TYPES, RETENTION_DAYS, ExportFilters, ExportRuleError
from ..forms_exports import ExportForm, initial_from_query
from ..models import JobStatus
from ..selectors import exports as selectors
from ..services.exports import chronology_export_download, chronology_export_request

# How often the status page reloads itself while the file is written. Sent as the Refresh
# header, which browsers treat as <meta http-equiv="refresh">; the page offers to stop it.
REFRESH_SECONDS = 2


def _merged_url(review, query: str = "") -> str:
    """The merged chronology's page, with the filters the person came with."""
    try:
        url = reverse("chronologies:merged", kwargs={"review_pk": review.pk})
    except NoReverseMatch:
        return review.get_absolute_url()
    return f"{url}?{query}" if query else url


@policy(policies.can_list_chronologies)
def chronology_export(request, review_pk):
    review = review_for(request.user, review_pk)
    if not policies.can_analyse(request.user, review):
        raise PermissionDenied
    agencies = selectors.agency_names(review)
    if request.method == "POST":
        form = ExportForm(request.POST, agencies=agencies, pdf_limit=selectors.pdf_entry_limit())
    else:
        form = ExportForm(
            initial=initial_from_query(request.GET, agencies),
            agencies=agencies,
            pdf_limit=selectors.pdf_entry_limit(),
        )
    summary = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            export = chronology_export_request(
                actor=request.user,
                review=review,
                file_format=data["file_format"],
                organisation_ids=data["agency"],
                date_from=data["date_from"],
                date_to=data["date_to"],
                significant_only=data["significant_only"],
            )
        except ExportRuleError as error:
            summary = show_problems(form, error.problems)
        else:
            return redirect("chronologies:export_status", pk=export.pk)
    return render(
        request,
        "chronologies/export.html",
        {
            "review": review,
            "incident": review.incident,
            "form": form,
            "summary": summary,
            "back_url": _merged_url(review, request.GET.urlencode() if request.method == "GET" else ""),
            "recent": selectors.recent_exports(request.user, review),
        },
    )


@never_cache
@policy(policies.can_list_chronologies)
def chronology_export_status(request, pk):
    export = selectors.export_for(request.user, pk)
    review = export.review
    in_progress = export.status in (JobStatus.WAITING, JobStatus.RUNNING)
    refreshing = in_progress and request.GET.get("refresh") != "off"
    filters = ExportFilters.from_json(export.filters)
    response = render(
        request,
        "chronologies/export_status.html",
        {
            "review": review,
            "incident": review.incident,
            "export": export,
            "filters": filters.described(selectors.agency_names(review)),
            "in_progress": in_progress,
            "refreshing": refreshing,
            "laying_out": export.status == JobStatus.RUNNING
            and export.total_rows
            and export.done_rows >= export.total_rows,
            "percent": int(100 * export.done_rows / export.total_rows) if export.total_rows else 0,
            "size": export.file.size if export.status == JobStatus.DONE and export.file else None,
            "kept_until": export.requested_at + timedelta(days=RETENTION_DAYS),
            "back_url": _merged_url(review),
        },
    )
    if refreshing:
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


@require_GET
@policy(policies.can_list_chronologies)
def chronology_export_download_file(request, pk):
    export = selectors.export_for(request.user, pk)
    if export.status != JobStatus.DONE or not export.file:
        raise Http404
    try:
        stream, name = chronology_export_download(actor=request.user, export=export)
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        stream, as_attachment=True, filename=name, content_type=CONTENT_TYPES[export.file_format]
    )
    # The file is only ever saved, never shown as a page of this site: no sniffing, no scripts,
    # no copy kept by a shared cache or the browser's.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
