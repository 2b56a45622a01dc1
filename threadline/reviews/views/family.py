"""The family and the child (issue 5 item 8): the liaison strategy, every contact, their views in
their own words, consent, and their feedback on the draft report with what was done with it.

This is the most sensitive text Threadline holds. Only those who work with the family or lead
the review see it (others who can see the review are refused, and the refusal is audited), and
every page showing it writes a VIEW row to the audit log.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from threadline.core.access import policy
from threadline.core.drafts import form_from_draft, with_draft
from threadline.core.models import AuditAction
from threadline.core.services import audit_record

from .. import policies
from ..domain.errors import ReviewRuleError
from ..domain.family import STRATEGY_FIELDS, STRATEGY_LABELS, StrategyConflict, as_said
from ..domain.merge import COMBINE, THEIRS, YOURS, combined, resolve, three_way_merge
from ..forms import show_problems
from ..forms_family import (
    FamilyConsentForm,
    FamilyContactForm,
    FamilyFeedbackForm,
    FamilyFeedbackResponseForm,
    FamilyStrategyForm,
    FamilyViewForm,
    strategy_form_data,
)
from ..selectors import family as family_selectors
from ..selectors import review_for
from ..services import family as family_services


def _family_url(review) -> str:
    return reverse("reviews:family", kwargs={"pk": review.pk})


def _strategy_url(review) -> str:
    return reverse("reviews:family_strategy", kwargs={"pk": review.pk})


def _family_review(request, pk, *, write: bool = False):
    """The review (404 across organisations), or 403 for someone who may see the review but
    not the family."""
    review = review_for(request.user, pk)
    check = policies.can_record_family if write else policies.can_see_family
    if not check(request.user, review):
        audit_record(
            actor=request.user,
            action=AuditAction.PERMISSION_DENIED,
            target=review,
            detail={"policy": check.__name__},
        )
        raise PermissionDenied
    return review


def _audit_view(request, review, page: str) -> None:
    audit_record(actor=request.user, action=AuditAction.VIEW, target=review, detail={"family": page})


@policy(policies.can_list_reviews)
@require_GET
def family_page(request, pk):
    review = _family_review(request, pk)
    _audit_view(request, review, "family")
    return render(
        request,
        "reviews/family.html",
        {
            "review": review,
            "incident": review.incident,
            "strategy": family_selectors.family_strategy_of(review),
            "contacts": family_selectors.family_contacts_of(review),
            "views": family_selectors.family_views_of(review),
            "consent_now": family_selectors.family_consent_now(review),
            "consents": family_selectors.family_consents_of(review),
            "feedback": family_selectors.family_feedback_of(review),
            "can_record": policies.can_record_family(request.user, review),
        },
    )


# --- the strategy: versioned, autosaved, merged when two people save from one version


def _strategy_page(request, review, form, summary=None):
    return render(
        request,
        "reviews/family_strategy.html",
        {
            "review": review,
            "incident": review.incident,
            "form": form,
            "summary": summary,
            "draft": request.drafted.draft if request.method == "GET" else None,
        },
    )


def _merge_page(
    request, review, conflict: StrategyConflict, *, base, yours, choices=None, combos=None, problems=()
):
    theirs = conflict.theirs
    result = three_way_merge(names=STRATEGY_FIELDS, base=base, theirs=theirs, yours=yours)
    errors = dict(problems)
    items = [
        {
            "name": name,
            "label": STRATEGY_LABELS[name],
            "theirs": theirs.get(name, ""),
            "yours": yours.get(name, ""),
            "choice": (choices or {}).get(name, ""),
            "combined": (combos or {}).get(name) or combined(theirs.get(name, ""), yours.get(name, "")),
            "error": errors.get(name, ""),
        }
        for name in result.conflicts
    ]
    return render(
        request,
        "reviews/family_strategy_merge.html",
        {
            "review": review,
            "incident": review.incident,
            "message": str(conflict),
            "changed_by": conflict.changed_by,
            "items": items,
            "kept_theirs": [STRATEGY_LABELS[name] for name in result.theirs_only],
            "hidden": [
                *((f"original-{name}", base.get(name, "")) for name in STRATEGY_FIELDS),
                *((f"theirs-{name}", theirs.get(name, "")) for name in STRATEGY_FIELDS),
                *((f"yours-{name}", yours.get(name, "")) for name in STRATEGY_FIELDS),
            ],
            "current_version": conflict.current_version,
            "summary": [{"text": message, "href": f"#choice-{name}"} for name, message in problems],
            "choices": {"theirs": THEIRS, "yours": YOURS, "combine": COMBINE},
        },
    )


def _save_strategy(request, review, *, yours: dict, base: dict, base_version: int):
    try:
        saved = family_services.family_strategy_save(
            actor=request.user, review=review, base_version=base_version, **yours
        )
    except StrategyConflict as conflict:
        return _merge_page(request, review, conflict, base=base, yours=yours)
    except ReviewRuleError as error:
        data = strategy_form_data(version=base_version, base=base, yours=yours)
        form = form_from_draft(FamilyStrategyForm, data)
        return _strategy_page(request, review, form, summary=show_problems(form, error.problems))
    request.drafted.discard()
    messages.success(request, f"The family liaison strategy is saved (version {saved.version})")
    return redirect(_family_url(review))


def _resolve_strategy(request, review):
    """From a submitted merge screen: save the person's choices, or show the screen again with
    the choice that is missing. Every text travels in the form, so nothing rests on the session."""
    post = request.POST
    try:
        current_version = int(post.get("base_version", ""))
    except ValueError:
        return redirect(_strategy_url(review))

    def texts(prefix):
        return {name: as_said(post.get(f"{prefix}-{name}")) for name in STRATEGY_FIELDS}

    base, theirs, yours = texts("original"), texts("theirs"), texts("yours")
    result = three_way_merge(names=STRATEGY_FIELDS, base=base, theirs=theirs, yours=yours)
    choices = {name: post.get(f"choice-{name}", "") for name in result.conflicts}
    combos = {name: as_said(post.get(f"combined-{name}")) for name in result.conflicts}
    values, problems = resolve(result, choices=choices, theirs=theirs, yours=yours, combinations=combos)
    if problems:
        current = family_selectors.family_strategy_of(review)
        conflict = StrategyConflict(
            base_version=current_version,
            current_version=current_version,
            changed_by=str(current.updated_by) if current and current.updated_by else "",
            theirs=theirs,
        )
        return _merge_page(
            request,
            review,
            conflict,
            base=base,
            yours=yours,
            choices=choices,
            combos=combos,
            problems=problems,
        )
    # Should someone have saved yet again, the next merge starts from what this one merged into.
    return _save_strategy(request, review, yours=values, base=theirs, base_version=current_version)


@policy(policies.can_list_reviews)
@with_draft
def family_strategy(request, pk):
    review = _family_review(request, pk, write=True)
    if request.method == "POST":
        if request.POST.get("resolving"):
            return _resolve_strategy(request, review)
        form = FamilyStrategyForm(request.POST)
        request.drafted.keep(request.POST)
        if form.is_valid():
            return _save_strategy(
                request,
                review,
                yours=form.texts(),
                base=form.base_texts(),
                base_version=form.cleaned_data["base_version"],
            )
        return _strategy_page(request, review, form)
    _audit_view(request, review, "strategy")
    if request.drafted.data:
        form = form_from_draft(FamilyStrategyForm, request.drafted.data)
    else:
        current = family_selectors.family_strategy_of(review)
        texts = {name: getattr(current, name) if current else "" for name in STRATEGY_FIELDS}
        version = family_selectors.family_strategy_version(review)
        form = form_from_draft(
            FamilyStrategyForm, strategy_form_data(version=version, base=texts, yours=texts)
        )
    return _strategy_page(request, review, form)


# --- contacts, views, consent and feedback: each added on a page of its own


ADD_PAGES = {
    "contact": {
        "title": "Record a contact with the family",
        "intro": "Who was contacted, when, how, and what they said.",
        "button": "Record the contact",
        "success": "The contact is recorded",
    },
    "view": {
        "title": "Record views in their own words",
        "intro": "The child’s views, or a family member’s, as they said them: what they found helpful or "
        "unhelpful, and how services could be better. They are taken into the practitioner events and "
        "the report.",
        "button": "Record their views",
        "success": "Their views are recorded",
    },
    "consent": {
        "title": "Record consent",
        "intro": "A consent given, refused or withdrawn. Earlier decisions are kept as history; the latest "
        "decision of a person on a subject is the one that stands.",
        "button": "Record the consent",
        "success": "The consent is recorded",
    },
    "feedback": {
        "title": "Record feedback on the draft report",
        "intro": "The family see the report before its final draft. Record what they said about it; what "
        "was done with it is recorded next.",
        "button": "Record the feedback",
        "success": "The feedback is recorded",
    },
}


def _add(request, pk, kind: str, form_class, save):
    review = _family_review(request, pk, write=True)
    page = ADD_PAGES[kind]
    drafted = request.drafted
    summary = None
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                save(request.user, review, form)
            except ReviewRuleError as error:
                summary = show_problems(form, error.problems)
            else:
                drafted.discard()
                messages.success(request, page["success"])
                return redirect(_family_url(review))
        drafted.keep(request.POST)
    elif drafted.data:
        form = form_from_draft(form_class, drafted.data)
    else:
        form = form_class()
    return render(
        request,
        "reviews/family_add.html",
        {
            "review": review,
            "incident": review.incident,
            "page": page,
            "form": form,
            "summary": summary,
            "draft": drafted.draft if request.method == "GET" else None,
        },
    )


def _save_contact(actor, review, form):
    return family_services.family_contact_record(
        actor=actor,
        review=review,
        contacted_on=form.cleaned_data["contacted_on"],
        family_member=form.cleaned_data["family_member"],
        made_by=form.cleaned_data["made_by"],
        method=form.cleaned_data["method"],
        what_was_said=form.cleaned_data["what_was_said"],
    )


def _save_view(actor, review, form):
    return family_services.family_view_record(
        actor=actor,
        review=review,
        whose=form.cleaned_data["whose"],
        is_the_child=form.is_the_child_value(),
        words=form.cleaned_data["words"],
        captured_on=form.cleaned_data["captured_on"],
        how_captured=form.cleaned_data["how_captured"],
    )


def _save_consent(actor, review, form):
    return family_services.family_consent_record(
        actor=actor,
        review=review,
        person=form.cleaned_data["person"],
        subject=form.cleaned_data["subject"],
        status=form.cleaned_data["status"],
        on=form.cleaned_data["on"],
        note=form.cleaned_data["note"],
    )


def _save_feedback(actor, review, form):
    return family_services.family_feedback_record(
        actor=actor,
        review=review,
        from_whom=form.cleaned_data["from_whom"],
        received_on=form.cleaned_data["received_on"],
        feedback=form.cleaned_data["feedback"],
    )


@policy(policies.can_list_reviews)
@with_draft
def family_contact_add(request, pk):
    return _add(request, pk, "contact", FamilyContactForm, _save_contact)


@policy(policies.can_list_reviews)
@with_draft
def family_view_add(request, pk):
    return _add(request, pk, "view", FamilyViewForm, _save_view)


@policy(policies.can_list_reviews)
@with_draft
def family_consent_add(request, pk):
    return _add(request, pk, "consent", FamilyConsentForm, _save_consent)


@policy(policies.can_list_reviews)
@with_draft
def family_feedback_add(request, pk):
    return _add(request, pk, "feedback", FamilyFeedbackForm, _save_feedback)


@policy(policies.can_list_reviews)
@with_draft
def family_feedback_respond(request, pk, feedback_pk):
    review = _family_review(request, pk, write=True)
    item = family_selectors.family_feedback_item(review, feedback_pk)
    if item is None:
        raise Http404
    drafted = request.drafted
    summary = None
    if request.method == "POST":
        form = FamilyFeedbackResponseForm(request.POST, received_on=item.received_on)
        if form.is_valid():
            try:
                family_services.family_feedback_respond(
                    actor=request.user,
                    feedback=item,
                    response=form.cleaned_data["response"],
                    responded_on=form.cleaned_data["responded_on"],
                )
            except ReviewRuleError as error:
                summary = show_problems(form, error.problems)
            else:
                drafted.discard()
                messages.success(request, "What was done with the feedback is recorded")
                return redirect(_family_url(review))
        drafted.keep(request.POST)
    else:
        _audit_view(request, review, "feedback")
        if drafted.data:
            form = form_from_draft(FamilyFeedbackResponseForm, drafted.data, received_on=item.received_on)
        else:
            initial = {"response": item.response, "responded_on": item.responded_on}
            form = FamilyFeedbackResponseForm(initial=initial, received_on=item.received_on)
    return render(
        request,
        "reviews/family_feedback_respond.html",
        {
            "review": review,
            "incident": review.incident,
            "item": item,
            "form": form,
            "summary": summary,
            "draft": drafted.draft if request.method == "GET" else None,
        },
    )
