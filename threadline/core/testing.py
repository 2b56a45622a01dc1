"""Helpers every app's tests use to prove isolation between organisations.

def test_incident_is_isolated(client, incident):
    assert_isolated(client, incident.get_absolute_url(), owner=manager_of(incident))
"""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from .models import AuditAction, AuditEvent, Membership, Organisation, Role, User

TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"


def make_organisation(name: str = "", *, type: str = "youth-justice-service", nation: str = "england"):
    name = name or f"Organisation {Organisation.objects.count() + 1}"
    return Organisation.objects.create(name=name, type=type, nation=nation)


def make_person(
    organisation: Organisation | None = None,
    *roles: str,
    email: str = "",
    full_name: str = "",
    password: str | None = None,
    two_factor: bool = True,
) -> User:
    """A person with roles in one organisation, two-factor set up unless told otherwise."""
    count = User.objects.count() + 1
    person = User.objects.create_user(
        email=email or f"person{count}@example.test",
        full_name=full_name or f"Person {count}",
        password=password,
    )
    if organisation is not None:
        for role in roles or (Role.PRACTITIONER,):
            Membership.objects.create(user=person, organisation=organisation, role=role)
    if two_factor:
        TOTP.activate(person, TEST_TOTP_SECRET)
    return person


def has_two_factor(person: User) -> bool:
    return Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists()


def outsider(*roles: str) -> User:
    """Someone with the same roles in an unrelated organisation."""
    return make_person(make_organisation(), *(roles or (Role.SERVICE_MANAGER,)))


def assert_isolated(client, url: str, *, owner: User, stranger: User | None = None) -> None:
    """The owner sees the page; a person of another organisation gets 404 (never 403), and
    the refusal is in the audit log."""
    client.force_login(owner)
    seen = client.get(url)
    assert seen.status_code == 200, f"{owner} should see {url}, got {seen.status_code}"
    client.logout()
    stranger = stranger or outsider(*owner.roles_in(next(iter(owner.organisation_ids()), 0)))
    client.force_login(stranger)
    refused = AuditEvent.objects.filter(actor=stranger, action=AuditAction.PERMISSION_DENIED).count()
    response = client.get(url)
    assert response.status_code == 404, f"{stranger} should get 404 on {url}, got {response.status_code}"
    assert (
        AuditEvent.objects.filter(actor=stranger, action=AuditAction.PERMISSION_DENIED).count() == refused + 1
    ), "a refused view must be written to the audit log"
    client.logout()
