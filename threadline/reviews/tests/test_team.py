"""The review team and the agencies involved with the child (issue 5 item 5; seed 004 the
review team; seed 001 §2.5 independence of reviewers): Threadline warns about conflicts of
interest, a warned member cannot declare independence, and the chair records how each conflict
is handled. Checked, audited, and the team's history is kept."""

from datetime import date

import pytest

from threadline.core.access import NotAllowed
from threadline.core.models import AuditAction, AuditEvent, Membership, Role
from threadline.core.testing import make_organisation, make_person
from threadline.reviews.domain.independence import WarningKind
from threadline.reviews.models import Independence, InvolvedAgency, ReviewTeamMember, TeamRole
from threadline.reviews.selectors import team as team_selectors
from threadline.reviews.services import ReviewRuleError
from threadline.reviews.services.team import (
    involved_agency_add,
    involved_agency_remove,
    team_conflict_handle,
    team_member_add,
    team_member_declare,
    team_member_remove,
)

from .conftest import on

pytestmark = pytest.mark.django_db


@pytest.fixture
def childrens_services(db):
    return make_organisation("Northbridge Children's Services", type="childrens-services")


@pytest.fixture
def reviews_ltd(db):
    return make_organisation("Independent Reviews Ltd", type="other")


@pytest.fixture
def administrator(organisation):
    return make_person(
        organisation, Role.REVIEW_ADMINISTRATOR, full_name="Ada Admin", email="ada@example.test"
    )


@pytest.fixture
def team_member_person(organisation):
    return make_person(organisation, Role.TEAM_MEMBER, full_name="Theo Member", email="theo@example.test")


def typed(actor, review, organisation, role=TeamRole.LEAD_REVIEWER, **changes):
    given = {"name": "Nadia Reid", "email": "nadia@reviews.example", "job_title": "Independent reviewer"}
    return team_member_add(
        actor=actor, review=review, role=role, organisation=organisation, **{**given, **changes}
    )


def audit_details(review):
    return [e.detail for e in AuditEvent.objects.filter(target_id=review.pk).order_by("pk")]


# --- agencies involved


def test_an_agency_is_listed_once_and_a_removed_one_keeps_its_row(manager, review, childrens_services):
    agency = involved_agency_add(
        actor=manager, review=review, organisation=childrens_services, involvement="Child in need plan"
    )
    assert list(team_selectors.agencies_involved(review)) == [agency]
    with pytest.raises(ReviewRuleError, match="Northbridge Children's Services is already listed") as refused:
        involved_agency_add(actor=manager, review=review, organisation=childrens_services)
    assert refused.value.field == "organisation"
    involved_agency_remove(actor=manager, agency=agency)
    assert not team_selectors.agencies_involved(review).exists()
    again = involved_agency_add(actor=manager, review=review, organisation=childrens_services)
    assert InvolvedAgency.objects.filter(review=review).count() == 2
    assert InvolvedAgency.objects.get(pk=agency.pk).removed_at is not None
    assert list(team_selectors.agencies_involved(review)) == [again]
    details = audit_details(review)
    assert {"involved_agency": agency.pk, "organisation": childrens_services.pk} in details
    assert AuditEvent.objects.filter(target_id=review.pk, action=AuditAction.DELETE).count() == 1


def test_an_agency_must_be_chosen(manager, review):
    with pytest.raises(ReviewRuleError, match="Choose the agency involved with the child"):
        involved_agency_add(actor=manager, review=review, organisation=None)


def test_only_the_team_managers_of_the_lead_organisation_list_agencies(
    reviewer, stranger, administrator, review, childrens_services
):
    for person in (reviewer, stranger):
        with pytest.raises(NotAllowed):
            involved_agency_add(actor=person, review=review, organisation=childrens_services)
    involved_agency_add(actor=administrator, review=review, organisation=childrens_services)


# --- adding members


def test_a_threadline_person_brings_their_name_email_and_only_organisation(
    manager, chair, organisation, review
):
    member = team_member_add(actor=manager, review=review, role=TeamRole.CHAIR, person=chair)
    assert (member.name, member.email, member.organisation) == (
        "Ruth Chair",
        "chair@example.test",
        organisation,
    )
    assert member.independence == Independence.UNDECLARED and member.added_by == manager
    assert {
        "team_member": member.pk,
        "role": "chair",
        "organisation": organisation.pk,
        "person": chair.pk,
        "line_managed_case": False,
    } in audit_details(review)


