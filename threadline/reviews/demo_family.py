"""Invented family records for the demonstration reviews: a liaison strategy, contacts, the
child's and the family's views, consent, and feedback on the draft report. Nobody here is
real; the words were written for the demonstration."""

from datetime import date, timedelta

from django.utils import timezone

from threadline.core.models import Membership, Role

from .models import FamilyContact, FamilyLiaisonStrategy
from .services.family import (
    family_consent_record,
    family_contact_record,
    family_feedback_record,
    family_feedback_respond,
    family_strategy_save,
    family_view_record,
)

# Who records for the family in the demo, most fitting first.
RECORDERS = (Role.FAMILY_LIAISON, Role.REVIEWER, Role.REVIEW_CHAIR, Role.SERVICE_MANAGER)

STRATEGY = {
    "liaison_people": "The lead reviewer, with the review chair at the first meeting\n"
    "The child's allocated social worker, as the family's key contact throughout",
    "strategy": "The family are the child, their mother, their stepfather and their older sister.\n\n"
    "The social worker who knows the family tells the mother about the review by telephone, then "
    "in a letter that explains its purpose plainly. The family choose whether, how and when to "
    "take part.\n\n"
    "The first meeting is at the family home, or a neutral place if they prefer. The child is "
    "offered a separate meeting with their advocate present. The family are met before the "
    "practitioner event so that their views can be taken into it.\n\n"
    "The family see the report before its final draft. The findings are fed back in person, "
    "with support from their social worker available afterwards.",
}

# (days after the start, who in the family, how, what they said)
CONTACTS = [
    (
        1,
        "The child's mother",
        "phone",
        "Told about the review and what it is for. She said she would think about it and asked for "
        "it in writing.",
    ),
    (3, "The child's mother", "letter", "Letter sent explaining the review. No reply yet."),
    (
        8,
        "The child's mother and stepfather",
        "in-person",
        "Met at home. She said: “Everyone had a plan for him, nobody asked us what would help.”\n"
        "They want to take part and asked that the school is included.",
    ),
]

# (days after the start, whose, the child's own?, their words, how captured)
VIEWS = [
    (
        9,
        "",
        True,
        "I told my youth worker I didn’t feel safe going that way home.\n"
        "They said they’d sort it. Then nothing happened.",
        "At a youth club, with their advocate",
    ),
    (
        8,
        "The child's mother",
        False,
        "I rang the school three times. Each time it was someone new.\nI stopped ringing.",
        "At the home visit",
    ),
]


def _recorder(review):
    memberships = Membership.objects.filter(organisation_id=review.lead_organisation_id, role__in=RECORDERS)
    by_role = {m.role: m.user for m in memberships.select_related("user")}
    return next((by_role[role] for role in RECORDERS if role in by_role), None)


def _day(start: date, days: int) -> date:
    return min(start + timedelta(days=days), timezone.localdate())


def _start_of(review) -> date:
    return timezone.localdate(review.incident.notified_at)


def load_demo_data(reviews) -> None:
    """Add the invented family records to each review that has none yet."""
    for review in reviews:
        actor = _recorder(review)
        has_some = (
            FamilyContact.objects.filter(review=review).exists()
            or FamilyLiaisonStrategy.objects.filter(review=review).exists()
        )
        if actor is None or has_some:
            continue
        start = _start_of(review)
        family_strategy_save(actor=actor, review=review, base_version=0, **STRATEGY)
        for days, member, method, said in CONTACTS:
            family_contact_record(
                actor=actor,
                review=review,
                contacted_on=_day(start, days),
                family_member=member,
                made_by=actor.full_name,
                method=method,
                what_was_said=said,
            )
        for days, whose, is_the_child, words, how in VIEWS:
            family_view_record(
                actor=actor,
                review=review,
                whose=whose,
                is_the_child=is_the_child,
                words=words,
                captured_on=_day(start, days),
                how_captured=how,
            )
        for subject, status, days in (
            ("taking-part", "given", 8),
            ("views-in-report", "given", 8),
            ("publication", "given", 8),
            ("publication", "withdrawn", 14),
        ):
            family_consent_record(
                actor=actor,
                review=review,
                person="The child's mother",
                subject=subject,
                status=status,
                on=_day(start, days),
                note="Wants the report published only once the criminal case ends."
                if status == "withdrawn"
                else "",
            )
        answered = family_feedback_record(
            actor=actor,
            review=review,
            from_whom="The child's mother",
            received_on=_day(start, 20),
            feedback="The report says we missed appointments. We moved house twice and nobody sent the "
            "letters on.",
        )
        family_feedback_respond(
            actor=actor,
            feedback=answered,
            response="The report now says the letters went to the old address, and the finding on "
            "missed appointments was changed. Shared with the mother at a home visit.",
            responded_on=_day(start, 22),
        )
        family_feedback_record(
            actor=actor,
            review=review,
            from_whom="The child's older sister",
            received_on=_day(start, 23),
            feedback="It doesn’t say how scared he was.",
        )
