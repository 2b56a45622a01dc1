"""The reviews list, starting a review, and a review's task list."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone

from threadline.core.access import policy
from threadline.core.models import AuditAction
from threadline.core.services import audit_record
from threadline.frameworks import selectors as framework_selectors
from threadline.incidents import selectors as incident_selectors
from threadline.incidents.models import IncidentStatus

from .. import policies, selectors, services
from ..display import task_rows
from ..domain.tasklist import TaskStatus

PAGE_SIZE = 25


@policy(policies.can_list_reviews)
def review_list(request):
    actor = request.user
    today = timezone.localdate()
    page = Paginator(selectors.reviews_visible_to(actor), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for review in page.object_list:
        tasks = selectors.task_list(review, today=today)
        waiting = (t for t in tasks if not t.status.finished and t.status != TaskStatus.CANNOT_START)
        rows.append({"review": review, "next": next(waiting, None)})
    startable = incident_selectors.incidents_visible_to(actor).filter(
        lead_organisation_id__in=actor.organisation_ids_with_role(*policies.STARTING_ROLES),
        eligible=True,
        status=IncidentStatus.OPEN,
        review__isnull=True,
    )[:50]
    return render(request, "reviews/list.html", {"rows": rows, "page": page, "startable": startable})


@policy(policies.can_start_reviews_anywhere)
def review_start(request, pk):
    """The confirmation page before starting the review of an incident."""
    incident = incident_selectors.incident_for(request.user, pk)
    if not policies.can_start_review(request.user, incident):
        raise PermissionDenied
    existing = selectors.review_of_incident(incident)
    if existing is not None:
        messages.info(request, f"The review of {incident.reference} has already started")
        return redirect(existing)
    error = ""
    if request.method == "POST":
        try:
            review = services.review_start(actor=request.user, incident=incident)
        except services.ReviewRuleError as refused:
            error = str(refused)
        else:
            messages.success(request, f"The review of {incident.reference} has started")
            return redirect(review)
    return render(
        request,
        "reviews/start.html",
        {
            "incident": incident,
            "error": error,
            "error_items": [{"text": error, "href": ""}] if error else [],
            "can_start": incident.eligible is True and incident.status != IncidentStatus.MERGED,
            "stages": framework_selectors.stages_of(incident.framework_version),
        },
    )


@policy(policies.can_list_reviews)
def review_detail(request, pk):
    review = selectors.review_for(request.user, pk)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=review)
    tasks = selectors.task_list(review, today=timezone.localdate())
    return render(
        request,
        "reviews/detail.html",
        {
            "review": review,
            "incident": review.incident,
            "tasks": task_rows(review, tasks),
            "done_count": sum(1 for t in tasks if t.status.finished),
            "total": len(tasks),
            "can_see_family": policies.can_see_family(request.user, review),
        },
    )