def test_a_person_of_two_organisations_says_which_they_represent(
    manager, reviewer, review, organisation, childrens_services
):
    Membership.objects.create(user=reviewer, organisation=childrens_services, role=Role.PRACTITIONER)
    with pytest.raises(ReviewRuleError, match="Choose the organisation Sofia Lind represents") as refused:
        team_member_add(actor=manager, review=review, role=TeamRole.TEAM_MEMBER, person=reviewer)
    assert refused.value.field == "organisation"
    member = team_member_add(
        actor=manager, review=review, role=TeamRole.TEAM_MEMBER, person=reviewer, organisation=organisation
    )
    assert member.organisation == organisation


def test_a_person_outside_the_review_partners_cannot_be_chosen(manager, review, stranger):
    with pytest.raises(ReviewRuleError, match="Choose someone from the list"):
        team_member_add(actor=manager, review=review, role=TeamRole.TEAM_MEMBER, person=stranger)
    assert not ReviewTeamMember.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"role": "author"}, "role", "Choose their role on the team"),
        ({"name": " "}, "name", "Enter their name"),
        ({"email": ""}, "email", "Enter their email address"),
        ({"email": "nadia at reviews"}, "email", "Enter an email address in the correct format"),
        ({"organisation": None}, "organisation", "Choose the organisation they represent"),
        ({"name": "N" * 201}, "name", "Their name must be 200 characters or fewer"),
    ],
)
def test_a_typed_member_needs_a_name_an_email_and_an_organisation(
    manager, review, reviews_ltd, changes, field, message
):
    given = {"organisation": reviews_ltd, "role": TeamRole.LEAD_REVIEWER, **changes}
    with pytest.raises(ReviewRuleError, match=message) as refused:
        typed(manager, review, **given)
    assert refused.value.field == field
    assert not ReviewTeamMember.objects.exists()


def test_a_second_chair_is_refused_until_the_first_leaves(manager, chair, review, reviews_ltd):
    first = team_member_add(actor=manager, review=review, role=TeamRole.CHAIR, person=chair)
    with pytest.raises(ReviewRuleError, match="The review already has a chair, Ruth Chair") as refused:
        typed(manager, review, reviews_ltd, role=TeamRole.CHAIR)
    assert refused.value.field == "role"
    team_member_remove(actor=manager, member=first, reason="Moved to another post")
    second = typed(manager, review, reviews_ltd, role=TeamRole.CHAIR)
    assert team_selectors.chair_of(review) == second


def test_the_same_person_is_not_added_twice_in_one_role(manager, reviewer, review, reviews_ltd):
    team_member_add(actor=manager, review=review, role=TeamRole.LEAD_REVIEWER, person=reviewer)
    with pytest.raises(ReviewRuleError, match="Sofia Lind is already on the team as lead reviewer"):
        team_member_add(actor=manager, review=review, role=TeamRole.LEAD_REVIEWER, person=reviewer)
    typed(manager, review, reviews_ltd)
    with pytest.raises(ReviewRuleError, match="Nadia Reid is already on the team"):
        typed(manager, review, reviews_ltd, email="NADIA@reviews.example")
    two_reviewers = team_member_add(actor=manager, review=review, role=TeamRole.TEAM_MEMBER, person=reviewer)
    assert two_reviewers.role == TeamRole.TEAM_MEMBER


def test_only_managers_chairs_and_administrators_add_members(
    manager, chair, administrator, reviewer, team_member_person, stranger, review, reviews_ltd
):
    for person in (reviewer, team_member_person, stranger):
        with pytest.raises(NotAllowed):
            typed(person, review, reviews_ltd)
    for number, person in enumerate((manager, chair, administrator)):
        typed(person, review, reviews_ltd, role=TeamRole.TEAM_MEMBER, email=f"m{number}@reviews.example")
    assert ReviewTeamMember.objects.count() == 3


# --- the warning


@pytest.mark.parametrize("role", TeamRole.values)
def test_a_member_of_an_involved_agency_is_warned_about_as_lead_reviewer_or_quality_assurer_only(
    manager, review, childrens_services, role
):
    involved_agency_add(actor=manager, review=review, organisation=childrens_services)
    member = typed(manager, review, childrens_services, role=role)
    warnings = team_selectors.member_warnings(review)[member.pk]
    if role in (TeamRole.LEAD_REVIEWER, TeamRole.QUALITY_ASSURER):
        assert [(w.kind, w.organisation) for w in warnings] == [
            (WarningKind.INVOLVED_ORGANISATION, "Northbridge Children's Services")
        ]
        assert member.independence == Independence.UNDECLARED
    else:
        assert warnings == []


