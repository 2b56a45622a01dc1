"""The review team pages (issue 5 item 5): agencies involved, members with their independence,
the warning about a conflict of interest, the chair's decision; errors next to their fields,
everything typed kept, and each page behind its policy and isolated from other organisations."""

import re
from datetime import date

import pytest
from django.urls import reverse

from threadline.core.models import Role
from threadline.core.testing import assert_isolated, make_organisation, make_person
from threadline.frameworks.tests.conftest import error_summary, field_error, page_text
from threadline.reviews.models import Independence, InvolvedAgency, ReviewTeamMember, TeamRole
from threadline.reviews.services import review_start
from threadline.reviews.services.team import (
    involved_agency_add,
    team_member_add,
    team_member_declare,
)

from .conftest import notified, on

pytestmark = pytest.mark.django_db


@pytest.fixture
def childrens_services(db):
    return make_organisation("Northbridge Children's Services", type="childrens-services")


@pytest.fixture
def reviews_ltd(db):
    return make_organisation("Independent Reviews Ltd", type="other")


def url(name, review, **more):
    return reverse(f"reviews:{name}", kwargs={"pk": review.pk, **more})


def text_of(response) -> str:
    """The page's words without its markup, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page_text(response)))


def lead_reviewer(manager, review, organisation, **changes):
    given = {"name": "Nadia Reid", "email": "nadia@reviews.example", "role": TeamRole.LEAD_REVIEWER}
    return team_member_add(actor=manager, review=review, organisation=organisation, **{**given, **changes})


def test_the_team_page_lists_agencies_and_adds_one_with_errors_by_the_field(
    client, manager, review, childrens_services
):
    client.force_login(manager)
    page = client.get(url("team", review))
    assert page.status_code == 200
    body = text_of(page)
    assert "Review team and agencies involved" in body and "No one is on the team yet" in body
    assert "No agencies are listed as involved yet" in body
    refused = client.post(
        url("team", review), {"organisation": "", "involvement": "Child in need plan since 2024"}
    )
    assert refused.status_code == 200
    assert field_error(refused, "id_organisation") == "Choose the agency involved with the child"
    assert error_summary(refused) == ["Choose the agency involved with the child"]
    assert "Child in need plan since 2024</textarea>" in page_text(refused)
    added = client.post(
        url("team", review), {"organisation": childrens_services.pk, "involvement": "Child in need plan"}
    )
    assert added.status_code == 302
    again = client.post(url("team", review), {"organisation": childrens_services.pk, "involvement": "Twice"})
    assert (
        field_error(again, "id_organisation")
        == "Northbridge Children's Services is already listed as involved"
    )
    assert f'<option value="{childrens_services.pk}" selected>' in page_text(again)
    body = text_of(client.get(url("team", review)))
    assert "Northbridge Children's Services Child in need plan" in body


def test_removing_an_agency_asks_first_and_keeps_its_row(client, manager, review, childrens_services):
    agency = involved_agency_add(actor=manager, review=review, organisation=childrens_services)
    client.force_login(manager)
    remove_url = url("team_agency_remove", review, agency_pk=agency.pk)
    assert "Remove Northbridge Children's Services from the agencies involved?" in text_of(
        client.get(remove_url)
    )
    assert client.post(remove_url).status_code == 302
    assert InvolvedAgency.objects.get(pk=agency.pk).removed_at is not None
    assert client.get(remove_url).status_code == 404


def test_adding_a_member_shows_errors_by_the_fields_and_keeps_what_was_typed(
    client, manager, review, reviews_ltd
):
    client.force_login(manager)
    add_url = url("team_member_add", review)
    refused = client.post(
        add_url,
        {"role": "lead-reviewer", "name": "Nadia Reid", "email": "", "job_title": "Independent reviewer"},
    )
    assert refused.status_code == 200
    assert field_error(refused, "id_email") == "Enter their email address"
    assert error_summary(refused) == ["Enter their email address"]
    html = page_text(refused)
    assert 'value="Nadia Reid"' in html and 'value="Independent reviewer"' in html
    assert 'value="lead-reviewer" checked' in html
    no_org = client.post(
        add_url, {"role": "lead-reviewer", "name": "Nadia Reid", "email": "nadia@reviews.example"}
    )
    assert field_error(no_org, "id_organisation") == "Choose the organisation they represent"
    no_role = client.post(add_url, {"name": "Nadia Reid"})
    assert field_error(no_role, "id_role") == "Choose their role on the team"
    assert not ReviewTeamMember.objects.exists()


def test_adding_a_lead_reviewer_from_an_involved_agency_shows_the_warning(
    client, manager, review, childrens_services
):
    involved_agency_add(actor=manager, review=review, organisation=childrens_services)
    client.force_login(manager)
    added = client.post(
        url("team_member_add", review),
        {
            "role": "lead-reviewer",
            "name": "Nadia Reid",
            "email": "nadia@cs.example",
            "organisation": childrens_services.pk,
        },
        follow=True,
    )
    member = ReviewTeamMember.objects.get()
    assert member.independence == Independence.UNDECLARED
    body = text_of(added)
    assert "Nadia Reid is proposed as lead reviewer. They have not yet declared their independence." in body
    warning = re.search(r'<div class="govuk-warning-text">(.*?)</div>', page_text(added), re.S)
    assert warning, "the team table shows a GOV.UK warning text"
    assert (
        "They belong to Northbridge Children's Services, an agency involved with the child"
        in warning.group(1)
    )
    assert "1 member must declare independence; 1 conflict needs the chair's decision" in body


def test_adding_a_threadline_person_takes_their_details(client, manager, reviewer, review, organisation):
    client.force_login(manager)
    page = page_text(client.get(url("team_member_add", review)))
    assert f'<option value="{reviewer.pk}">Sofia Lind (sofia@example.test)</option>' in page
    added = client.post(url("team_member_add", review), {"role": "team-member", "person": reviewer.pk})
    assert added.status_code == 302
    member = ReviewTeamMember.objects.get()
    assert (member.person, member.name, member.organisation) == (reviewer, "Sofia Lind", organisation)


def test_declaring_independence_while_warned_is_refused_on_the_page_and_the_text_kept(
    client, manager, review, childrens_services
):
    involved_agency_add(actor=manager, review=review, organisation=childrens_services)
    member = lead_reviewer(manager, review, childrens_services)
    client.force_login(manager)
    declare_url = url("team_member_declare", review, member_pk=member.pk)
    page = client.get(declare_url)
    assert "They belong to Northbridge Children's Services" in text_of(page)
    with on(date(2025, 4, 3)):
        refused = client.post(
            declare_url, {"independence": "independent", "declaration": "I have never met the family"}
        )
    assert refused.status_code == 200
    assert field_error(refused, "id_independence") == (
        "Northbridge Children's Services is involved with the child: declare the conflict of interest "
        "instead of independence"
    )
    assert "I have never met the family</textarea>" in page_text(refused)
    with on(date(2025, 4, 3)):
        bad_date = client.post(
            declare_url,
            {
                "independence": "conflict",
                "declaration": "My agency",
                "declared_on_0": "31",
                "declared_on_1": "2",
            },
        )
        assert field_error(bad_date, "id_declared_on") == "The date of the declaration must include a year"
        declared = client.post(
            declare_url, {"independence": "conflict", "declaration": "My agency holds the case"}
        )
    assert declared.status_code == 302
    member.refresh_from_db()
    assert member.independence == Independence.CONFLICT and member.declared_on == date(2025, 4, 3)


def test_the_chair_records_how_the_conflict_is_handled_and_the_team_settles(
    client, manager, chair, review, reviews_ltd
):
    member = lead_reviewer(manager, review, reviews_ltd)
    with on(date(2025, 4, 3)):
        team_member_declare(
            actor=manager, member=member, independence="conflict", declaration="Knew the father"
        )
    client.force_login(chair)
    team_page = page_text(client.get(url("team", review)))
    conflict_url = url("team_conflict", review, member_pk=member.pk)
    assert f'href="{conflict_url}"' in team_page
    assert (
        "They declared a conflict of interest. The chair must record how the conflict is handled."
        in text_of(client.get(url("team", review)))
    )
    refused = client.post(conflict_url, {"handling": ""})
    assert field_error(refused, "id_handling") == "Enter how the conflict of interest is handled"
    with on(date(2025, 4, 3)):
        handled = client.post(conflict_url, {"handling": "Does not interview the father"}, follow=True)
    body = text_of(handled)
    assert "The team is settled" in body
    assert "Handled by Ruth Chair on 3 April 2025: Does not interview the father" in body
    assert '<div class="govuk-warning-text">' not in page_text(handled)


def test_removing_a_member_needs_a_reason_and_keeps_them_as_a_former_member(
    client, manager, review, reviews_ltd
):
    member = lead_reviewer(manager, review, reviews_ltd)
    client.force_login(manager)
    remove_url = url("team_member_remove", review, member_pk=member.pk)
    refused = client.post(remove_url, {"reason": ""})
    assert field_error(refused, "id_reason") == "Enter why they are leaving the team"
    removed = client.post(remove_url, {"reason": "Not available until June"}, follow=True)
    body = text_of(removed)
    assert "Nadia Reid has left the team" in body and "Former members (1)" in body
    assert "Not available until June" in body
    assert client.get(remove_url).status_code == 404


def test_people_who_may_see_but_not_manage_get_forbidden(
    client, manager, reviewer, review, reviews_ltd, childrens_services
):
    member = lead_reviewer(manager, review, reviews_ltd)
    client.force_login(reviewer)
    page = client.get(url("team", review))
    assert page.status_code == 200 and "Add a member" not in text_of(page)
    assert client.post(url("team", review), {"organisation": childrens_services.pk}).status_code == 403
    assert client.get(url("team_member_add", review)).status_code == 403
    assert client.get(url("team_member_declare", review, member_pk=member.pk)).status_code == 403
    assert client.get(url("team_conflict", review, member_pk=member.pk)).status_code == 403
    assert client.get(url("team_member_remove", review, member_pk=member.pk)).status_code == 403
    assert not InvolvedAgency.objects.exists()


def test_a_member_on_the_team_reaches_only_their_own_declaration(
    client, manager, reviewer, review, reviews_ltd
):
    own = team_member_add(actor=manager, review=review, role=TeamRole.LEAD_REVIEWER, person=reviewer)
    other = lead_reviewer(manager, review, reviews_ltd)
    client.force_login(reviewer)
    body = page_text(client.get(url("team", review)))
    assert url("team_member_declare", review, member_pk=own.pk) in body
    assert url("team_member_declare", review, member_pk=other.pk) not in body
    assert client.get(url("team_member_declare", review, member_pk=other.pk)).status_code == 403
    with on(date(2025, 4, 3)):
        declared = client.post(
            url("team_member_declare", review, member_pk=own.pk), {"independence": "independent"}
        )
    assert declared.status_code == 302


def test_the_team_pages_are_isolated_and_a_member_of_another_review_is_not_found(
    client, manager, review, reviews_ltd, other_organisation, stranger, yjs
):
    member = lead_reviewer(manager, review, reviews_ltd)
    agency = involved_agency_add(actor=manager, review=review, organisation=reviews_ltd)
    for name, more in [
        ("team", {}),
        ("team_member_add", {}),
        ("team_member_declare", {"member_pk": member.pk}),
        ("team_conflict", {"member_pk": member.pk}),
        ("team_member_remove", {"member_pk": member.pk}),
        ("team_agency_remove", {"agency_pk": agency.pk}),
    ]:
        assert_isolated(client, url(name, review, **more), owner=manager, stranger=stranger)
    with on(date(2025, 3, 4)):
        theirs = review_start(actor=stranger, incident=notified(stranger, other_organisation, yjs))
    their_member = lead_reviewer(stranger, theirs, other_organisation, email="x@their.example")
    client.force_login(manager)
    for name in ("team_member_declare", "team_conflict", "team_member_remove"):
        assert client.get(url(name, review, member_pk=their_member.pk)).status_code == 404
    their_agency = involved_agency_add(actor=stranger, review=theirs, organisation=reviews_ltd)
    assert client.get(url("team_agency_remove", review, agency_pk=their_agency.pk)).status_code == 404


def test_a_quality_assurer_role_may_see_the_team(client, organisation, review):
    person = make_person(organisation, Role.QUALITY_ASSURER)
    client.force_login(person)
    assert client.get(url("team", review)).status_code == 200
