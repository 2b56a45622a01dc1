"""Every core service writes exactly one audit row, in the same transaction as its change."""

import pytest
from django.db import IntegrityError

from threadline.core import services
from threadline.core.access import NotAllowed
from threadline.core.models import (
    AuditAction,
    AuditEvent,
    Membership,
    Organisation,
    Role,
    Share,
    User,
)
from threadline.core.services.people import PersonRuleError
from threadline.core.testing import make_person

from .support import audit_rows_since, exactly_one_audit_row, last_audit_pk

pytestmark = pytest.mark.django_db

BASE_URL = "https://threadline.example.test/"


def test_adding_an_organisation_writes_one_create_row_naming_it(sysadmin):
    with exactly_one_audit_row() as written:
        organisation = services.organisation_create(
            actor=sysadmin, name="  Eastfield Police  ", type="police", nation="wales"
        )
    row = written.row
    assert organisation.name == "Eastfield Police"
    assert (row.action, row.target_type, row.target_id) == (
        "create",
        "core.organisation",
        str(organisation.pk),
    )
    assert row.target_label == "Eastfield Police"
    assert row.actor == sysadmin
    assert row.actor_label == "sysadmin@example.test"
    assert row.organisation == organisation
    assert row.detail == {"type": "police", "nation": "wales", "members": []}


def test_changing_an_organisation_writes_one_change_row_with_what_changed(sysadmin, organisation):
    with exactly_one_audit_row() as written:
        services.organisation_update(
            actor=sysadmin, organisation=organisation, nation="wales", description="Our arrangements"
        )
    row = written.row
    assert (row.action, row.target_id, row.organisation) == ("change", str(organisation.pk), organisation)
    assert row.detail == {"nation": {"from": "england", "to": "wales"}, "description": "changed"}
    organisation.refresh_from_db()
    assert organisation.nation == "wales"


def test_adding_a_person_writes_one_create_row_in_their_organisation(
    sysadmin, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False), exactly_one_audit_row() as written:
        person = services.person_create(
            actor=sysadmin,
            email="Nia.New@Example.Test",
            full_name="Nia New",
            organisation=organisation,
            roles=[Role.PRACTITIONER, Role.REVIEWER],
            base_url=BASE_URL,
        )
    row = written.row
    assert person.email == "nia.new@example.test"
    assert (row.action, row.target_type, row.target_id) == ("create", "core.user", str(person.pk))
    assert row.organisation == organisation
    assert row.detail == {"organisation": organisation.pk, "roles": ["practitioner", "reviewer"]}


def test_changing_a_persons_details_writes_one_change_row(sysadmin, practitioner):
    with exactly_one_audit_row() as written:
        services.person_update(
            actor=sysadmin,
            person=practitioner,
            full_name="Pat Practitioner-Jones",
            job_title="Case manager",
            email="pat@example.test",
        )
    row = written.row
    assert (row.action, row.target_id) == ("change", str(practitioner.pk))
    assert row.detail == {
        "full_name": {"from": "Pat Practitioner", "to": "Pat Practitioner-Jones"},
        "job_title": {"from": "", "to": "Case manager"},
    }


def test_setting_roles_writes_one_change_row_with_the_roles_before_and_after(
    sysadmin, practitioner, organisation
):
    with exactly_one_audit_row() as written:
        services.person_set_roles(
            actor=sysadmin, person=practitioner, organisation=organisation, roles=[Role.REVIEW_CHAIR]
        )
    row = written.row
    assert (row.action, row.target_id, row.organisation) == ("change", str(practitioner.pk), organisation)
    assert row.detail == {"roles": {"from": ["practitioner"], "to": ["review-chair"]}}
    assert set(Membership.objects.filter(user=practitioner).values_list("role", flat=True)) == {
        "review-chair"
    }


def test_deactivating_a_person_writes_one_change_row(sysadmin, practitioner):
    with exactly_one_audit_row() as written:
        services.person_deactivate(actor=sysadmin, person=practitioner)
    assert (written.row.action, written.row.detail) == ("change", {"is_active": False})
    practitioner.refresh_from_db()
    assert practitioner.is_active is False


def test_reactivating_a_person_writes_one_change_row(sysadmin, practitioner):
    User.objects.filter(pk=practitioner.pk).update(is_active=False)
    practitioner.refresh_from_db()
    with exactly_one_audit_row() as written:
        services.person_reactivate(actor=sysadmin, person=practitioner)
    assert (written.row.action, written.row.detail) == ("change", {"is_active": True})
    practitioner.refresh_from_db()
    assert practitioner.is_active is True


def test_sending_a_new_set_up_link_writes_one_change_row(
    sysadmin, practitioner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), exactly_one_audit_row() as written:
        services.person_send_set_up_link(actor=sysadmin, person=practitioner, base_url=BASE_URL)
    assert (written.row.action, written.row.target_id) == ("change", str(practitioner.pk))
    assert written.row.detail == {"set_up_link": "sent"}
    assert [m.to for m in mailoutbox] == [["pat@example.test"]]


