"""A manager's eligibility override and seeing who the child is (merging: test_services_merging)."""

import pytest

from threadline.core.access import NotAllowed
from threadline.core.models import AuditEvent, Role
from threadline.core.testing import make_person
from threadline.incidents.services import (
    IncidentRuleError,
    incident_eligibility_override,
    incident_identifying_details_view,
)

from .builders import CHILD_NAME, notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def incident(manager, organisation):
    return notify(actor=manager, organisation=organisation, status_with_service="not-known")


# Eligibility override


def test_a_manager_overrides_eligibility_with_a_rationale_on_record(manager, incident):
    assert incident.eligible is False
    incident_eligibility_override(
        actor=manager,
        incident=incident,
        eligible=True,
        rationale="  Known to the service under another name  ",
    )
    incident.refresh_from_db()
    assert incident.eligible is True
    assert incident.eligibility_overridden
    assert incident.eligibility_override_rationale == "Known to the service under another name"
    assert incident.eligibility_overridden_by == manager
    row = AuditEvent.objects.filter(target_id=str(incident.pk), action="change").get()
    assert row.detail == {
        "eligible": {"from": False, "to": True},
        "rationale": "Known to the service under another name",
    }


def test_an_override_needs_a_rationale(manager, incident):
    with pytest.raises(IncidentRuleError) as error:
        incident_eligibility_override(actor=manager, incident=incident, eligible=True, rationale="  ")
    assert error.value.field == "rationale"
    incident.refresh_from_db()
    assert not incident.eligibility_overridden


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.REVIEW_CHAIR])
def test_only_a_service_manager_may_override(organisation, incident, role):
    person = make_person(organisation, role)
    with pytest.raises(NotAllowed):
        incident_eligibility_override(actor=person, incident=incident, eligible=True, rationale="Because")


def test_a_manager_of_another_organisation_may_not_override(stranger, incident):
    with pytest.raises(NotAllowed):
        incident_eligibility_override(actor=stranger, incident=incident, eligible=True, rationale="Because")


# Who the child is


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.SERVICE_MANAGER, Role.FAMILY_LIAISON])
def test_people_with_a_need_see_who_the_child_is_and_each_look_is_audited(organisation, incident, role):
    person = make_person(organisation, role)
    child = incident_identifying_details_view(actor=person, incident=incident)
    assert child.full_name == CHILD_NAME
    row = AuditEvent.objects.get(actor=person, action="view")
    assert (row.target_type, row.target_id, row.organisation_id) == (
        "incidents.child",
        str(child.pk),
        organisation.pk,
    )
    assert row.detail == {"identifying_details": True, "incident": incident.reference}
    assert CHILD_NAME not in row.target_label


@pytest.mark.parametrize(
    "role", [Role.REVIEW_CHAIR, Role.REVIEWER, Role.GOVERNANCE_BOARD_MEMBER, Role.QUALITY_ASSURER]
)
def test_other_roles_are_refused_who_the_child_is(organisation, incident, role):
    person = make_person(organisation, role)
    with pytest.raises(NotAllowed):
        incident_identifying_details_view(actor=person, incident=incident)
    assert not AuditEvent.objects.filter(actor=person, action="view").exists()


def test_another_organisation_is_refused_who_the_child_is(stranger, incident):
    with pytest.raises(NotAllowed):
        incident_identifying_details_view(actor=stranger, incident=incident)
