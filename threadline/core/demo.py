"""The invented demonstration data loaded by `make run`: organisations across the four
nations, and one person per role. Everything here is fictional."""

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction

from .models import Membership, Organisation, OrganisationType, Role, User
from .services import organisation_create, person_create, system_administrator_bootstrap

DEMO_PASSWORD = "demo-threadline-learning"
# A known secret so people trying the demo can sign in: `python manage.py demo_totp` prints the code.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"
BASE_URL = "http://127.0.0.1:8000"

ORGANISATIONS = [
    ("Northbridge Youth Justice Service", OrganisationType.YOUTH_JUSTICE_SERVICE, "england"),
    ("Northbridge Children's Services", OrganisationType.CHILDRENS_SERVICES, "england"),
    ("Midshire Police", OrganisationType.POLICE, "england"),
    ("Northbridge Integrated Care Board", OrganisationType.HEALTH, "england"),
    ("Northbridge Schools Service", OrganisationType.EDUCATION, "england"),
    ("Midshire Probation Delivery Unit", OrganisationType.PROBATION, "england"),
    ("Afonwen Youth Justice Service", OrganisationType.YOUTH_JUSTICE_SERVICE, "wales"),
    ("Glenmoray Council Social Work", OrganisationType.CHILDRENS_SERVICES, "scotland"),
    ("Loughside Youth Justice Service", OrganisationType.YOUTH_JUSTICE_SERVICE, "northern-ireland"),
    ("Youth Justice Oversight Board", OrganisationType.NATIONAL_BODY, "england"),
    ("Children's Services Inspectorate", OrganisationType.INSPECTORATE, "england"),
]
PARTNERSHIPS = [
    (
        "Northbridge Safeguarding Children Partnership",
        OrganisationType.SAFEGUARDING_PARTNERSHIP,
        "england",
        [
            "Northbridge Youth Justice Service",
            "Northbridge Children's Services",
            "Midshire Police",
            "Northbridge Integrated Care Board",
            "Northbridge Schools Service",
        ],
    ),
    (
        "Glenmoray Child Protection Committee",
        OrganisationType.CHILD_PROTECTION_COMMITTEE,
        "scotland",
        ["Glenmoray Council Social Work"],
    ),
]
PEOPLE = [
    (
        "manager@northbridge-yjs.example",
        "Priya Raman",
        "Head of Youth Justice",
        "Northbridge Youth Justice Service",
        [Role.SERVICE_MANAGER],
    ),
    (
        "practitioner@northbridge-yjs.example",
        "Tom Okafor",
        "Case manager",
        "Northbridge Youth Justice Service",
        [Role.PRACTITIONER],
    ),
    (
        "chair@northbridge-scp.example",
        "Helen Marsh",
        "Independent scrutineer",
        "Northbridge Safeguarding Children Partnership",
        [Role.REVIEW_CHAIR, Role.GOVERNANCE_BOARD_MEMBER],
    ),
    (
        "reviewer@northbridge-scp.example",
        "Daniel Kerr",
        "Lead reviewer",
        "Northbridge Safeguarding Children Partnership",
        [Role.REVIEWER],
    ),
    (
        "admin@northbridge-scp.example",
        "Sofia Lind",
        "Business manager",
        "Northbridge Safeguarding Children Partnership",
        [Role.REVIEW_ADMINISTRATOR, Role.TEAM_MEMBER],
    ),
    (
        "qa@northbridge-scp.example",
        "Marcus Bell",
        "Quality assurance lead",
        "Northbridge Safeguarding Children Partnership",
        [Role.QUALITY_ASSURER],
    ),
    (
        "lead@midshire-police.example",
        "DI Sarah Quinn",
        "Public protection lead",
        "Midshire Police",
        [Role.PARTNER_AGENCY_LEAD],
    ),
    (
        "liaison@northbridge-cs.example",
        "Grace Adeyemi",
        "Family liaison worker",
        "Northbridge Children's Services",
        [Role.FAMILY_LIAISON],
    ),
    (
        "reader@oversight.example",
        "Alan Birch",
        "Learning reviews officer",
        "Youth Justice Oversight Board",
        [Role.NATIONAL_BODY_READER],
    ),
    (
        "lead@glenmoray-cpc.example",
        "Fiona MacLeod",
        "Lead officer",
        "Glenmoray Child Protection Committee",
        [Role.SERVICE_MANAGER, Role.REVIEW_CHAIR],
    ),
]
ADMIN = ("sysadmin@threadline.example", "Jo Whitfield")


def _ready_to_sign_in(person: User) -> None:
    person.set_password(DEMO_PASSWORD)
    person.save(update_fields=["password"])
    if not Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(person, DEMO_TOTP_SECRET)
        RecoveryCodes.activate(person)


def load_demo() -> dict[str, int]:
    """Create the demo set; running it again adds nothing that is already there."""
    with transaction.atomic():
        admin = User.objects.filter(email=ADMIN[0]).first()
        if admin is None:
            admin = system_administrator_bootstrap(
                email=ADMIN[0],
                full_name=ADMIN[1],
                organisation_name="Threadline Support",
                nation="england",
            )
        admin.forget_roles()
        _ready_to_sign_in(admin)
        by_name = {o.name: o for o in Organisation.objects.all()}
        for name, kind, nation in ORGANISATIONS:
            if name not in by_name:
                by_name[name] = organisation_create(actor=admin, name=name, type=kind, nation=nation)
        for name, kind, nation, members in PARTNERSHIPS:
            if name not in by_name:
                by_name[name] = organisation_create(
                    actor=admin,
                    name=name,
                    type=kind,
                    nation=nation,
                    members=[by_name[m] for m in members],
                )
        for email, full_name, title, organisation, roles in PEOPLE:
            person = User.objects.filter(email=email).first()
            if person is None:
                person = person_create(
                    actor=admin,
                    email=email,
                    full_name=full_name,
                    job_title=title,
                    organisation=by_name[organisation],
                    roles=list(roles),
                    base_url=BASE_URL,
                )
            _ready_to_sign_in(person)
    return {
        "organisations": Organisation.objects.count(),
        "people": User.objects.count(),
        "memberships": Membership.objects.count(),
    }