def test_signing_a_person_out_everywhere_writes_one_sign_out_row(sysadmin, practitioner):
    salt = practitioner.session_salt
    with exactly_one_audit_row() as written:
        services.person_sign_out_everywhere(actor=sysadmin, person=practitioner)
    assert (written.row.action, written.row.detail) == ("sign-out", {"everywhere": True})
    practitioner.refresh_from_db()
    assert practitioner.session_salt != salt


def test_sharing_a_record_writes_one_change_row_on_the_record(manager, casefile, other_organisation):
    with exactly_one_audit_row() as written:
        share = services.share_add(actor=manager, record=casefile, organisation=other_organisation)
    row = written.row
    assert share.record == casefile
    assert (row.action, row.target_type, row.target_id) == ("change", "isolation.casefile", str(casefile.pk))
    assert row.organisation_id == casefile.lead_organisation_id
    assert row.detail == {"shared_with": {"organisation": other_organisation.pk, "person": None}}


def test_removing_a_share_writes_one_change_row_on_the_record(manager, casefile, stranger):
    share = services.share_add(actor=manager, record=casefile, person=stranger)
    with exactly_one_audit_row() as written:
        services.share_remove(actor=manager, share=share)
    assert (written.row.action, written.row.target_id) == ("change", str(casefile.pk))
    assert written.row.detail == {"unshared": {"organisation": None, "person": stranger.pk}}
    assert not Share.objects.exists()


def test_bootstrapping_the_first_administrator_writes_one_create_row_by_the_installation():
    with exactly_one_audit_row() as written:
        person = services.system_administrator_bootstrap(
            email="First@Example.Test",
            full_name="First Admin",
            organisation_name="Support",
            nation="scotland",
        )
    row = written.row
    assert person.is_system_administrator
    assert row.actor is None
    assert row.actor_label == "installation"
    assert (row.action, row.target_id) == ("create", str(person.pk))
    assert row.organisation.name == "Support"


def test_a_second_bootstrap_is_refused_and_writes_nothing(sysadmin):
    before = last_audit_pk()
    with pytest.raises(PersonRuleError, match="already exists"):
        services.system_administrator_bootstrap(
            email="second@example.test", full_name="Second", organisation_name="Elsewhere", nation="england"
        )
    assert not audit_rows_since(before).exists()
    assert not User.objects.filter(email="second@example.test").exists()
    assert not Organisation.objects.filter(name="Elsewhere").exists()


# A refusal by policy changes nothing and writes nothing.


def _state():
    """Everything the core services can change, to compare before and after a refusal."""
    return (
        list(Organisation.objects.values().order_by("pk")),
        list(Organisation.member_organisations.through.objects.values().order_by("pk")),
        list(User.objects.values().order_by("pk")),
        list(Membership.objects.values().order_by("pk")),
        list(Share.objects.values().order_by("pk")),
    )


REFUSED_CALLS = {
    "organisation_create": lambda actor, c: services.organisation_create(
        actor=actor, name="Westmarch", type="police", nation="england"
    ),
    "organisation_update": lambda actor, c: services.organisation_update(
        actor=actor, organisation=c.organisation, name="Renamed"
    ),
    "person_create": lambda actor, c: services.person_create(
        actor=actor,
        email="new@example.test",
        full_name="New",
        organisation=c.organisation,
        roles=[Role.PRACTITIONER],
        base_url=BASE_URL,
    ),
    "person_update": lambda actor, c: services.person_update(
        actor=actor, person=c.colleague, full_name="Changed", job_title="", email=c.colleague.email
    ),
    "person_set_roles": lambda actor, c: services.person_set_roles(
        actor=actor, person=c.colleague, organisation=c.organisation, roles=[Role.SYSTEM_ADMINISTRATOR]
    ),
    "person_deactivate": lambda actor, c: services.person_deactivate(actor=actor, person=c.colleague),
    "person_reactivate": lambda actor, c: services.person_reactivate(actor=actor, person=c.colleague),
    "person_send_set_up_link": lambda actor, c: services.person_send_set_up_link(
        actor=actor, person=c.colleague, base_url=BASE_URL
    ),
    "person_sign_out_everywhere": lambda actor, c: services.person_sign_out_everywhere(
        actor=actor, person=c.colleague
    ),
    "share_add": lambda actor, c: services.share_add(
        actor=actor, record=c.casefile, organisation=c.elsewhere
    ),
    "share_remove": lambda actor, c: services.share_remove(actor=actor, share=c.share),
}


