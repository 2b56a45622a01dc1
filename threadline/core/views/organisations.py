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


def _initial(organisation):
    if organisation is None:
        return {}
    return {
        "name": organisation.name,
        "type": organisation.type,
        "nation": organisation.nation,
        "description": organisation.description,
        "members": list(organisation.member_organisations.all()),
    }


def _organisation_form(request, organisation=None):
    """Add (organisation None) or change an organisation; the typing is kept as a draft."""
    drafted = request.drafted
    if request.method == "POST":
        form = OrganisationForm(request.POST, editing=organisation)
        if form.is_valid():
            data = form.cleaned_data
            fields = {
                "name": data["name"],
                "type": data["type"],
                "nation": data["nation"],
                "description": data["description"],
                "members": list(data["members"]),
            }
            try:
                if organisation is None:
                    organisation = organisation_create(actor=request.user, **fields)
                    done = "added"
                else:
                    organisation_update(actor=request.user, organisation=organisation, **fields)
                    done = "updated"
            except OrganisationRuleError as error:
                add_rule_error(form, error)
            else:
                drafted.discard()
                messages.success(request, f"{organisation.name} {done}")
                return redirect(organisation)
        drafted.keep(request.POST)
    elif drafted.data:
        form = form_from_draft(OrganisationForm, drafted.data, editing=organisation)
    else:
        form = OrganisationForm(editing=organisation, initial=_initial(organisation))
    return render(
        request,
        "core/organisations/form.html",
        {
            "form": form,
            "organisation": organisation,
            # Only when coming back to the form: after a submit the person can see their text.
            "draft": drafted.draft if request.method == "GET" else None,
        },
    )


@policy(policies.can_manage_organisations)
@with_draft
def organisation_create_view(request):
    return _organisation_form(request)


@policy(policies.can_manage_organisations)
@with_draft
def organisation_edit(request, pk):
    return _organisation_form(request, selectors.organisation_for(request.user, pk))
