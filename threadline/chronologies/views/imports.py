"""Importing an agency's chronology from a file (issue 6 item 3): the page with the templates
and the upload, the templates themselves, and the import's own page (progress while it is
checked or imported, then the report or the preview, then the result)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET

from threadline.core.access import policy
from threadline.core.models import AuditAction
from threadline.core.services import audit_record
from threadline.core.uploads import limit_upload_size
from threadline.reviews.domain.errors import ReviewRuleError
from threadline.reviews.forms import show_problems

from .. import policies
from ..domain.imports import KINDS
from ..forms_imports import ImportUploadForm
from ..models import ImportStatus
from ..selectors.chronologies import chronology_for
from ..selectors.imports import (
    import_for,
    imports_of,
    max_import_bytes,
    open_version,
    preview_rows,
    problem_rows,
)
from ..services.imports import chronology_import_cancel, chronology_import_confirm, chronology_import_upload
from ..templates_files import CONTENT_TYPES, CSV_GUIDANCE, column_rows, guidance_lines, template_file

RUNNING = (ImportStatus.CHECKING, ImportStatus.IMPORTING)
REFRESH_SECONDS = 2


def chronology_url(chronology) -> str:
    return reverse("chronologies:chronology", kwargs={"pk": chronology.pk})


def _writable(request, chronology_pk):
    chronology = chronology_for(request.user, chronology_pk)
    if not policies.can_write_chronology(request.user, chronology):
        raise PermissionDenied
    return chronology


# Django's CSRF check reads the request body, after which the upload handlers cannot change;
# the size limit goes in first, then the check runs as usual (Django's documented order).
@csrf_exempt
@policy(policies.can_list_chronologies)
def import_start(request, chronology_pk):
    if request.method == "POST":
        limit_upload_size(request, max_import_bytes())
    return _import_start(request, chronology_pk)


@csrf_protect
def _import_start(request, chronology_pk):
    chronology = _writable(request, chronology_pk)
    form = ImportUploadForm(request.POST, request.FILES) if request.method == "POST" else ImportUploadForm()
    if request.method == "POST":
        try:
            started = chronology_import_upload(
                actor=request.user, chronology=chronology, uploaded_file=request.FILES.get("file")
            )
        except ReviewRuleError as error:
            show_problems(form, [(field or "file", message) for field, message in error.problems])
        else:
            return redirect("chronologies:import", pk=started.pk)
    version = open_version(chronology)
    # Without an open version there is no field to link the problem to.
    summary = [] if version else [{"text": message, "href": ""} for message in form.errors.get("file", [])]
    return render(
        request,
        "chronologies/import_start.html",
        {
            "chronology": chronology,
            "review": chronology.review,
            "version": version,
            "form": form,
            "summary": summary,
            "imports": imports_of(chronology),
            "columns": column_rows(),
            "guidance": guidance_lines(chronology.period_from, chronology.period_to),
            "csv_guidance": CSV_GUIDANCE,
            "back_url": chronology_url(chronology),
        },
    )


@require_GET
@policy(policies.can_list_chronologies)
def import_template(request, chronology_pk, file_format):
    chronology = _writable(request, chronology_pk)
    if file_format not in KINDS:
        raise Http404
    content = template_file(
        file_format,
        agency=chronology.organisation.name,
        period_from=chronology.period_from,
        period_to=chronology.period_to,
    )
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="chronology-template.{file_format}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@policy(policies.can_list_chronologies)
def import_page(request, pk):
    chronology_import = import_for(request.user, pk)
    chronology = chronology_import.chronology
    if not policies.can_write_chronology(request.user, chronology):
        raise PermissionDenied
    summary = []
    if request.method == "POST":
        action = request.POST.get("action")
        service = {"import": chronology_import_confirm, "cancel": chronology_import_cancel}.get(action)
        if service is None:
            summary = [{"text": "Choose to import the entries or to cancel", "href": ""}]
        else:
            try:
                service(actor=request.user, chronology_import=chronology_import)
            except ReviewRuleError as error:
                summary = [{"text": message, "href": ""} for _, message in error.problems]
            else:
                return redirect("chronologies:import", pk=chronology_import.pk)
            chronology_import = import_for(request.user, pk)
    status = chronology_import.status
    if request.method == "GET" and status == ImportStatus.READY:
        # The preview shows the file's entries: reading them is recorded, as a chronology is.
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            target=chronology,
            detail={"import": chronology_import.pk, "page": "import preview"},
        )
    done = chronology_import.done_rows
    total = max(chronology_import.total_rows, done)
    running = status in RUNNING
    refreshing = running and request.GET.get("refresh") != "off"
    response = render(
        request,
        "chronologies/import.html",
        {
            "chronology": chronology,
            "review": chronology.review,
            "job": chronology_import,
            "status": status,
            "running": running,
            "refreshing": refreshing,
            "done": done,
            "total": total,
            "percent": round(100 * done / total) if total else 0,
            "problems": problem_rows(chronology_import) if status == ImportStatus.INVALID else [],
            "preview": preview_rows(chronology_import) if status == ImportStatus.READY else [],
            "summary": summary,
            "back_url": chronology_url(chronology),
            "start_url": reverse("chronologies:import_start", kwargs={"chronology_pk": chronology.pk}),
        },
    )
    if refreshing:
        # The page reloads itself while the work runs, unless the person stops it. Sent as the
        # Refresh header (as the export's page does), which browsers treat as
        # <meta http-equiv="refresh">: no script, which the Content-Security-Policy refuses inline.
        response["Refresh"] = str(REFRESH_SECONDS)
    return response