@pytest.mark.parametrize("actor_role", [Role.PRACTITIONER, Role.SERVICE_MANAGER])
@pytest.mark.parametrize("service", sorted(REFUSED_CALLS))
def test_a_service_refused_by_policy_changes_nothing_and_writes_no_audit_row(
    service,
    actor_role,
    organisation,
    other_organisation,
    casefile,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    from types import SimpleNamespace

    lead_manager = make_person(organisation, Role.SERVICE_MANAGER)
    share = services.share_add(actor=lead_manager, record=casefile, person=make_person(other_organisation))
    # Managers may share records their organisation leads, so they are refused on another's record.
    actor = make_person(
        other_organisation if actor_role == Role.SERVICE_MANAGER else organisation, actor_role
    )
    context = SimpleNamespace(
        organisation=organisation,
        colleague=make_person(organisation, Role.PRACTITIONER),
        casefile=casefile,
        elsewhere=other_organisation,
        share=share,
    )
    before_state, before_pk = _state(), last_audit_pk()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(NotAllowed):
        REFUSED_CALLS[service](actor, context)
    assert _state() == before_state
    assert not audit_rows_since(before_pk).exists()
    assert mailoutbox == []


def test_a_person_may_sign_themselves_out_everywhere_but_not_a_colleague(practitioner, organisation):
    colleague = make_person(organisation)
    with exactly_one_audit_row():
        services.person_sign_out_everywhere(actor=practitioner, person=practitioner)
    with pytest.raises(NotAllowed):
        services.person_sign_out_everywhere(actor=practitioner, person=colleague)


def test_a_deactivated_administrator_can_no_longer_use_the_services(sysadmin, organisation):
    User.objects.filter(pk=sysadmin.pk).update(is_active=False)
    sysadmin.refresh_from_db()
    with pytest.raises(NotAllowed):
        services.organisation_create(actor=sysadmin, name="Late", type="police", nation="england")


# A failure inside the transaction rolls back the change and its audit row together.


def _audit_then_fail(monkeypatch, module):
    real = module.audit_record

    def audit_then_fail(**kwargs):
        real(**kwargs)
        raise RuntimeError("the database went away")

    monkeypatch.setattr(module, "audit_record", audit_then_fail)


def test_a_failure_after_the_audit_row_rolls_back_the_new_organisation_and_its_row(monkeypatch, sysadmin):
    from threadline.core.services import organisations

    _audit_then_fail(monkeypatch, organisations)
    before = last_audit_pk()
    with pytest.raises(RuntimeError):
        services.organisation_create(actor=sysadmin, name="Eastfield Police", type="police", nation="england")
    assert not Organisation.objects.filter(name="Eastfield Police").exists()
    assert not audit_rows_since(before).exists()


def test_a_failure_after_the_audit_row_rolls_back_the_new_person_and_sends_no_email(
    monkeypatch, sysadmin, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    from threadline.core.services import people

    _audit_then_fail(monkeypatch, people)
    before = last_audit_pk()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        services.person_create(
            actor=sysadmin,
            email="nia@example.test",
            full_name="Nia New",
            organisation=organisation,
            roles=[Role.PRACTITIONER],
            base_url=BASE_URL,
        )
    assert callbacks == []
    assert mailoutbox == []
    assert not User.objects.filter(email="nia@example.test").exists()
    assert not Membership.objects.filter(user__email="nia@example.test").exists()
    assert not audit_rows_since(before).exists()


def test_a_failure_after_the_audit_row_keeps_the_person_active(monkeypatch, sysadmin, practitioner):
    from threadline.core.services import people

    _audit_then_fail(monkeypatch, people)
    salt, before = practitioner.session_salt, last_audit_pk()
    with pytest.raises(RuntimeError):
        services.person_deactivate(actor=sysadmin, person=practitioner)
    practitioner.refresh_from_db()
    assert practitioner.is_active is True
    assert practitioner.session_salt == salt
    assert not audit_rows_since(before).exists()


def test_a_failure_after_the_audit_row_rolls_back_the_share(
    monkeypatch, manager, casefile, other_organisation
):
    from threadline.core.services import sharing

    _audit_then_fail(monkeypatch, sharing)
    before = last_audit_pk()
    with pytest.raises(RuntimeError):
        services.share_add(actor=manager, record=casefile, organisation=other_organisation)
    assert not Share.objects.exists()
    assert not audit_rows_since(before).exists()


def test_a_clashing_name_fails_in_the_database_and_writes_no_audit_row(sysadmin, organisation):
    before = last_audit_pk()
    with pytest.raises(IntegrityError):
        services.organisation_create(actor=sysadmin, name=organisation.name, type="police", nation="england")
    assert Organisation.objects.filter(name=organisation.name).count() == 1
    assert not audit_rows_since(before).exists()


def test_every_row_written_by_a_service_can_be_found_by_its_target(sysadmin, practitioner):
    services.person_deactivate(actor=sysadmin, person=practitioner)
    services.person_reactivate(actor=sysadmin, person=practitioner)
    found = AuditEvent.objects.filter(target_type="core.user", target_id=str(practitioner.pk))
    assert [e.detail for e in found.order_by("pk")] == [{"is_active": False}, {"is_active": True}]
    assert all(e.action == AuditAction.CHANGE for e in found)
