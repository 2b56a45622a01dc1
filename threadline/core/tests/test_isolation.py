"""A case record belongs to its lead organisation; others see it only when it is shared
with them, and a refused look is a 404 that the audit log remembers."""

import pytest
from django.http import Http404

from tests.isolation.models import Casefile
from threadline.core.models import AuditAction, Role
from threadline.core.selectors import record_for, records_visible_to
from threadline.core.services import share_add, share_remove
from threadline.core.testing import assert_isolated, make_person

from .support import audit_rows_since, last_audit_pk

pytestmark = pytest.mark.django_db


def visible(person):
    return list(records_visible_to(person, Casefile.objects.all()))


def test_the_lead_organisation_sees_its_record_and_another_organisation_gets_not_found(
    client, casefile, manager
):
    assert_isolated(client, casefile.get_absolute_url(), owner=manager)


def test_everyone_in_the_lead_organisation_sees_the_record_whatever_their_role(
    client, casefile, practitioner
):
    client.force_login(practitioner)
    response = client.get(casefile.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode() == "Casefile about child A"
    assert visible(practitioner) == [casefile]


def test_a_person_of_another_organisation_cannot_find_the_record_by_any_route(casefile, stranger):
    assert visible(stranger) == []
    with pytest.raises(Http404):
        record_for(stranger, Casefile.objects.all(), casefile.pk)


def test_a_system_administrator_does_not_see_case_records_of_other_organisations(client, casefile, sysadmin):
    assert visible(sysadmin) == []
    client.force_login(sysadmin)
    assert client.get(casefile.get_absolute_url()).status_code == 404


def test_sharing_with_an_organisation_lets_its_people_see_the_record(
    client, casefile, manager, stranger, other_organisation
):
    share_add(actor=manager, record=casefile, organisation=other_organisation)
    colleague_of_stranger = make_person(other_organisation, Role.PRACTITIONER)
    assert visible(stranger) == [casefile]
    assert visible(colleague_of_stranger) == [casefile]
    client.force_login(stranger)
    assert client.get(casefile.get_absolute_url()).status_code == 200


def test_sharing_with_a_person_lets_only_that_person_see_the_record(
    client, casefile, manager, stranger, other_organisation
):
    share_add(actor=manager, record=casefile, person=stranger)
    colleague_of_stranger = make_person(other_organisation, Role.SERVICE_MANAGER)
    assert visible(stranger) == [casefile]
    assert visible(colleague_of_stranger) == []
    client.force_login(stranger)
    assert client.get(casefile.get_absolute_url()).status_code == 200
    client.force_login(colleague_of_stranger)
    assert client.get(casefile.get_absolute_url()).status_code == 404


def test_removing_the_share_hides_the_record_again(client, casefile, manager, stranger, other_organisation):
    share = share_add(actor=manager, record=casefile, organisation=other_organisation)
    client.force_login(stranger)
    assert client.get(casefile.get_absolute_url()).status_code == 200
    share_remove(actor=manager, share=share)
    assert visible(stranger) == []
    assert client.get(casefile.get_absolute_url()).status_code == 404


def test_sharing_one_record_does_not_reveal_the_organisations_other_records(
    casefile, organisation, manager, stranger, other_organisation
):
    unshared = Casefile.objects.create(lead_organisation=organisation, title="Casefile about child B")
    share_add(actor=manager, record=casefile, organisation=other_organisation)
    assert visible(stranger) == [casefile]
    with pytest.raises(Http404):
        record_for(stranger, Casefile.objects.all(), unshared.pk)


def test_sharing_twice_with_the_same_organisation_keeps_one_share(casefile, manager, other_organisation):
    first = share_add(actor=manager, record=casefile, organisation=other_organisation)
    second = share_add(actor=manager, record=casefile, organisation=other_organisation)
    assert first.pk == second.pk
    assert casefile.shares.count() == 1


def test_a_share_names_exactly_one_organisation_or_one_person(
    casefile, manager, stranger, other_organisation
):
    with pytest.raises(ValueError, match="exactly one"):
        share_add(actor=manager, record=casefile)
    with pytest.raises(ValueError, match="exactly one"):
        share_add(actor=manager, record=casefile, organisation=other_organisation, person=stranger)


def test_a_not_found_for_an_existing_record_writes_a_permission_denied_row(
    client, casefile, stranger, organisation
):
    client.force_login(stranger)
    before = last_audit_pk()
    assert client.get(casefile.get_absolute_url()).status_code == 404
    rows = list(audit_rows_since(before))
    assert [(r.action, r.actor, r.target_type, r.target_id) for r in rows] == [
        (AuditAction.PERMISSION_DENIED, stranger, "isolation.casefile", str(casefile.pk))
    ]
    # The refusal is filed under the organisation whose record was looked for, so its
    # managers see it in their audit log.
    assert rows[0].organisation == organisation


def test_a_record_that_does_not_exist_is_not_found_without_an_audit_row(client, casefile, stranger):
    client.force_login(stranger)
    before = last_audit_pk()
    assert client.get(f"/isolation/casefiles/{casefile.pk + 1000}/").status_code == 404
    assert not audit_rows_since(before).exists()


def test_a_successful_view_writes_a_view_row_not_a_refusal(client, casefile, manager):
    client.force_login(manager)
    before = last_audit_pk()
    client.get(casefile.get_absolute_url())
    assert [(r.action, r.target_id) for r in audit_rows_since(before)] == [("view", str(casefile.pk))]
