"""A stage's page: what it records (autosaved, safe against concurrent edits), its decision,
marking it complete and reopening it."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from threadline.core.access import policy
from threadline.core.drafts import form_from_draft, with_draft
from threadline.core.models import AuditAction
from threadline.core.selectors import draft_for
from threadline.core.services import audit_record
from threadline.incidents.domain.notification import NOTIFICATION_STAGE

from .. import policies, selectors, services
from ..display import deadline_text, long_date, who_completes
from ..domain.considerations import AREAS, answers_in
from ..domain.records import FieldKind, earlier_text, flat_values
from ..forms import CompleteForm, DecisionForm, ReopenForm, StageRecordForm, form_data, show_problems
from ..models import ReviewStatus
from ..selectors.recorded import part_page, recorded_elsewhere
from . import merging


def _review_and_stage(request, pk, stage_key):
    review = selectors.review_for(request.user, pk)
    stage = selectors.stage_of_review(review, stage_key)
    if stage is None:
        raise Http404
    return review, stage


def _stage_url(review, stage) -> str:
    return reverse("reviews:stage", kwargs={"pk": review.pk, "stage_key": stage.key})


def _record_form(review, stage, fields, draft_data: dict | None = None) -> StageRecordForm:
    """The stage's form as last saved, or as the person left it in their draft."""
    if not draft_data:
        record = selectors.stage_record_of(review, stage)
        values = flat_values(fields, record.data if record else {})
        draft_data = form_data(fields, values, record.version if record else 0)
    return form_from_draft(StageRecordForm, draft_data, record_fields=fields)


def _recorded(fields, data) -> list[dict]:
    """What the stage holds, to read when it is complete or the person cannot change it."""
    values = flat_values(fields, data)
    shown = []
    for field in fields:
        if field.kind is FieldKind.CONSIDERATIONS:
            answers = answers_in(data)
            shown.append({"label": field.label, "areas": [(a.name, answers[a.key]) for a in AREAS]})
        elif field.kind is FieldKind.DATE:
            value = values.get(field.name)
            shown.append(
                {"label": field.label, "text": long_date(date.fromisoformat(value)) if value else ""}
            )
        elif field.kind is FieldKind.TEXT:
            shown.append({"label": field.label, "text": values.get(field.name, "")})
    return shown


def _linked(review, fields, record) -> list[dict]:
    """The items this stage lists that are recorded on another part's page, with what is there
    (and any text typed into the stage before the item had a page of its own)."""
    linked = [field for field in fields if field.kind is FieldKind.LINKED]
    held = recorded_elsewhere(review, [field.key for field in linked])
    earlier = earlier_text(fields, record.data if record else {})
    rows = []
    for field in linked:
        href, page = part_page(review, field.part)
        rows.append(
            {
                "field": field,
                "text": held.get(field.key, ""),
                "earlier": earlier.get(field.key, ""),
                "href": href,
                "page": page,
            }
        )
    return rows


def _page(request, review, stage, *, form, summary=None, complete_form=None, draft=None, status=200):
    actor = request.user
    record = selectors.stage_record_of(review, stage)
    done_on = selectors.done_on_of(review, stage)
    spec = selectors.decision_spec_of(review, stage)
    decisions = list(selectors.decisions_of(review, stage)) if spec else []
    task = next(t for t in selectors.task_list(review, today=timezone.localdate()) if t.stage.pk == stage.pk)
    is_open = done_on is None and review.status == ReviewStatus.IN_PROGRESS
    if complete_form is None:
        default_day = decisions[0].decided_on if decisions else timezone.localdate()
        complete_form = CompleteForm(initial={"done_on": default_day})
    drafted = getattr(request, "drafted", None)
    context = {
        "review": review,
        "incident": review.incident,
        "stage": stage,
        "form": form,
        "sections": form.sections(),
        "has_questions": any(f.kind is not FieldKind.LINKED for f in form.record_fields),
        "linked": _linked(review, form.record_fields, record),
        "is_notification": stage.key == NOTIFICATION_STAGE,
        "record": record,
        "recorded": _recorded(form.record_fields, record.data if record else {}),
        "done_on": done_on,
        "task": task,
        "deadline": deadline_text(task),
        "who": who_completes(stage),
        "can_edit": is_open and policies.can_edit_stage(actor, review, stage),
        "spec": spec,
        "decision": decisions[0] if decisions else None,
        "earlier_decisions": decisions[1:],
        "can_decide": bool(is_open and spec and policies.can_record_decision(actor, review, stage)),
        "complete_form": complete_form,
        "can_complete": is_open and policies.can_complete_stage(actor, review, stage),
        "can_reopen": done_on is not None and policies.can_reopen_stage(actor, review),
        "reopenings": selectors.reopenings_of(review, stage),
        "summary": summary,
        "draft": drafted.draft if drafted is not None and request.method == "GET" else None,
        # Beside the errors of marking it complete (which checks what was saved), unsaved
        # typing on the page is flagged as such.
        "unsaved_draft": draft is not None,
    }
    return render(request, "reviews/stage.html", context, status=status)


def _save(request, review, stage, fields, values, *, base_version: int):
    try:
        services.stage_record_save(
            actor=request.user, review=review, stage=stage, values=values, base_version=base_version
        )
    except services.StageRecordConflict as conflict:
        return merging.merge_page(request, review, stage, fields, conflict, yours=values)
    except services.ReviewRuleError as error:
        form = form_from_draft(StageRecordForm, form_data(fields, values, base_version), record_fields=fields)
        return _page(request, review, stage, form=form, summary=show_problems(form, error.problems))
    request.drafted.discard()
    messages.success(request, f"‘{stage.name}’ saved")
    return redirect(_stage_url(review, stage))


