"""Invented review teams and agencies involved for the demonstration reviews: one team settled
after the chair decided on a declared conflict, one still waiting on a warned quality assurer,
one settled with no conflict. Everything goes through the services; running it again adds
nothing."""

from threadline.core.models import Organisation, User

from .models import InvolvedAgency, ReviewTeamMember
from .services.team import (
    involved_agency_add,
    team_conflict_handle,
    team_member_add,
    team_member_declare,
)

# By the demo incident's submission key: who manages the team, who decides on conflicts, the
# agencies involved, and the members (role, a Threadline person's e-mail or typed details,
# organisation, line-managed the case, declaration, the chair's decision on a conflict).
DEMO = {
    "demo-yjs-2": {
        "manager": "manager@northbridge-yjs.example",
        "decider": "manager@northbridge-yjs.example",
        "agencies": [
            ("Northbridge Youth Justice Service", "Supervised the child on a youth rehabilitation order."),
            ("Northbridge Children's Services", "Child in need plan since 2023; two strategy meetings."),
            ("Midshire Police", "Three missing episodes reported in the six months before the incident."),
            ("Northbridge Schools Service", "Reduced timetable and a managed move in 2024."),
        ],
        "members": [
            {"role": "chair", "person": "manager@northbridge-yjs.example", "declare": "independent"},
            {"role": "lead-reviewer", "person": "reviewer@northbridge-scp.example", "declare": "independent"},
            {
                "role": "lead-reviewer",
                "name": "Rachel Obi",
                "email": "rachel.obi@northbridge-yjs.example",
                "job_title": "Practice manager",
                "organisation": "Northbridge Youth Justice Service",
                "line_managed_case": True,
                "declare": "conflict",
                "declaration": "I supervised the child's case manager until January 2025.",
                "handling": "Rachel co-reviews with Daniel Kerr, who leads on management oversight and "
                "supervision; she takes no part in judging decisions she signed off.",
            },
            {"role": "administrator", "person": "admin@northbridge-scp.example", "declare": "independent"},
            {"role": "quality-assurer", "person": "qa@northbridge-scp.example", "declare": "independent"},
        ],
    },
    "demo-english-1": {
        "manager": "chair@northbridge-scp.example",
        "decider": "chair@northbridge-scp.example",
        "agencies": [
            ("Northbridge Children's Services", "Allocated social worker; child protection plan in 2024."),
            ("Northbridge Integrated Care Board", "Health visiting and two emergency department visits."),
            ("Northbridge Schools Service", "Attendance concerns raised by the primary school."),
        ],
        "members": [
            {"role": "chair", "person": "chair@northbridge-scp.example", "declare": "independent"},
            {"role": "lead-reviewer", "person": "reviewer@northbridge-scp.example", "declare": "independent"},
            {
                "role": "team-member",
                "name": "Dr Imran Shah",
                "email": "imran.shah@northbridge-icb.example",
                "job_title": "Designated doctor for safeguarding",
                "organisation": "Northbridge Integrated Care Board",
                "declare": "independent",
            },
            {"role": "administrator", "person": "admin@northbridge-scp.example", "declare": "independent"},
            {
                "role": "quality-assurer",
                "name": "Joanne Hart",
                "email": "joanne.hart@northbridge-cs.example",
                "job_title": "Principal social worker",
                "organisation": "Northbridge Children's Services",
            },
        ],
    },
    "demo-scottish-1": {
        "manager": "lead@glenmoray-cpc.example",
        "decider": "lead@glenmoray-cpc.example",
        "agencies": [
            ("Glenmoray Council Social Work", "Looked after at home; child's plan reviewed in 2024."),
        ],
        "members": [
            {"role": "chair", "person": "lead@glenmoray-cpc.example", "declare": "independent"},
            {
                "role": "lead-reviewer",
                "name": "Alasdair Grant",
                "email": "alasdair.grant@reviewers.example",
                "job_title": "Independent reviewer",
                "organisation": "Glenmoray Child Protection Committee",
                "declare": "independent",
                "declaration": "No contact with the child, the family or the practitioners.",
            },
            {
                "role": "team-member",
                "name": "Kirsty Bain",
                "email": "kirsty.bain@glenmoray-sw.example",
                "job_title": "Team manager, children and families",
                "organisation": "Glenmoray Council Social Work",
                "declare": "independent",
            },
            {
                "role": "administrator",
                "name": "Morag Elder",
                "email": "morag.elder@glenmoray-cpc.example",
                "job_title": "Learning and development officer",
                "organisation": "Glenmoray Child Protection Committee",
                "declare": "independent",
            },
        ],
    },
}


def _add_member(review, actor, decider, spec: dict, organisations: dict) -> None:
    person = User.objects.filter(email=spec["person"]).first() if "person" in spec else None
    email = person.email if person else spec["email"]
    current = ReviewTeamMember.objects.filter(review=review, role=spec["role"], removed_at__isnull=True)
    if current.filter(email__iexact=email).exists() or ("person" in spec and person is None):
        return
    member = team_member_add(
        actor=actor,
        review=review,
        role=spec["role"],
        person=person,
        organisation=organisations.get(spec.get("organisation", "")),
        name=spec.get("name", ""),
        email=email,
        job_title=spec.get("job_title", ""),
        line_managed_case=spec.get("line_managed_case", False),
    )
    if "declare" not in spec:
        return
    member = team_member_declare(
        actor=actor,
        member=member,
        independence=spec["declare"],
        declaration=spec.get("declaration", ""),
    )
    if "handling" in spec:
        team_conflict_handle(actor=decider, member=member, handling=spec["handling"])


def load_demo_data(reviews) -> None:
    organisations = {o.name: o for o in Organisation.objects.all()}
    for review in reviews:
        plan = DEMO.get(review.incident.submission_key)
        if plan is None:
            continue
        actor = User.objects.filter(email=plan["manager"]).first()
        decider = User.objects.filter(email=plan["decider"]).first()
        if actor is None or decider is None:
            continue
        for name, involvement in plan["agencies"]:
            organisation = organisations.get(name)
            listed = InvolvedAgency.objects.filter(
                review=review, organisation=organisation, removed_at__isnull=True
            ).exists()
            if organisation is not None and not listed:
                involved_agency_add(
                    actor=actor, review=review, organisation=organisation, involvement=involvement
                )
        for spec in plan["members"]:
            _add_member(review, actor, decider, spec, organisations)
