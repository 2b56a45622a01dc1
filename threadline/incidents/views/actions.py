"""What managers and the people completing stages record on an incident: a stage done, an
event's date, a pause, a delay, an eligibility decision."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from threadline.core.access import policy
from threadline.core.drafts import form_from_draft, with_draft
from threadline.core.views.forms_support import add_rule_error
from threadline.frameworks import selectors as framework_selectors

from .. import policies, selectors, services
from ..forms import DelayForm, EligibilityOverrideForm, EventForm, PauseForm, ResumeForm, StageCompleteForm
from ..forms_notify import long_date
from ..models import IncidentStatus


def _incident(request, pk, allowed):
    """The incident (404 if the person cannot see it), refused (403) if they may not act on it."""
    incident = selectors.incident_for(request.user, pk)
    if incident.status == IncidentStatus.MERGED or not allowed(request.user, incident):
        raise PermissionDenied
    return incident


def _stage(incident, stage_pk):
    stage = next(
        (s for s in framework_selectors.stages_of(incident.framework_version) if s.pk == stage_pk), None
    )
    if stage is None:
        raise Http404
    return stage


def _page(request, template, incident, form, **extra):
    return render(
        request, f"incidents/actions/{template}.html", {"incident": incident, "form": form, **extra}
    )


def _done(request, incident, message):
    messages.success(request, message)
    return redirect(f"{incident.get_absolute_url()}#deadlines")


@policy(policies.can_list_incidents)
def stage_complete(request, pk, stage):
    incident = selectors.incident_for(request.user, pk)
    stage = _stage(incident, stage)
    if incident.status == IncidentStatus.MERGED or not policies.can_complete_stage(
        request.user, incident, stage
    ):
        raise PermissionDenied
    form = StageCompleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.incident_stage_complete(
                actor=request.user, incident=incident, stage=stage, done_on=form.cleaned_data["done_on"]
            )
        except services.IncidentRuleError as error:
            add_rule_error(form, error)
        else:
            return _done(
                request,
                incident,
                f"‘{stage.name}’ recorded as done on {long_date(form.cleaned_data['done_on'])}",
            )
    return _page(request, "stage_complete", incident, form, stage=stage)


@policy(policies.can_list_incidents)
def deadline_delay(request, pk, stage):
    incident = _incident(request, pk, policies.can_manage_clock)
    stage = _stage(incident, stage)
    form = DelayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.incident_deadline_delay(
                actor=request.user,
                incident=incident,
                stage=stage,
                reason=form.cleaned_data["reason"],
                revised_due=form.cleaned_data["revised_due"],
            )
        except services.IncidentRuleError as error:
            add_rule_error(form, error)
        else:
            return _done(
                request, incident, f"‘{stage.name}’ delayed to {long_date(form.cleaned_data['revised_due'])}"
            )
    return _page(request, "delay", incident, form, stage=stage)


@policy(policies.can_list_incidents)
def event_record(request, pk):
    incident = _incident(request, pk, policies.can_manage_clock)
    initial = {"event": request.GET.get("event", "")}
    form = EventForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.incident_event_record(
                actor=request.user,
                incident=incident,
                event=form.cleaned_data["event"],
                on=form.cleaned_data["on"],
            )
        except services.IncidentRuleError as error:
            add_rule_error(form, error)
        else:
            label = dict(form.fields["event"].choices)[event.event]
            return _done(request, incident, f"{label}: {long_date(event.on)}")
    return _page(request, "event", incident, form)


@policy(policies.can_list_incidents)
def clock_pause(request, pk):
    incident = _incident(request, pk, policies.can_manage_clock)
    if incident.pauses.filter(ended_on__isnull=True).exists():
        return redirect("incidents:clock_resume", pk=incident.pk)
    form = PauseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pause = services.incident_clock_pause(
                actor=request.user,
                incident=incident,
                reason=form.cleaned_data["reason"],
                started_on=form.cleaned_data["started_on"],
            )
        except services.IncidentRuleError as error:
            add_rule_error(form, error)
        else:
            return _done(request, incident, f"The clock is paused from {long_date(pause.started_on)}")
    return _page(request, "pause", incident, form)


@policy(policies.can_list_incidents)
def clock_resume(request, pk):
    incident = _incident(request, pk, policies.can_manage_clock)
    pause = incident.pauses.filter(ended_on__isnull=True).first()
    if pause is None:
        messages.info(request, "The clock is not paused")
        return redirect(incident)
    form = ResumeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.incident_clock_resume(
                actor=request.user, pause=pause, ended_on=form.cleaned_data["ended_on"]
            )
        except services.IncidentRuleError as error:
            add_rule_error(form, error)
        else:
            return _done(request, incident, f"The clock runs again from {long_date(pause.ended_on)}")
    return _page(request, "resume", incident, form, pause=pause)


@policy(policies.can_list_incidents)
@with_draft
def eligibility_override(request, pk):
    """A manager's decision against the rules, with a rationale (kept as a draft while typed)."""
    incident = _incident(request, pk, policies.can_override_eligibility)
    drafted = request.drafted
    if request.method == "POST":
        form = EligibilityOverrideForm(request.POST)
        if form.is_valid():
            try:
                services.incident_eligibility_override(
                    actor=request.user,
                    incident=incident,
                    eligible=form.cleaned_data["eligible"] == "yes",
                    rationale=form.cleaned_data["rationale"],
                )
            except services.IncidentRuleError as error:
                add_rule_error(form, error)
            else:
                drafted.discard()
                decided = "eligible" if incident.eligible else "not eligible"
                messages.success(request, f"{incident.reference} recorded as {decided} for a review")
                return redirect(incident)
        drafted.keep(request.POST)
    elif drafted.data:
        form = form_from_draft(EligibilityOverrideForm, drafted.data)
    else:
        initial = {"eligible": "yes" if incident.eligible else "no"} if incident.eligible is not None else {}
        form = EligibilityOverrideForm(initial=initial)
    return _page(
        request,
        "eligibility",
        incident,
        form,
        draft=drafted.draft if request.method == "GET" else None,
        anchor="eligibility",
    )
