from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from .. import policies
from ..access import require
from ..domain.errors import RuleError
from ..models import AuditAction, Membership, Organisation, Role, User
from ..models.people import _new_session_salt
from .audit import audit_record


class PersonRuleError(RuleError):
    """A change to a person that breaks a rule."""


def _set_up_url(person: User, base_url: str) -> str:
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(person),
            "key": default_token_generator.make_token(person),
        },
    )
    return base_url.rstrip("/") + path


def _send_set_up_email(person: User, base_url: str) -> None:
    context = {"person": person, "set_up_url": _set_up_url(person, base_url)}
    send_mail(
        subject="Threadline: set up your account",
        message=render_to_string("core/email/set_up_account.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[person.email],
    )


def person_create(
    *,
    actor,
    email: str,
    full_name: str,
    job_title: str = "",
    organisation: Organisation,
    roles: list[str],
    base_url: str,
) -> User:
    """Create a person with their first organisation and roles, and e-mail them a set-up link."""
    require(policies.can_manage_people(actor))
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise PersonRuleError("A person with this e-mail address already exists", field="email")
    if not roles:
        raise PersonRuleError("Choose at least one role", field="roles")
    with transaction.atomic():
        person = User.objects.create_user(
            email=email, full_name=full_name.strip(), job_title=job_title.strip()
        )
        Membership.objects.bulk_create(
            Membership(user=person, organisation=organisation, role=role) for role in roles
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=person,
            organisation=organisation,
            detail={"organisation": organisation.pk, "roles": sorted(roles)},
        )
        transaction.on_commit(lambda: _send_set_up_email(person, base_url))
    return person


def person_send_set_up_link(*, actor, person: User, base_url: str) -> User:
    require(policies.can_manage_people(actor))
    with transaction.atomic():
        audit_record(actor=actor, action=AuditAction.CHANGE, target=person, detail={"set_up_link": "sent"})
        transaction.on_commit(lambda: _send_set_up_email(person, base_url))
    return person


def person_update(*, actor, person: User, full_name: str, job_title: str, email: str) -> User:
    require(policies.can_manage_people(actor))
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exclude(pk=person.pk).exists():
        raise PersonRuleError("A person with this e-mail address already exists", field="email")
    with transaction.atomic():
        changed = {}
        for field, value in (
            ("full_name", full_name.strip()),
            ("job_title", job_title.strip()),
            ("email", email),
        ):
            if getattr(person, field) != value:
                changed[field] = {"from": getattr(person, field), "to": value}
                setattr(person, field, value)
        person.save()
        audit_record(actor=actor, action=AuditAction.CHANGE, target=person, detail=changed)
    return person


def person_set_roles(*, actor, person: User, organisation: Organisation, roles: list[str]) -> User:
    """Give a person exactly these roles in one organisation (none removes them from it)."""
    require(policies.can_manage_people(actor))
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise PersonRuleError(f"Unknown role: {', '.join(sorted(unknown))}", field="roles")
    if (
        person.pk == actor.pk
        and Role.SYSTEM_ADMINISTRATOR not in roles
        and person.has_role_in(organisation, Role.SYSTEM_ADMINISTRATOR)
        and len(person.organisation_ids_with_role(Role.SYSTEM_ADMINISTRATOR)) == 1
    ):
        raise PersonRuleError("You cannot remove your own system administrator role", field="roles")
    with transaction.atomic():
        before = set(
            Membership.objects.filter(user=person, organisation=organisation).values_list("role", flat=True)
        )
        after = set(roles)
        Membership.objects.filter(user=person, organisation=organisation, role__in=before - after).delete()
        Membership.objects.bulk_create(
            Membership(user=person, organisation=organisation, role=role) for role in sorted(after - before)
        )
        person.forget_roles()
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=person,
            organisation=organisation,
            detail={"roles": {"from": sorted(before), "to": sorted(after)}},
        )
    return person


def _rotate_sessions(person: User) -> None:
    person.session_salt = _new_session_salt()
    person.save(update_fields=["session_salt"])


def person_deactivate(*, actor, person: User) -> User:
    require(policies.can_manage_people(actor))
    if person.pk == actor.pk:
        raise PersonRuleError("You cannot deactivate your own account")
    with transaction.atomic():
        person.is_active = False
        person.save(update_fields=["is_active"])
        _rotate_sessions(person)
        audit_record(actor=actor, action=AuditAction.CHANGE, target=person, detail={"is_active": False})
    return person


def person_reactivate(*, actor, person: User) -> User:
    require(policies.can_manage_people(actor))
    with transaction.atomic():
        person.is_active = True
        person.save(update_fields=["is_active"])
        audit_record(actor=actor, action=AuditAction.CHANGE, target=person, detail={"is_active": True})
    return person


def person_sign_out_everywhere(*, actor, person: User) -> User:
    """End every session the person has, on every device (their own, or by an administrator)."""
    require(actor.pk == person.pk or policies.can_manage_people(actor))
    with transaction.atomic():
        _rotate_sessions(person)
        audit_record(actor=actor, action=AuditAction.SIGN_OUT, target=person, detail={"everywhere": True})
    return person


def system_administrator_bootstrap(
    *, email: str, full_name: str, organisation_name: str, nation: str
) -> User:
    """Create the very first system administrator of a new installation.

    Allowed only while no system administrator exists; afterwards administrators create
    everyone through the pages.
    """
    from ..models import OrganisationType

    with transaction.atomic():
        if Membership.objects.filter(role=Role.SYSTEM_ADMINISTRATOR).exists():
            raise PersonRuleError("A system administrator already exists")
        organisation, _ = Organisation.objects.get_or_create(
            name=organisation_name, defaults={"type": OrganisationType.OTHER, "nation": nation}
        )
        person = User.objects.create_user(email=email.strip().lower(), full_name=full_name.strip())
        Membership.objects.create(user=person, organisation=organisation, role=Role.SYSTEM_ADMINISTRATOR)
        audit_record(
            actor=None,
            actor_label="installation",
            action=AuditAction.CREATE,
            target=person,
            organisation=organisation,
            detail={"bootstrap": True, "roles": [Role.SYSTEM_ADMINISTRATOR.value]},
        )
    return person
