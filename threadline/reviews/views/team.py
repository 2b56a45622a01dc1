"""The review team and the agencies involved with the child (issue 5 item 5): who is on the
team, whether each is independent of the case, and how the chair handles each conflict."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from threadline.core.access import policy

from .. import policies, selectors
from ..domain.errors import ReviewRuleError
from ..domain.independence import ROLE_NAMES
from ..forms import show_problems
from ..forms_team import (
    ConflictHandlingForm,
    DeclareForm,
    InvolvedAgencyForm,
    TeamMemberAddForm,
    TeamMemberRemoveForm,
)
from ..selectors import team as team_selectors
from ..services import team as team_services


def _team_url(review) -> str:
    return reverse("reviews:team", kwargs={"pk": review.pk})


def _member_or_404(review, member_pk):
    member = team_selectors.team_member_of(review, member_pk)
    if member is None:
        raise Http404
    return member


def _context(review, **more) -> dict:
    return {"review": review, "incident": review.incident, **more}


@policy(policies.can_list_reviews)
def team(request, pk):
    review = selectors.review_for(request.user, pk)
    actor = request.user
    can_manage = policies.can_manage_team(actor, review)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    form = InvolvedAgencyForm(request.POST or None)
    summary = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agency = team_services.involved_agency_add(
                actor=actor, review=review, organisation=data["organisation"], involvement=data["involvement"]
            )
        except ReviewRuleError as error:
            summary = show_problems(form, error.problems)
        else:
            messages.success(request, f"{agency.organisation.name} is listed as involved with the child")
            return redirect(_team_url(review))
    current = team_selectors.team_of(review)
    can_handle = policies.can_handle_conflict(actor, review)
    rows = [
        {
            "member": row.member,
            "position": row.position,
            "can_declare": policies.can_declare_for(actor, review, row.member),
            "can_handle": can_handle and row.position.has_conflict and row.member.person_id != actor.pk,
        }
        for row in current.rows
    ]
    return render(
        request,
        "reviews/team.html",
        _context(
            review,
            team=current,
            rows=rows,
            former=team_selectors.former_members(review),
            agencies=team_selectors.agencies_involved(review),
            can_manage=can_manage,
            form=form,
            summary=summary,
        ),
    )


@policy(policies.can_list_reviews)
def team_agency_remove(request, pk, agency_pk):
    review = selectors.review_for(request.user, pk)
    agency = team_selectors.agency_involved_of(review, agency_pk)
    if agency is None:
        raise Http404
    if not policies.can_manage_team(request.user, review):
        raise PermissionDenied
    if request.method == "POST":
        try:
            team_services.involved_agency_remove(actor=request.user, agency=agency)
        except ReviewRuleError as error:
            messages.info(request, str(error))
        else:
            messages.success(request, f"{agency.organisation.name} is no longer listed as involved")
        return redirect(_team_url(review))
    return render(request, "reviews/team_agency_remove.html", _context(review, agency=agency))


@policy(policies.can_list_reviews)
def team_member_add(request, pk):
    review = selectors.review_for(request.user, pk)
    if not policies.can_manage_team(request.user, review):
        raise PermissionDenied
    form = TeamMemberAddForm(request.POST or None, review=review)
    summary = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = team_services.team_member_add(
                actor=request.user,
                review=review,
                role=data["role"],
                organisation=data["organisation"],
                person=data["person"],
                name=data["name"],
                email=data["email"],
                job_title=data["job_title"],
                line_managed_case=data["line_managed_case"],
            )
        except ReviewRuleError as error:
            summary = show_problems(form, error.problems)
        else:
            messages.success(
                request,
                f"{member.name} is proposed as {ROLE_NAMES[member.role]}. "
                "They have not yet declared their independence.",
            )
            involved = team_selectors.involved_names(review)
            for warning in team_selectors.warnings_of(member, involved):
                messages.warning(request, f"{member.name}: {warning.text}")
            return redirect(_team_url(review))
    return render(request, "reviews/team_member_add.html", _context(review, form=form, summary=summary))


@policy(policies.can_list_reviews)
def team_member_declare(request, pk, member_pk):
    review = selectors.review_for(request.user, pk)
    member = _member_or_404(review, member_pk)
    if not policies.can_declare_for(request.user, review, member):
        raise PermissionDenied
    initial = {
        "independence": member.independence if member.independence != "undeclared" else None,
        "declaration": member.declaration,
        "declared_on": member.declared_on,
        "line_managed_case": member.line_managed_case,
    }
    form = DeclareForm(request.POST or None, initial=initial)
    summary = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            declared = team_services.team_member_declare(
                actor=request.user,
                member=member,
                independence=data["independence"],
                declaration=data["declaration"],
                declared_on=data["declared_on"],
                line_managed_case=data["line_managed_case"],
            )
        except ReviewRuleError as error:
            summary = show_problems(form, error.problems)
        else:
            messages.success(request, f"{declared.name}'s declaration is recorded")
            return redirect(_team_url(review))
    warnings = team_selectors.warnings_of(member, team_selectors.involved_names(review))
    return render(
        request,
        "reviews/team_member_declare.html",
        _context(review, member=member, warnings=warnings, form=form, summary=summary),
    )


@policy(policies.can_list_reviews)
def team_conflict(request, pk, member_pk):
    review = selectors.review_for(request.user, pk)
    member = _member_or_404(review, member_pk)
    if not policies.can_handle_conflict(request.user, review):
        raise PermissionDenied
    form = ConflictHandlingForm(request.POST or None, initial={"handling": member.conflict_handling})
    summary = None
    if request.method == "POST" and form.is_valid():
        try:
            team_services.team_conflict_handle(
                actor=request.user, member=member, handling=form.cleaned_data["handling"]
            )
        except ReviewRuleError as error:
            summary = show_problems(form, error.problems)
        else:
            messages.success(request, f"How {member.name}'s conflict of interest is handled is recorded")
            return redirect(_team_url(review))
    warnings = team_selectors.warnings_of(member, team_selectors.involved_names(review))
    return render(
        request,
        "reviews/team_conflict.html",
        _context(review, member=member, warnings=warnings, form=form, summary=summary),
    )


@policy(policies.can_list_reviews)
def team_member_remove(request, pk, member_pk):
    review = selectors.review_for(request.user, pk)
    member = _member_or_404(review, member_pk)
    if not policies.can_manage_team(request.user, review):
        raise PermissionDenied
    form = TeamMemberRemoveForm(request.POST or None)
    summary = None
    if request.method == "POST" and form.is_valid():
        try:
            team_services.team_member_remove(
                actor=request.user, member=member, reason=form.cleaned_data["reason"]
            )
        except ReviewRuleError as error:
            summary = show_problems(form, error.problems)
        else:
            messages.success(request, f"{member.name} has left the team")
            return redirect(_team_url(review))
    return render(
        request,
        "reviews/team_member_remove.html",
        _context(review, member=member, form=form, summary=summary),
    )
