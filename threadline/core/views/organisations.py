from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from .. import policies, selectors
from ..access import policy
from ..drafts import form_from_draft, with_draft
from ..forms import OrganisationForm
from ..models import AuditAction, Nation, OrganisationType
from ..services import audit_record, organisation_create, organisation_update
from ..services.organisations import OrganisationRuleError
from .forms_support import add_rule_error


@policy(policies.can_list_organisations)
def organisation_list(request):
    organisations = selectors.organisations_visible_to(request.user).prefetch_related("member_organisations")
    type_filter = request.GET.get("type", "")
    nation_filter = request.GET.get("nation", "")
    if type_filter in OrganisationType.values:
        organisations = organisations.filter(type=type_filter)
    if nation_filter in Nation.values:
        organisations = organisations.filter(nation=nation_filter)
    page = Paginator(organisations, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "core/organisations/list.html",
        {
            "page": page,
            "types": OrganisationType.choices,
            "nations": Nation.choices,
            "type_filter": type_filter,
            "nation_filter": nation_filter,
            "can_manage": policies.can_manage_organisations(request.user),
        },
    )


@policy(policies.is_signed_in)
def organisation_detail(request, pk):
    organisation = selectors.organisation_for(request.user, pk)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=organisation)
    people = None
    if policies.can_view_people_of(request.user, organisation):
        people = (
            selectors.people_visible_to(request.user)
            .filter(memberships__organisation=organisation)
            .distinct()
        )
    return render(
        request,
        "core/organisations/detail.html",
        {
            "organisation": organisation,
            "members": organisation.member_organisations.all(),
            "partnerships": organisation.partnerships.all(),
            "people": people,
            "can_manage": policies.can_manage_organisations(request.user),
        },
    )


def _form_page(request, form, *, organisation=None):
    return render(
        request,
        "core/organisations/form.html",
        {
            "form": form,
            "organisation": organisation,
            # Only when coming back to the form: after a submit the person can see their text.
            "draft": request.drafted.draft if request.method == "GET" else None,
        },
    )


@policy(policies.can_manage_organisations)
@with_draft
def organisation_create_view(request):
    if request.method == "POST":
        form = OrganisationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                organisation = organisation_create(
                    actor=request.user,
                    name=data["name"],
                    type=data["type"],
                    nation=data["nation"],
                    description=data["description"],
                    members=list(data["members"]),
                )
            except OrganisationRuleError as error:
                add_rule_error(form, error)
            else:
                request.drafted.discard()
                messages.success(request, f"{organisation.name} added")
                return redirect(organisation)
        request.drafted.keep(request.POST)
    else:
        form = (
            form_from_draft(OrganisationForm, request.drafted.data)
            if request.drafted.data
            else OrganisationForm()
        )
    return _form_page(request, form)


@policy(policies.can_manage_organisations)
@with_draft
def organisation_edit(request, pk):
    organisation = selectors.organisation_for(request.user, pk)
    if request.method == "POST":
        form = OrganisationForm(request.POST, editing=organisation)
        if form.is_valid():
            data = form.cleaned_data
            try:
                organisation_update(
                    actor=request.user,
                    organisation=organisation,
                    name=data["name"],
                    type=data["type"],
                    nation=data["nation"],
                    description=data["description"],
                    members=list(data["members"]),
                )
            except OrganisationRuleError as error:
                add_rule_error(form, error)
            else:
                request.drafted.discard()
                messages.success(request, f"{organisation.name} updated")
                return redirect(organisation)
        request.drafted.keep(request.POST)
    elif request.drafted.data:
        form = form_from_draft(OrganisationForm, request.drafted.data, editing=organisation)
    else:
        form = OrganisationForm(
            editing=organisation,
            initial={
                "name": organisation.name,
                "type": organisation.type,
                "nation": organisation.nation,
                "description": organisation.description,
                "members": list(organisation.member_organisations.all()),
            },
        )
    return _form_page(request, form, organisation=organisation)
