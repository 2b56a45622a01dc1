"""Actions pages: a review's action plan, adding an action from a recommendation, one action
with its updates, evidence and measures, and a person's own actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET

from threadline.core.access import policy
from threadline.core.models import AuditAction, Organisation, User
from threadline.core.services import audit_record
from threadline.core.uploads import limit_upload_size
from threadline.reviews.domain.errors import ReviewRuleError
from threadline.reviews.forms import show_problems
from threadline.reviews.selectors import review_for

from .. import policies
from ..forms_actions import ActionForm, CheckForm, MeasureForm, UpdateForm
from ..selectors import actions as selectors
from ..services.actions import action_check_back, action_create, action_evidence_confirm
from ..services.measures import embed_measure_add
from ..services.updates import action_update_post


@policy(policies.can_list_learning)
def actions(request, review_pk):
    review = review_for(request.user, review_pk)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=review, detail={"page": "actions"})
    return render(
        request,
        "learning/actions.html",
        {
            "review": review,
            "incident": review.incident,
            "groups": selectors.actions_of_review(review),
            "can_write": policies.can_write_learning(request.user, review),
        },
    )


def owner_choices(organisations):
    return [(org, person) for org in organisations for person in selectors.people_of(org)]


def action_values(data) -> dict:
    """The action form's answers as the create and change services take them."""
    return {
        "description": data["description"],
        "level": data["level"],
        "owner_organisation": Organisation.objects.filter(pk=data["owner_organisation"]).first(),
        "owner": User.objects.filter(pk=data["owner"]).first(),
        "due_on": data["due_on"],
        "success_measure": data["success_measure"],
        "check_back_on": data["check_back_on"],
    }


@policy(policies.can_list_learning)
def action_add(request, rec_pk):
    recommendation = selectors.recommendation_for(request.user, rec_pk)
    review = recommendation.review
    if not policies.can_write_learning(request.user, review):
        raise PermissionDenied
    organisations = list(selectors.owner_organisations())
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations,
        people=owner_choices(organisations),
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = action_create(
                actor=request.user, recommendation=recommendation, **action_values(form.cleaned_data)
            )
        except ReviewRuleError as error:
            show_problems(form, error.problems)
        else:
            messages.success(request, "The action has been added")
            return redirect(reverse("learning:action", kwargs={"pk": created.pk}))
    return render(
        request,
        "learning/action_add.html",
        {"review": review, "incident": review.incident, "recommendation": recommendation, "form": form},
    )


# The size limit on uploads goes in before Django's CSRF check reads the body.
@csrf_exempt
@policy(policies.can_list_learning)
def action(request, pk):
    if request.method == "POST":
        limit_upload_size(request)
    return _action(request, pk)


@csrf_protect
def _action(request, pk):
    found = selectors.action_for(request.user, pk)
    user = request.user
    can_update = policies.can_update_action(user, found)
    can_check = policies.can_check_actions(user, found.review)
    can_measure = selectors.can_record_measure(user, found)
    posted = request.POST.get("form") if request.method == "POST" else None
    update_form = UpdateForm(
        request.POST if posted == "update" else None,
        request.FILES if posted == "update" else None,
        current_status=found.status,
    )
    check_form = CheckForm(request.POST if posted in ("evidence", "check-back") else None)
    measure_form = MeasureForm(request.POST if posted == "measure" else None)
    allowed = {"update": can_update, "evidence": can_check, "check-back": can_check, "measure": can_measure}
    if posted is not None:
        if not allowed.get(posted, False):
            raise PermissionDenied
        form = {"update": update_form, "measure": measure_form}.get(posted, check_form)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if posted == "update":
                    action_update_post(
                        actor=user,
                        action=found,
                        text=data["text"],
                        status=data["status"],
                        files=data["files"],
                    )
                elif posted == "evidence":
                    action_evidence_confirm(actor=user, action=found, note=data["note"])
                elif posted == "check-back":
                    action_check_back(actor=user, action=found, note=data["note"])
                else:
                    embed_measure_add(actor=user, action=found, **data)
            except ReviewRuleError as error:
                show_problems(form, error.problems)
            else:
                messages.success(request, "Saved")
                return redirect(reverse("learning:action", kwargs={"pk": found.pk}))
    else:
        audit_record(actor=user, action=AuditAction.VIEW, target=found.review, detail={"action": found.pk})
    row = selectors.rows([found])[0]
    return render(
        request,
        "learning/action.html",
        {
            "action": found,
            "row": row,
            "review": found.review,
            "incident": found.review.incident,
            "sees_review": selectors.can_see_review(user, found),
            "updates": selectors.updates_of(found),
            "measures": selectors.measures_of(found),
            "can_update": can_update,
            "can_check": can_check and found.status in ("done", "evidenced"),
            "can_measure": can_measure,
            "can_write": policies.can_write_learning(user, found.review),
            "update_form": update_form,
            "check_form": check_form,
            "measure_form": measure_form,
        },
    )


@require_GET
@policy(policies.can_list_learning)
def action_evidence_download(request, pk, evidence_pk):
    found = selectors.action_for(request.user, pk)
    evidence = selectors.evidence_of(found, evidence_pk)
    try:
        stream = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        target=found.review,
        detail={"action": found.pk, "evidence": evidence.pk, "download": True},
    )
    response = FileResponse(
        stream, as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


@policy(policies.can_list_learning)
def my_actions(request):
    return render(request, "learning/my_actions.html", {"rows": selectors.open_actions_of(request.user)})