@pytest.mark.parametrize("role", TeamRole.values)
def test_a_member_who_line_managed_the_case_is_warned_about_as_chair_lead_reviewer_or_quality_assurer(
    manager, review, reviews_ltd, role
):
    member = typed(manager, review, reviews_ltd, role=role, line_managed_case=True)
    warnings = team_selectors.member_warnings(review)[member.pk]
    expected = role in (TeamRole.CHAIR, TeamRole.LEAD_REVIEWER, TeamRole.QUALITY_ASSURER)
    assert [w.kind for w in warnings] == ([WarningKind.LINE_MANAGEMENT] if expected else [])


def test_a_person_who_works_for_an_involved_agency_is_warned_about_whatever_they_represent(
    manager, reviewer, review, organisation, childrens_services
):
    Membership.objects.create(user=reviewer, organisation=childrens_services, role=Role.PRACTITIONER)
    member = team_member_add(
        actor=manager,
        review=review,
        role=TeamRole.QUALITY_ASSURER,
        person=reviewer,
        organisation=organisation,
    )
    assert team_selectors.member_warnings(review)[member.pk] == []
    involved_agency_add(actor=manager, review=review, organisation=childrens_services)
    assert [w.organisation for w in team_selectors.member_warnings(review)[member.pk]] == [
        "Northbridge Children's Services"
    ]


def test_removing_the_agency_removes_the_warning(manager, review, childrens_services):
    agency = involved_agency_add(actor=manager, review=review, organisation=childrens_services)
    member = typed(manager, review, childrens_services)
    assert team_selectors.member_warnings(review)[member.pk]
    involved_agency_remove(actor=manager, agency=agency)
    assert team_selectors.member_warnings(review)[member.pk] == []


# --- declaring


def test_declaring_independence_while_warned_is_refused_naming_the_agency(
    manager, review, childrens_services
):
    involved_agency_add(actor=manager, review=review, organisation=childrens_services)
    member = typed(manager, review, childrens_services)
    with on(date(2025, 4, 3)), pytest.raises(ReviewRuleError) as refused:
        team_member_declare(actor=manager, member=member, independence=Independence.INDEPENDENT)
    assert refused.value.field == "independence"
    assert str(refused.value) == (
        "Northbridge Children's Services is involved with the child: declare the conflict of interest "
        "instead of independence"
    )
    assert ReviewTeamMember.objects.get(pk=member.pk).independence == Independence.UNDECLARED


def test_declaring_independence_after_line_managing_the_case_is_refused(manager, review, reviews_ltd):
    member = typed(manager, review, reviews_ltd, role=TeamRole.CHAIR)
    with on(date(2025, 4, 3)), pytest.raises(ReviewRuleError, match="They line-managed the case: declare"):
        team_member_declare(
            actor=manager, member=member, independence=Independence.INDEPENDENT, line_managed_case=True
        )
    assert ReviewTeamMember.objects.get(pk=member.pk).line_managed_case is False


def test_a_member_declares_for_themselves_and_no_other_member_may(
    manager, reviewer, team_member_person, review, reviews_ltd
):
    member = team_member_add(actor=manager, review=review, role=TeamRole.LEAD_REVIEWER, person=reviewer)
    other = typed(manager, review, reviews_ltd, role=TeamRole.TEAM_MEMBER)
    with on(date(2025, 4, 3)):
        with pytest.raises(NotAllowed):
            team_member_declare(
                actor=team_member_person, member=member, independence=Independence.INDEPENDENT
            )
        with pytest.raises(NotAllowed):
            team_member_declare(actor=reviewer, member=other, independence=Independence.INDEPENDENT)
        declared = team_member_declare(
            actor=reviewer,
            member=member,
            independence=Independence.INDEPENDENT,
            declaration="No involvement with the child, family or practitioners.",
        )
    assert declared.independence == Independence.INDEPENDENT and declared.declared_on == date(2025, 4, 3)
    event = AuditEvent.objects.filter(target_id=review.pk, action=AuditAction.CHANGE).latest("pk")
    assert event.detail == {
        "team_member": member.pk,
        "independence": "independent",
        "declared_on": "2025-04-03",
        "line_managed_case": False,
        "for_self": True,
    }
    assert "No involvement" not in str(event.detail)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"independence": "undeclared"}, "independence", "Choose whether they are independent"),
        (
            {"independence": "conflict", "declaration": " "},
            "declaration",
            "Describe the conflict of interest",
        ),
        ({"declared_on": date(2025, 4, 4)}, "declared_on", "must be today or in the past"),
    ],
)
def test_a_declaration_mistake_is_named_with_its_field(manager, review, reviews_ltd, changes, field, message):
    member = typed(manager, review, reviews_ltd)
    given = {"independence": "independent", **changes}
    with on(date(2025, 4, 3)), pytest.raises(ReviewRuleError, match=message) as refused:
        team_member_declare(actor=manager, member=member, **given)
    assert refused.value.field == field


