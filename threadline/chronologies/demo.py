"""Invented chronologies for the demonstration: each demo review asks its involved agencies for
their chronologies; Midshire Police writes and submits its chronology, then corrects it in a
second version; the youth justice service's case manager has started on theirs. Every entry is
fictional and dated from the incident. Everything goes through the services; running it again
adds nothing."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count
from django.utils import timezone

from threadline.core.models import User
from threadline.reviews.models import InvolvedAgency, Review

from .models import AgencyChronology, ChronologyEntry, ChronologyVersion
from .selectors.chronologies import incident_day, latest_version, request_defaults
from .services.entries import chronology_entry_add, chronology_entry_change
from .services.requests import chronologies_request
from .services.versions import chronology_submit, chronology_version_open

# An entry: days before the incident, precision ("day", "month" or a time "HH:MM"), source,
# author's role, what happened, who was present, the child's voice, opinion, significant.
POLICE = [
    (
        410,
        "month",
        "Niche records management system",
        "Police constable",
        "Anti-social behaviour report naming the young person among a group in the town centre. "
        "No further action.",
        "",
        "",
        "",
        False,
    ),
    (
        182,
        "22:40",
        "Missing person report (Niche)",
        "Police constable",
        "Mother reported the young person missing at 22:40. Found at 01:15 at an address in "
        "Eastfield known to police for drug supply. Returned home.",
        "Mother, two officers",
        "Said she was 'just with friends' and did not want to talk about it.",
        "The address was not linked to exploitation concerns at the time.",
        True,
    ),
    (
        150,
        "day",
        "Missing person report (Niche)",
        "Police sergeant",
        "Second missing episode. Found the next morning in the same area. Return home interview "
        "requested from children's services.",
        "Mother",
        "",
        "Pattern of missing episodes emerging; no referral to the exploitation panel made.",
        True,
    ),
    (
        64,
        "day",
        "Custody record",
        "Custody sergeant",
        "Arrested for possession of a class B drug with intent to supply. Appropriate adult "
        "attended. Released under investigation.",
        "Appropriate adult, duty solicitor",
        "Told the appropriate adult she owed money to 'older boys'.",
        "Disclosure of debt bondage should have triggered a National Referral Mechanism referral.",
        True,
    ),
]
# Found in the custody record after the first submission.
POLICE_ADDED = (
    63,
    "09:30",
    "Custody record",
    "Detective constable",
    "Voluntary interview arranged; National Referral Mechanism referral considered and not made.",
    "Detective constable",
    "",
    "",
    True,
)
POLICE_CHANGED_OPINION = (
    "Disclosure of debt bondage should have triggered a National Referral Mechanism referral; "
    "the decision not to refer was not recorded with its reasons."
)
YJS = [
    (
        120,
        "day",
        "Case management system (ChildView)",
        "Case manager",
        "Initial home visit for the youth rehabilitation order. Mother and the young person present.",
        "Mother, case manager",
        "Said she wanted to go back to school and to see her friends less.",
        "Mother appeared overwhelmed; a referral for family support is needed.",
        False,
    ),
    (
        45,
        "day",
        "Supervision session notes",
        "Case manager",
        "Missed appointment. Telephone contact with mother, who had not seen the young person for two days.",
        "",
        "",
        "",
        True,
    ),
]

# By demo incident: who asks, the note to the agencies, and which agencies write what.
DEMO = {
    "demo-yjs-2": {
        "asker": "manager@northbridge-yjs.example",
        "note": "Please include contacts with the family as well as with the young person. "
        "Questions go to the review administrator.",
        "written": {
            "Midshire Police": {
                "writer": "lead@midshire-police.example",
                "entries": POLICE,
                "submit": True,
                "correct": "Two contacts in the custody record were missed",
            },
            "Northbridge Youth Justice Service": {
                "writer": "practitioner@northbridge-yjs.example",
                "entries": YJS,
            },
        },
    },
    "demo-english-1": {"asker": "chair@northbridge-scp.example", "note": "", "written": {}},
    "demo-scottish-1": {"asker": "lead@glenmoray-cpc.example", "note": "", "written": {}},
}


def _values(incident_on: date, spec) -> dict:
    days, precision, source, role, what, present, voice, opinion, significant = spec
    day = incident_on - timedelta(days=days)
    return {
        "date": f"{day:%m/%Y}" if precision == "month" else f"{day:%d/%m/%Y}",
        "time": precision if ":" in precision else "",
        "source": source,
        "author_role": role,
        "what_happened": what,
        "who_was_present": present,
        "childs_voice": voice,
        "opinion": opinion,
        "significant": significant,
    }


def _write(chronology, plan: dict, incident_on: date) -> None:
    writer = User.objects.filter(email=plan["writer"]).first()
    if writer is None:
        return
    for spec in plan["entries"]:
        chronology_entry_add(actor=writer, chronology=chronology, values=_values(incident_on, spec))
    if not plan.get("submit"):
        return
    chronology_submit(actor=writer, chronology=chronology)
    if not plan.get("correct"):
        return
    version = chronology_version_open(actor=writer, chronology=chronology, reason=plan["correct"])
    chronology_entry_add(actor=writer, chronology=chronology, values=_values(incident_on, POLICE_ADDED))
    arrest = (
        ChronologyEntry.objects.filter(version=version, source="Custody record").order_by("position").first()
    )
    if arrest is not None:
        values = _values(incident_on, POLICE[-1])
        chronology_entry_change(
            actor=writer, entry=arrest, values={**values, "opinion": POLICE_CHANGED_OPINION}
        )
    chronology_submit(actor=writer, chronology=chronology)


def _ask(review: Review, plan: dict) -> None:
    asker = User.objects.filter(email=plan["asker"]).first()
    if asker is None:
        return
    asked = set(AgencyChronology.objects.filter(review=review).values_list("organisation_id", flat=True))
    agencies = [
        involved.organisation
        for involved in InvolvedAgency.objects.filter(review=review, removed_at__isnull=True)
        .select_related("organisation")
        .order_by("organisation__name")
        if involved.organisation_id not in asked
    ]
    if not agencies:
        return
    defaults = request_defaults(review, today=timezone.localdate())
    chronologies = chronologies_request(
        actor=asker, review=review, agencies=agencies, note=plan["note"], **defaults
    )
    incident_on = incident_day(review)
    for chronology in chronologies:
        written = plan["written"].get(chronology.organisation.name)
        version = latest_version(chronology)
        if written and version is not None and not version.entries.exists():
            _write(chronology, written, incident_on)


def load_demo_data() -> dict[str, int]:
    reviews = Review.objects.filter(incident__submission_key__in=list(DEMO)).select_related(
        "incident", "lead_organisation"
    )
    for review in reviews:
        _ask(review, DEMO[review.incident.submission_key])
    submitted = (
        ChronologyVersion.objects.filter(submitted_at__isnull=False)
        .values("chronology")
        .annotate(n=Count("pk"))
        .count()
    )
    return {
        "chronologies asked for": AgencyChronology.objects.count(),
        "chronologies submitted": submitted,
        "chronology entries": ChronologyEntry.objects.count(),
    }
