"""Governance of a review (issue 5 item 11): where its framework sends things, what was sent to
which board, and each board's outcome."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from threadline.core.access import policy
from threadline.core.models import AuditAction
from threadline.core.services import audit_record

from .. import extensions, policies, selectors
from ..domain import governance as rules
from ..domain.errors import ReviewRuleError
from ..domain.governance import ALREADY_RECORDED
from ..forms import show_problems
from ..forms_governance import OutcomeForm, SubmissionForm
from ..models import SubmissionOutcome
from ..selectors import governance as reads
from ..services.governance import review_governance_outcome_record, review_governance_submit


def _page_url(review) -> str:
    return reverse("reviews:governance", kwargs={"pk": review.pk})


@policy(policies.can_list_reviews)
def review_governance(request, pk):
    review = selectors.review_for(request.user, pk)
    return render(
        request,
        "reviews/governance.html",
        {
            "review": review,
            "incident": review.incident,
            "governance": reads.governance_of(review),
            "routes": reads.routes_of(review),
            "submissions": reads.submissions_of(review),
            "can_submit": policies.can_submit_to_governance(request.user, review),
            "can_record": policies.can_record_sign_off(request.user, review),
        },
    )


def _initial(request, governance) -> dict:
    """Coming from a subject's row on the governance page: that subject and its boards chosen."""
    initial = {"submitted_on": timezone.localdate()}
    subject = governance.subject(request.GET.get("subject", ""))
    if subject is not None:
        initial.update(subject=subject.key, boards=list(subject.boards))
    return initial


@policy(policies.can_list_reviews)
def review_governance_submit_page(request, pk):
    review = selectors.review_for(request.user, pk)
    if not policies.can_submit_to_governance(request.user, review):
        raise PermissionDenied
    governance = reads.governance_of(review)
    form = SubmissionForm(
        request.POST if request.method == "POST" else None,
        initial=_initial(request, governance),
        governance=governance,
        meetings=reads.board_meetings_of(review),
    )
    summary = None
    plan_missing = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = review_governance_submit(
                actor=request.user,
                review=review,
                subject=data["subject"],
                boards=data["boards"],
                submitted_on=data["submitted_on"],
                summary=data["summary"],
                meeting=form.chosen_meeting(),
            )
        except ReviewRuleError as error:
            summary = show_problems(form, error.problems)
            chosen = governance.subject(data["subject"])
            plan_missing = chosen is not None and (rules.no_action_plan(chosen), "subject") in [
                (message, field) for field, message in error.problems
            ]
        else:
            boards = " and ".join(f"the {s.board_label}" for s in made)
            messages.success(request, f"{made[0].subject_label} submitted to {boards}")
            return redirect(_page_url(review))
    return render(
        request,
        "reviews/governance_submit.html",
        {
            "review": review,
            "incident": review.incident,
            "form": form,
            "summary": summary,
            "plan_missing": plan_missing,
        },
    )


@policy(policies.can_list_reviews)
def review_governance_outcome(request, pk, submission_pk):
    review = selectors.review_for(request.user, pk)
    submission = reads.submission_of(review, submission_pk)
    if submission is None:
        raise Http404
    if not policies.can_record_sign_off(request.user, review):
        raise PermissionDenied
    initial = {}
    if submission.meeting is not None:
        met_on = timezone.localtime(submission.meeting.starts_at).date()
        if met_on <= timezone.localdate():
            initial["outcome_on"] = met_on
    form = OutcomeForm(request.POST if request.method == "POST" else None, initial=initial)
    summary = None
    if request.method == "POST" and submission.outcome != SubmissionOutcome.AWAITING:
        # Someone recorded it first: say so, and change nothing.
        summary = [{"text": ALREADY_RECORDED, "href": ""}]
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            recorded = review_governance_outcome_record(
                actor=request.user,
                submission=submission,
                outcome=data["outcome"],
                outcome_on=data["outcome_on"],
                signed_off_by=data["signed_off_by"],
                comments=data["comments"],
            )
        except ReviewRuleError as error:
            summary = show_problems(form, error.problems)
        else:
            messages.success(
                request,
                f"{recorded.get_outcome_display()}: {recorded.subject_label}, by the {recorded.board_label}",
            )
            return redirect(_page_url(review))
    return render(
        request,
        "reviews/governance_outcome.html",
        {
            "review": review,
            "incident": review.incident,
            "submission": submission,
            "form": form,
            "summary": summary,
        },
    )


def _submitted_plan(request, pk, submission_pk):
    """The review (404 outside what the actor may see) and its submission that carries a plan."""
    review = selectors.review_for(request.user, pk)
    submission = reads.submission_of(review, submission_pk)
    if submission is None or submission.action_plan is None:
        raise Http404
    return review, submission


@require_GET
@policy(policies.can_list_reviews)
def review_governance_action_plan(request, pk, submission_pk):
    """The action plan as it was when submitted: the kept snapshot, never the live plan."""
    review, submission = _submitted_plan(request, pk, submission_pk)
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        target=review,
        detail={"page": "action plan as submitted", "governance_submission": submission.pk},
    )
    return render(
        request,
        "reviews/governance_action_plan.html",
        {
            "review": review,
            "incident": review.incident,
            "submission": submission,
            "plan": extensions.plan_for_display(submission.action_plan),
        },
    )


@require_GET
@policy(policies.can_list_reviews)
def review_governance_action_plan_pdf(request, pk, submission_pk):
    review, submission = _submitted_plan(request, pk, submission_pk)
    content = extensions.action_plan_pdf(submission.action_plan, submission=submission)
    if content is None:
        raise Http404
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        target=review,
        detail={
            "export": "action plan as submitted",
            "format": "pdf",
            "governance_submission": submission.pk,
            "actions": extensions.action_count(submission.action_plan),
        },
    )
    response = HttpResponse(content, content_type="application/pdf")
    name = extensions.action_plan_file_name(submission.action_plan, submitted_on=submission.submitted_on)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