# --- the chair's decision


def declared_conflict(manager, review, organisation):
    member = typed(manager, review, organisation)
    with on(date(2025, 4, 2)):
        return team_member_declare(
            actor=manager,
            member=member,
            independence=Independence.CONFLICT,
            declaration="I supervised the social worker in 2023.",
        )


def test_only_the_chair_or_a_manager_records_how_a_conflict_is_handled(
    manager, chair, reviewer, administrator, stranger, review, reviews_ltd
):
    member = declared_conflict(manager, review, reviews_ltd)
    for person in (reviewer, administrator, stranger):
        with pytest.raises(NotAllowed):
            team_conflict_handle(actor=person, member=member, handling="Steps back from analysis")
    with pytest.raises(ReviewRuleError, match="Enter how the conflict of interest is handled"):
        team_conflict_handle(actor=chair, member=member, handling="  ")
    with on(date(2025, 4, 3)):
        handled = team_conflict_handle(
            actor=chair, member=member, handling="Takes no part in analysing children's social care"
        )
    assert handled.conflict_handled_by == chair and handled.conflict_handling.startswith("Takes no part")
    event = AuditEvent.objects.filter(target_id=review.pk, action=AuditAction.CHANGE).latest("pk")
    assert event.detail == {"team_member": member.pk, "conflict_handled": True, "warnings": 0}


def test_the_chair_decides_only_where_there_is_a_conflict(manager, chair, review, reviews_ltd):
    member = typed(manager, review, reviews_ltd)
    with pytest.raises(
        ReviewRuleError, match="has not declared a conflict of interest and Threadline sees none"
    ):
        team_conflict_handle(actor=chair, member=member, handling="Nothing to handle")


def test_a_warned_member_may_have_the_conflict_handled_before_declaring(
    manager, chair, review, childrens_services
):
    involved_agency_add(actor=manager, review=review, organisation=childrens_services)
    member = typed(manager, review, childrens_services, role=TeamRole.QUALITY_ASSURER)
    handled = team_conflict_handle(actor=chair, member=member, handling="A second quality assurer checks")
    assert handled.conflict_handled_at is not None
    assert not team_selectors.team_is_settled(review), "they must still declare"


def test_no_one_decides_on_their_own_conflict(manager, chair, review):
    member = team_member_add(actor=manager, review=review, role=TeamRole.CHAIR, person=chair)
    with on(date(2025, 4, 2)):
        team_member_declare(
            actor=chair, member=member, independence="conflict", declaration="I chair the panel"
        )
    with pytest.raises(ReviewRuleError, match="Someone else must decide") as refused:
        team_conflict_handle(actor=chair, member=member, handling="Fine")
    assert refused.value.field == "handling"
    team_conflict_handle(
        actor=manager, member=member, handling="The vice-chair takes the decisions on police"
    )


def test_a_new_declaration_asks_the_chair_to_decide_again(manager, chair, review, reviews_ltd):
    member = declared_conflict(manager, review, reviews_ltd)
    team_conflict_handle(actor=chair, member=member, handling="Steps back from analysis")
    assert team_selectors.team_is_settled(review)
    with on(date(2025, 4, 5)):
        team_member_declare(
            actor=manager, member=member, independence="conflict", declaration="Also knew the family"
        )
    again = ReviewTeamMember.objects.get(pk=member.pk)
    assert again.conflict_handled_at is None and again.conflict_handling == ""
    assert not team_selectors.team_is_settled(review)


# --- the team as a whole


