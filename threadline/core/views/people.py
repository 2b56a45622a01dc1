from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .. import policies, selectors
from ..access import policy
from ..forms import PersonCreateForm, PersonForm, RolesForm
from ..models import AuditAction, Role
from ..services import (
    audit_record,
    person_create,
    person_deactivate,
    person_reactivate,
    person_send_set_up_link,
    person_set_roles,
    person_sign_out_everywhere,
    person_update,
)
from ..services.people import PersonRuleError
from .forms_support import add_rule_error


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


@policy(policies.can_manage_people)
def person_list(request):
    people = selectors.people_visible_to(request.user).prefetch_related("memberships__organisation")
    query = request.GET.get("q", "").strip()[:200]
    role = request.GET.get("role", "")
    if query:
        people = people.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
    if role in Role.values:
        people = people.filter(memberships__role=role).distinct()
    page = Paginator(people, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "core/people/list.html",
        {"page": page, "query": query, "role": role, "roles": Role.choices},
    )


@policy(policies.is_signed_in)
def person_detail(request, pk):
    person = selectors.person_for(request.user, pk)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=person)
    memberships = selectors.memberships_of(person)
    by_organisation = {}
    for membership in memberships:
        by_organisation.setdefault(membership.organisation, []).append(membership.get_role_display())
    return render(
        request,
        "core/people/detail.html",
        {
            "person": person,
            "by_organisation": by_organisation,
            "has_two_factor": Authenticator.objects.filter(
                user=person, type=Authenticator.Type.TOTP
            ).exists(),
            "has_password": person.has_usable_password(),
            "can_manage": policies.can_manage_people(request.user),
        },
    )


@policy(policies.can_manage_people)
def person_create_view(request):
    form = PersonCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = person_create(
                actor=request.user,
                email=data["email"],
                full_name=data["full_name"],
                job_title=data["job_title"],
                organisation=data["organisation"],
                roles=data["roles"],
                base_url=_base_url(request),
            )
        except PersonRuleError as error:
            add_rule_error(form, error)
        else:
            messages.success(
                request, f"{person.full_name} added. We have e-mailed them a link to set up their account."
            )
            return redirect(person)
    return render(request, "core/people/create.html", {"form": form})


@policy(policies.can_manage_people)
def person_edit(request, pk):
    person = selectors.person_for(request.user, pk)
    form = PersonForm(
        request.POST if request.method == "POST" else None,
        initial={"full_name": person.full_name, "email": person.email, "job_title": person.job_title},
    )
    if request.method == "POST" and form.is_valid():
        try:
            person_update(actor=request.user, person=person, **form.cleaned_data)
        except PersonRuleError as error:
            add_rule_error(form, error)
        else:
            messages.success(request, f"{person.full_name}'s details updated")
            return redirect(person)
    return render(request, "core/people/edit.html", {"form": form, "person": person})


@policy(policies.can_manage_people)
def person_roles(request, pk):
    person = selectors.person_for(request.user, pk)
    organisation_id = request.GET.get("organisation")
    initial = {}
    if organisation_id and organisation_id.isdigit():
        initial = {
            "organisation": int(organisation_id),
            "roles": list(person.roles_in(int(organisation_id))),
        }
    form = RolesForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            person_set_roles(
                actor=request.user,
                person=person,
                organisation=form.cleaned_data["organisation"],
                roles=form.cleaned_data["roles"],
            )
        except PersonRuleError as error:
            add_rule_error(form, error)
        else:
            messages.success(request, f"{person.full_name}'s roles updated")
            return redirect(person)
    return render(request, "core/people/roles.html", {"form": form, "person": person})


@require_POST
@policy(policies.can_manage_people)
def person_status(request, pk):
    person = selectors.person_for(request.user, pk)
    try:
        if request.POST.get("active") == "no":
            person_deactivate(actor=request.user, person=person)
            messages.success(request, f"{person.full_name} deactivated and signed out everywhere")
        else:
            person_reactivate(actor=request.user, person=person)
            messages.success(request, f"{person.full_name} reactivated")
    except PersonRuleError as error:
        messages.error(request, str(error))
    return redirect(person)


@require_POST
@policy(policies.can_manage_people)
def person_set_up_link(request, pk):
    person = selectors.person_for(request.user, pk)
    person_send_set_up_link(actor=request.user, person=person, base_url=_base_url(request))
    messages.success(request, f"We have e-mailed {person.full_name} a new link to set up their account")
    return redirect(person)


@require_POST
@policy(policies.can_manage_people)
def person_sign_out(request, pk):
    person = selectors.person_for(request.user, pk)
    person_sign_out_everywhere(actor=request.user, person=person)
    messages.success(request, f"{person.full_name} has been signed out on every device")
    return redirect(person)
