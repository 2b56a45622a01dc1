"""Notifying an incident: question pages, check your answers, likely duplicates, confirmation."""

from django.forms.utils import ErrorDict
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from threadline.core.access import policy
from threadline.core.drafts import keeps_drafts, submitted_text
from threadline.core.models import AuditAction
from threadline.core.services import audit_record

from .. import policies, selectors, services
from ..overview import standings
from ..wizard import SERVICE_FIELDS, STEPS_BY_KEY, NotificationWizard, step_for_field, step_path
from .display import deadline_rows

CAPTION = "Notify an incident"


def _step_url(step, *, changing: bool = False) -> str:
    return step_path(step.key) + ("?change=yes" if changing else "")


def _render_step(request, wizard: NotificationWizard, step, form, *, changing: bool):
    if changing:
        back = "incidents:notify_check"
        back_url = None
    else:
        previous = wizard.previous_before(step.key)
        back = None if previous else "incidents:notify_start"
        back_url = step_path(previous.key) if previous else None
    return render(
        request,
        f"incidents/notify/{step.key}.html",
        {
            "form": form,
            "step": step,
            "caption": CAPTION,
            "changing": changing,
            "back_name": back,
            "back_url": back_url,
            "action": step_path(step.key),
        },
    )


def _already_notified(user, submission_key: str):
    """The incident a first submit of this notification made, if any (a double submit)."""
    if not submission_key:
        return None
    return (
        selectors.incidents_visible_to(user).filter(submission_key=submission_key, notified_by=user).first()
    )


@policy(policies.can_notify_anywhere)
def notify_start(request):
    """Start a notification, or continue the one in progress; POST starts again."""
    wizard = NotificationWizard(request.user)
    if request.method == "POST":
        wizard.discard()
        return redirect(step_path(wizard.steps()[0].key))
    if not wizard.started:
        return redirect(step_path(wizard.steps()[0].key))
    incomplete = wizard.first_incomplete()
    return render(
        request,
        "incidents/notify/start.html",
        {
            "wizard": wizard,
            "continue_url": _step_url(incomplete) if incomplete else _check_url(),
            "caption": CAPTION,
        },
    )


def _check_url() -> str:
    return reverse("incidents:notify_check")


@policy(policies.can_notify_anywhere)
@keeps_drafts
def notify_step(request, step):
    current = STEPS_BY_KEY.get(step)
    if current is None:
        raise Http404
    wizard = NotificationWizard(request.user)
    changing = request.GET.get("change") == "yes" or request.POST.get("change") == "yes"
    if not wizard.applies(current):
        following = wizard.next_after(current.key)
        return redirect(_step_url(following) if following else _check_url())
    if request.method == "POST":
        wizard.ensure_submission_key()
        data = submitted_text(request.POST)
        data.pop("change", None)
        wizard.keep(current.key, data)  # kept whether or not it is right: nothing typed is lost
        form = wizard.form(current.key, request.POST)
        if form.is_valid():
            if changing:
                incomplete = wizard.first_incomplete()
                return redirect(_step_url(incomplete, changing=True) if incomplete else _check_url())
            following = wizard.next_after(current.key)
            return redirect(_step_url(following) if following else _check_url())
        return _render_step(request, wizard, current, form, changing=changing)
    form = wizard.form(current.key)
    if form.is_bound and not (changing and not form.is_valid()):
        form._errors = ErrorDict()  # showing what was kept; errors only after a submit
    return _render_step(request, wizard, current, form, changing=changing)


@policy(policies.can_notify_anywhere)
def notify_check(request):
    wizard = NotificationWizard(request.user)
    if request.method == "POST":
        existing = _already_notified(request.user, request.POST.get("submission_key", ""))
        if existing is not None:
            return redirect("incidents:notified", pk=existing.pk)
    if not wizard.started:
        return redirect("incidents:notify_start")
    incomplete = wizard.first_incomplete()
    if incomplete is not None:
        return redirect(_step_url(incomplete, changing=True))
    if request.method == "POST":
        if request.POST.get("different") != "yes" and _duplicates(request.user, wizard):
            return redirect("incidents:notify_duplicates")
        try:
            incident = services.incident_notify(
                actor=request.user,
                organisation=wizard.organisation,
                framework_version=wizard.version,
                details=wizard.details(),
                submission_key=wizard.ensure_submission_key(),
            )
        except services.IncidentRuleError as error:
            step = step_for_field(error.field)
            if step is None:
                return _render_check(request, wizard, error=str(error))
            form = wizard.form(step.key)
            form.is_valid()
            name = SERVICE_FIELDS.get(error.field, error.field)
            form.add_error(name if name in form.fields else None, str(error))
            return _render_step(request, wizard, step, form, changing=True)
        wizard.discard()
        return redirect("incidents:notified", pk=incident.pk)
    return _render_check(request, wizard)


def _render_check(request, wizard, *, error: str = ""):
    return render(
        request,
        "incidents/notify/check.html",
        {
            "cards": wizard.summary(),
            "eligibility": wizard.eligibility(),
            "submission_key": wizard.ensure_submission_key(),
            "organisation": wizard.organisation,
            "caption": CAPTION,
            "error": error,
        },
    )


def _duplicates(user, wizard):
    match_key, occurred_on = wizard.match_key(), wizard.occurred_on()
    if match_key is None or occurred_on is None:
        return []
    return selectors.duplicates_of(user, child_match_key=match_key, occurred_on=occurred_on)


@policy(policies.can_notify_anywhere)
def notify_duplicates(request):
    """'This incident may already have been notified': go to it, or say it is another one."""
    wizard = NotificationWizard(request.user)
    if not wizard.started or wizard.first_incomplete() is not None:
        return redirect("incidents:notify_check")
    duplicates = _duplicates(request.user, wizard)
    if not duplicates:
        return redirect("incidents:notify_check")
    return render(
        request,
        "incidents/notify/duplicates.html",
        {
            "duplicates": duplicates,
            "submission_key": wizard.ensure_submission_key(),
            "caption": CAPTION,
        },
    )


@policy(policies.can_list_incidents)
def notified(request, pk):
    """The confirmation: the reference and the deadlines the notification started."""
    incident = selectors.incident_for(request.user, pk)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=incident)
    (standing,) = standings([incident], today=timezone.localdate())
    rows = deadline_rows(standing.rows)
    return render(
        request,
        "incidents/notified.html",
        {
            "incident": incident,
            "deadlines": [row for row in rows if row["due"]],
            "waiting": [row for row in rows if row["waiting"]],
        },
    )