def test_the_team_is_settled_when_all_declared_and_every_conflict_handled(
    manager, chair, review, reviews_ltd, childrens_services
):
    assert not team_selectors.team_is_settled(review)
    assert team_selectors.team_of(review).position.summary == "No one is on the team yet"
    involved_agency_add(actor=manager, review=review, organisation=childrens_services)
    chairing = team_member_add(actor=manager, review=review, role=TeamRole.CHAIR, person=chair)
    lead = typed(manager, review, reviews_ltd)
    qa = typed(manager, review, childrens_services, role=TeamRole.QUALITY_ASSURER, email="qa@cs.example")
    agency_member = typed(
        manager, review, childrens_services, role=TeamRole.TEAM_MEMBER, email="tm@cs.example"
    )
    summary = team_selectors.team_of(review).position.summary
    assert summary == "4 members must declare independence; 1 conflict needs the chair's decision"
    with on(date(2025, 4, 3)):
        for member in (chairing, lead, agency_member):
            team_member_declare(actor=manager, member=member, independence="independent")
        team_member_declare(actor=manager, member=qa, independence="conflict", declaration="Same agency")
    assert team_selectors.team_of(review).position.summary == "1 conflict needs the chair's decision"
    assert "independence-of-members" not in team_selectors.recorded_items(review)
    with on(date(2025, 4, 3)):
        team_conflict_handle(actor=chair, member=qa, handling="Checked by a second assurer")
    assert team_selectors.team_is_settled(review)
    assert team_selectors.team_of(review).position.summary == "The team is settled"
    items = team_selectors.recorded_items(review)
    assert (
        items["independence-of-members"]
        == "All 4 members declared; 1 conflict handled by Ruth Chair on 3 April 2025"
    )
    assert items["conflict-of-interest-declaration"] == items["independence-of-members"]


def test_recorded_items_name_the_agencies_and_the_team_by_role(
    manager, chair, reviewer, review, reviews_ltd, childrens_services, organisation
):
    assert team_selectors.recorded_items(review) == {}
    involved_agency_add(actor=manager, review=review, organisation=childrens_services)
    team_member_add(actor=manager, review=review, role=TeamRole.CHAIR, person=chair)
    items = team_selectors.recorded_items(review)
    assert items["agencies-involved"] == "Northbridge Children's Services"
    assert "review-team" not in items and "reviewer" not in items, "no lead reviewer yet"
    assert items["learning-review-group"] == "Ruth Chair (Northbridge Youth Justice Service), chair"
    team_member_add(actor=manager, review=review, role=TeamRole.LEAD_REVIEWER, person=reviewer)
    typed(manager, review, reviews_ltd)
    items = team_selectors.recorded_items(review)
    by_role = (
        "Chair: Ruth Chair (Northbridge Youth Justice Service); Lead reviewers: Sofia Lind (Northbridge "
        "Youth Justice Service) and Nadia Reid (Independent Reviews Ltd)"
    )
    assert items["review-team"] == items["reviewers"] == items["reviewer"] == by_role
    assert items["learning-review-lead"] == (
        "Sofia Lind (Northbridge Youth Justice Service) and Nadia Reid (Independent Reviews Ltd)"
    )
    assert "independence-of-members" not in items


def test_removing_a_member_keeps_their_row_declaration_and_reason(manager, review, reviews_ltd):
    member = declared_conflict(manager, review, reviews_ltd)
    with pytest.raises(ReviewRuleError, match="Enter why they are leaving the team") as refused:
        team_member_remove(actor=manager, member=member, reason="")
    assert refused.value.field == "reason"
    team_member_remove(actor=manager, member=member, reason="Replaced by a reviewer with no involvement")
    kept = ReviewTeamMember.objects.get(pk=member.pk)
    assert kept.removed_at is not None and kept.removal_reason.startswith("Replaced")
    assert kept.independence == Independence.CONFLICT and kept.declaration
    assert not team_selectors.team_members(review).exists()
    assert list(team_selectors.former_members(review)) == [kept]
    assert team_selectors.team_member_of(review, member.pk) is None
    with pytest.raises(ReviewRuleError, match="has already left the team"):
        team_member_remove(actor=manager, member=member, reason="Again")
    event = AuditEvent.objects.filter(target_id=review.pk, action=AuditAction.DELETE).get()
    assert event.detail == {"team_member": member.pk, "role": "lead-reviewer"}
