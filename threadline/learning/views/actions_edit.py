"""Changing an action (what, who, when) and taking it off the plan: the review team's."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse

from threadline.core.access import policy
from threadline.reviews.display import long_date
from threadline.reviews.domain.errors import ReviewRuleError
from threadline.reviews.forms import show_problems

from .. import policies
from ..domain.findings import StaleSave
from ..forms_actions import ActionChangeForm
from ..forms_tracker import RemoveForm
from ..selectors import actions as selectors
from ..services.actions import action_change as change_service
from ..services.actions import action_remove as remove_service
from .actions import action_values, owner_choices
from .merging import merged, originals, originals_from, same_text


def _writable(request, pk):
    found = selectors.action_for(request.user, pk)
    if not policies.can_write_learning(request.user, found.review):
        raise PermissionDenied
    return found


def _initial(action) -> dict:
    return {
        "description": action.description,
        "level": action.level,
        "owner_organisation": action.owner_organisation_id,
        "owner": action.owner_id,
        "due_on": action.due_on,
        "success_measure": action.success_measure,
        "check_back_on": action.check_back_on,
        "base_version": action.version,
    }


# An action's few parts hang together (the owner works for the owning organisation, the dates
# follow the owner's calendar), so a stale save is not merged part by part: it is refused, with
# the other person's answer next to each part both of them changed and the person's own answer
# still in the field.
PARTS = {
    "description": "What will be done",
    "owner_organisation": "Organisation that owns the action",
    "owner": "Person who owns the action",
    "level": "Level",
    "due_on": "Due date",
    "success_measure": "Success measure",
    "check_back_on": "Check-back date",
}
DATES = ("due_on", "check_back_on")


def _parts(values) -> dict[str, str]:
    """The action's answers as compared: each one string, from a saved action or a form."""
    parts = {name: same_text(values[name]) for name in ("description", "level", "success_measure")}
    parts |= {name: str(values[name] or "") for name in ("owner_organisation", "owner")}
    return parts | {name: values[name].isoformat() if values[name] else "" for name in DATES}


def _as_form_data(name: str, value: str) -> dict[str, str]:
    if name in DATES:
        day = date.fromisoformat(value) if value else None
        parts = (day.day, day.month, day.year) if day else ("", "", "")
        return {f"{name}_{i}": str(part) for i, part in enumerate(parts)}
    return {name: value}


def _shown(form, name: str, value: str) -> str:
    if not value:
        return "nothing"
    if name in DATES:
        return long_date(date.fromisoformat(value))
    if name in ("level", "owner_organisation", "owner"):
        return str(dict((str(key), label) for key, label in form.fields[name].choices).get(value, value))
    return value


def _refused(form, *, stale, theirs: dict, yours: dict, original, make_form):
    """The form again after a stale save: the other person's answers kept where only they
    changed them, and each part both changed shown with theirs beside it."""
    result = merged(list(PARTS), base=original, theirs=theirs, yours=yours)
    data = form.data.copy()
    data["base_version"] = str(stale.current_version)
    for name in result.theirs_only:
        data.update(_as_form_data(name, theirs[name]))
    again = make_form(data)
    again.is_valid()
    for name in result.conflicts:
        again.add_error(
            name,
            f"Someone else changed this to ‘{_shown(again, name, theirs[name])}’ while you were "
            "editing. Your answer is below: save again to keep it, or change it.",
        )
    return again, [PARTS[name] for name in result.theirs_only]


def _save(request, found, values, *, base_version, original, yours):
    try:
        return change_service(actor=request.user, action=found, base_version=base_version, **values)
    except StaleSave as stale:
        theirs = _parts(_initial(selectors.action_for(request.user, found.pk)))
        clash = merged(list(PARTS), base=original, theirs=theirs, yours=yours)
        if clash.conflicts or clash.theirs_only:
            raise
        # Only its status moved since the form was opened (an update was posted): nothing
        # asked here clashes with that, so the change is saved on top of it.
        return change_service(actor=request.user, action=found, base_version=stale.current_version, **values)


@policy(policies.can_list_learning)
def action_change(request, pk):
    found = _writable(request, pk)
    organisations = list(selectors.owner_organisations())
    people = owner_choices(organisations)

    def make_form(data=None):
        return ActionChangeForm(data, initial=_initial(found), organisations=organisations, people=people)

    form = make_form(request.POST if request.method == "POST" else None)
    original = originals_from(request.POST, PARTS) if request.method == "POST" else _parts(_initial(found))
    kept_theirs = []
    if request.method == "POST" and form.is_valid():
        values = action_values(form.cleaned_data)
        yours = _parts(form.cleaned_data)
        base_version = form.cleaned_data["base_version"] or 0
        try:
            _save(request, found, values, base_version=base_version, original=original, yours=yours)
        except ReviewRuleError as error:
            show_problems(form, error.problems)
        except StaleSave as stale:
            theirs = _parts(_initial(selectors.action_for(request.user, pk)))
            form, kept_theirs = _refused(
                form, stale=stale, theirs=theirs, yours=yours, original=original, make_form=make_form
            )
            original = theirs
        else:
            messages.success(request, "The action has been changed")
            return redirect(reverse("learning:action", kwargs={"pk": found.pk}))
    return render(
        request,
        "learning/action_change.html",
        {
            "action": found,
            "review": found.review,
            "incident": found.review.incident,
            "form": form,
            "originals": originals(original) if original else [],
            "kept_theirs": kept_theirs,
        },
    )


@policy(policies.can_list_learning)
def action_remove(request, pk):
    found = _writable(request, pk)
    form = RemoveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            remove_service(actor=request.user, action=found, reason=form.cleaned_data["reason"])
        except ReviewRuleError as error:
            show_problems(form, error.problems)
        else:
            messages.success(request, "The action has been removed")
            return redirect(reverse("learning:actions", kwargs={"review_pk": found.review_id}))
    return render(
        request,
        "learning/action_remove.html",
        {"action": found, "review": found.review, "incident": found.review.incident, "form": form},
    )
