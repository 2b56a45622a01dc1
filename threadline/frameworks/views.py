from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from threadline.core.access import policy

from . import policies, selectors, services
from .domain.rules import FrameworkRuleError
from .forms import PublishForm, StageForm, add_rule_problems
from .models import FrameworkVersion, Stage


@policy(policies.can_view_frameworks)
def framework_list(request):
    return render(
        request,
        "frameworks/list.html",
        {
            "summaries": selectors.framework_summaries(request.user),
            "can_manage": policies.can_manage_frameworks(request.user),
        },
    )


@policy(policies.can_view_frameworks)
def version_detail(request, pk):
    version = selectors.version_for(request.user, pk)
    return render(
        request,
        "frameworks/version_detail.html",
        {
            "version": version,
            "title": f"{version.framework.name}, version {version.number}",
            **selectors.version_contents(version),
            "can_manage": policies.can_manage_frameworks(request.user),
        },
    )


def _back_to(version: FrameworkVersion, stage: Stage | None = None):
    url = version.get_absolute_url()
    return redirect(f"{url}#stage-{stage.key}" if stage is not None else url)


def _refuse_unless_draft(request, version: FrameworkVersion):
    """A published version never changes: say so and go back to it, rather than show a form."""
    if version.is_draft:
        return None
    messages.error(
        request,
        f"Version {version.number} is {version.get_status_display().lower()} and cannot be changed. "
        "Make a new version to change it.",
    )
    return _back_to(version)


@require_POST
@policy(policies.can_manage_frameworks)
def version_copy(request, pk):
    version = selectors.version_for(request.user, pk)
    copy = services.framework_version_copy(actor=request.user, version=version)
    messages.success(
        request, f"Version {copy.number} made from version {version.number}: change it, then publish it"
    )
    return redirect(copy)


def _stage_form_page(request, form, *, version, stage=None):
    return render(
        request,
        "frameworks/stage_form.html",
        {"form": form, "version": version, "stage": stage},
    )


@policy(policies.can_manage_frameworks)
def stage_add(request, pk):
    version = selectors.version_for(request.user, pk)
    refused = _refuse_unless_draft(request, version)
    if refused:
        return refused
    earlier = selectors.stages_of(version)
    if request.method == "POST":
        form = StageForm(request.POST, earlier_stages=earlier)
        if form.is_valid():
            try:
                stage = services.stage_add(actor=request.user, version=version, **form.service_arguments())
            except FrameworkRuleError as error:
                add_rule_problems(form, error)
            else:
                messages.success(request, f"‘{stage.name}’ added as stage {stage.order}")
                return _back_to(version, stage)
    else:
        initial = {"deadline_kind": "none", "runs_from": "previous-stage" if earlier else "notification"}
        form = StageForm(initial=initial, earlier_stages=earlier)
    return _stage_form_page(request, form, version=version)


@policy(policies.can_manage_frameworks)
def stage_edit(request, pk):
    stage = selectors.stage_for(request.user, pk)
    version = stage.version
    refused = _refuse_unless_draft(request, version)
    if refused:
        return refused
    earlier = [s for s in selectors.stages_of(version) if s.order < stage.order]
    if request.method == "POST":
        form = StageForm(request.POST, earlier_stages=earlier)
        if form.is_valid():
            try:
                services.stage_update(actor=request.user, stage=stage, **form.service_arguments())
            except FrameworkRuleError as error:
                add_rule_problems(form, error)
            else:
                messages.success(request, f"‘{form.cleaned_data['name']}’ saved")
                return _back_to(version, stage)
    else:
        form = StageForm(initial=StageForm.initial_for(stage), earlier_stages=earlier)
    return _stage_form_page(request, form, version=version, stage=stage)


@policy(policies.can_manage_frameworks)
def stage_remove(request, pk):
    stage = selectors.stage_for(request.user, pk)
    version = stage.version
    refused = _refuse_unless_draft(request, version)
    if refused:
        return refused
    if request.method == "POST":
        try:
            services.stage_remove(actor=request.user, stage=stage)
        except FrameworkRuleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"‘{stage.name}’ removed")
        return _back_to(version)
    return render(
        request,
        "frameworks/confirm.html",
        {
            "title": f"Remove ‘{stage.name}’?",
            "caption": f"{version.framework.name}, version {version.number}",
            "body": [
                f"Stage {stage.order}, ‘{stage.name}’, will be removed from this draft. "
                "The stages after it move up one place.",
                "Published versions, and the reviews on them, keep their stages.",
            ],
            "button": "Remove stage",
            "warning": True,
            "back": version.get_absolute_url(),
        },
    )


@require_POST
@policy(policies.can_manage_frameworks)
def stage_move(request, pk):
    stage = selectors.stage_for(request.user, pk)
    version = stage.version
    refused = _refuse_unless_draft(request, version)
    if refused:
        return refused
    try:
        services.stage_move(actor=request.user, stage=stage, direction=request.POST.get("direction", ""))
    except FrameworkRuleError as error:
        messages.error(request, str(error))
    return _back_to(version, stage)


@policy(policies.can_manage_frameworks)
def version_publish(request, pk):
    version = selectors.version_for(request.user, pk)
    refused = _refuse_unless_draft(request, version)
    if refused:
        return refused
    others = list(version.framework.versions.filter(status="published").order_by("number"))
    if request.method == "POST":
        form = PublishForm(request.POST)
        if form.is_valid():
            try:
                services.framework_version_publish(
                    actor=request.user,
                    version=version,
                    notes=form.cleaned_data["notes"],
                    retire_others=bool(others) and form.cleaned_data["retire_others"],
                )
            except FrameworkRuleError as error:
                add_rule_problems(form, error)
            else:
                messages.success(request, f"Version {version.number} published: new reviews start on it")
                return redirect(version)
    else:
        form = PublishForm(initial={"notes": version.notes, "retire_others": True})
    return render(
        request,
        "frameworks/publish.html",
        {"form": form, "version": version, "others": others, "title": f"Publish version {version.number}"},
    )


@policy(policies.can_manage_frameworks)
def version_retire(request, pk):
    version = selectors.version_for(request.user, pk)
    if request.method == "POST":
        try:
            services.framework_version_retire(actor=request.user, version=version)
        except FrameworkRuleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Version {version.number} retired: no new review can start on it")
        return redirect(version)
    return render(
        request,
        "frameworks/confirm.html",
        {
            "title": f"Retire version {version.number}?",
            "caption": version.framework.name,
            "body": [
                f"No new review will be able to start on version {version.number}.",
                "Reviews already on it carry on with it, unchanged.",
            ],
            "button": "Retire version",
            "warning": True,
            "back": version.get_absolute_url(),
        },
    )


@policy(policies.can_manage_frameworks)
def version_discard(request, pk):
    version = selectors.version_for(request.user, pk)
    refused = _refuse_unless_draft(request, version)
    if refused:
        return refused
    if request.method == "POST":
        services.framework_version_discard(actor=request.user, version=version)
        messages.success(request, f"Draft version {version.number} of {version.framework.name} deleted")
        return redirect("frameworks:framework_list")
    return render(
        request,
        "frameworks/confirm.html",
        {
            "title": f"Delete draft version {version.number}?",
            "caption": version.framework.name,
            "body": ["The draft and every change made to it will be deleted. This cannot be undone."],
            "button": "Delete draft",
            "warning": True,
            "back": version.get_absolute_url(),
        },
    )