@policy(policies.can_list_reviews)
@with_draft
def stage_page(request, pk, stage_key):
    review, stage = _review_and_stage(request, pk, stage_key)
    fields = selectors.fields_of(review, stage)
    if request.method == "POST":
        if not policies.can_edit_stage(request.user, review, stage):
            raise PermissionDenied
        if request.POST.get("resolving"):
            values, outcome = merging.resolved(request, review, stage, fields)
            if values is None:
                return outcome or redirect(_stage_url(review, stage))
            return _save(request, review, stage, fields, values, base_version=outcome)
        form = StageRecordForm(request.POST, record_fields=fields)
        request.drafted.keep(request.POST)
        if form.is_valid():
            return _save(
                request, review, stage, fields, form.values(), base_version=form.cleaned_data["base_version"]
            )
        return _page(request, review, stage, form=form)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=review, detail={"stage": stage.key})
    form = _record_form(review, stage, fields, request.drafted.data)
    return _page(request, review, stage, form=form)


@policy(policies.can_list_reviews)
def stage_complete(request, pk, stage_key):
    review, stage = _review_and_stage(request, pk, stage_key)
    if request.method != "POST":
        return redirect(_stage_url(review, stage))
    if not policies.can_complete_stage(request.user, review, stage):
        raise PermissionDenied
    complete_form = CompleteForm(request.POST)
    problems = []
    if complete_form.is_valid():
        try:
            services.review_stage_complete(
                actor=request.user, review=review, stage=stage, done_on=complete_form.cleaned_data["done_on"]
            )
        except services.ReviewRuleError as error:
            problems = error.problems
        else:
            messages.success(request, f"‘{stage.name}’ marked as complete")
            return redirect(review)
    fields = selectors.fields_of(review, stage)
    draft = draft_for(request.user, _stage_url(review, stage))
    form = _record_form(review, stage, fields, draft.data if draft else None)
    summary = show_problems(form, [p for p in problems if p[0] != "done_on"])
    summary += show_problems(complete_form, [p for p in problems if p[0] == "done_on"])
    summary += [
        {"text": error, "href": f"#{complete_form['done_on'].auto_id}"}
        for error in complete_form.errors.get("done_on", [])
        if not problems
    ]
    return _page(request, review, stage, form=form, summary=summary, complete_form=complete_form, draft=draft)


@policy(policies.can_list_reviews)
@with_draft
def stage_decision(request, pk, stage_key):
    review, stage = _review_and_stage(request, pk, stage_key)
    spec = selectors.decision_spec_of(review, stage)
    if spec is None:
        raise Http404
    if not policies.can_record_decision(request.user, review, stage):
        raise PermissionDenied
    if selectors.is_stage_done(review, stage) or review.status != ReviewStatus.IN_PROGRESS:
        messages.info(request, f"‘{stage.name}’ is complete. Ask the review chair to reopen it to change it.")
        return redirect(_stage_url(review, stage))
    drafted = request.drafted
    summary = None
    if request.method == "POST":
        form = DecisionForm(request.POST, spec=spec)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.review_decision_record(
                    actor=request.user,
                    review=review,
                    stage=stage,
                    outcome=data["outcome"],
                    rationale=data["rationale"],
                    decided_on=data["decided_on"],
                    decision_makers=data["decision_makers"],
                    independence=data.get("independence", ""),
                    outcome_detail=data.get("outcome_detail", ""),
                )
            except services.ReviewRuleError as error:
                summary = show_problems(form, error.problems)
            else:
                drafted.discard()
                messages.success(request, "The decision is recorded")
                return redirect(_stage_url(review, stage))
        drafted.keep(request.POST)
    elif drafted.data:
        form = form_from_draft(DecisionForm, drafted.data, spec=spec)
    else:
        form = DecisionForm(spec=spec)
    return render(
        request,
        "reviews/decision.html",
        {
            "review": review,
            "incident": review.incident,
            "stage": stage,
            "spec": spec,
            "form": form,
            "summary": summary,
            "draft": drafted.draft if request.method == "GET" else None,
        },
    )


@policy(policies.can_list_reviews)
def stage_reopen(request, pk, stage_key):
    review, stage = _review_and_stage(request, pk, stage_key)
    if not policies.can_reopen_stage(request.user, review):
        raise PermissionDenied
    done_on = selectors.done_on_of(review, stage)
    if done_on is None:
        messages.info(request, f"‘{stage.name}’ is not complete")
        return redirect(_stage_url(review, stage))
    form = ReopenForm(request.POST or None)
    summary = None
    if request.method == "POST" and form.is_valid():
        try:
            services.review_stage_reopen(
                actor=request.user, review=review, stage=stage, reason=form.cleaned_data["reason"]
            )
        except services.ReviewRuleError as error:
            summary = show_problems(form, error.problems)
        else:
            messages.success(request, f"‘{stage.name}’ is open again")
            return redirect(_stage_url(review, stage))
    return render(
        request,
        "reviews/reopen.html",
        {
            "review": review,
            "incident": review.incident,
            "stage": stage,
            "form": form,
            "done_on": done_on,
            "summary": summary,
        },
    )
