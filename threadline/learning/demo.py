"""Invented learning for the demonstration: on the youth justice demo review, two findings with
the evidence behind them, a recommendation in CLEAR form made from them, and two actions for two
agencies, one due soon, the first with two readings of its indicator. Everything is fictional and
goes through the services; running it again adds nothing."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from threadline.core.calendars import calendar_for_organisation
from threadline.core.models import Organisation, User
from threadline.reviews import demo_governance
from threadline.reviews.models import Review

from .models import Action, EmbedMeasure, Finding, Recommendation, Theme
from .selectors import findings as read
from .services.actions import action_create
from .services.findings import finding_add
from .services.measures import embed_measure_add
from .services.recommendations import recommendation_add

INCIDENT = "demo-yjs-2"
AUTHOR = "manager@northbridge-yjs.example"
FINDINGS = [
    {
        "kind": "learning",
        "title": "Missing episodes were not linked to exploitation",
        "text": "Two missing episodes ended at an address known to police for drug supply. Neither was "
        "shared with the youth justice service or the school, and no one linked them to exploitation.",
        "themes": ["exploitation", "information-sharing"],
        "words": "missing",
    },
    {
        "kind": "learning",
        "title": "A disclosure of debt was not referred",
        "text": "In custody the young person said she owed money to 'older boys'. The disclosure was not "
        "referred through the National Referral Mechanism and the reasons were not recorded.",
        "themes": ["exploitation"],
        "words": "custody",
    },
]
RECOMMENDATION = {
    "title": "Share exploitation concerns with the youth justice service the same working day",
    "parts": {
        "case_for_change": "Police knew of missing episodes at an address linked to drug supply for five "
        "months before the youth justice service did; the risk grew unseen.",
        "learning": "Every missing episode and disclosure of debt must reach the agencies working with "
        "the child the same working day, through the exploitation panel.",
        "evidence": "The police chronology (missing reports and the custody record) and the case "
        "manager's supervision notes.",
        "responsibility": "Midshire Police public protection unit sends the notices; the youth justice "
        "service's head of service makes sure each is acted on.",
        "outcome": "90% of missing episodes of children known to the service shared within one "
        "working day, measured by a quarterly audit of 20 cases.",
    },
    "organisations": ["Midshire Police", "Northbridge Youth Justice Service"],
}
# (description, level, owning organisation, owner, success measure, working days from today to the
# due date)
ACTIONS = [
    (
        "Agree a same-day notice from the public protection unit to the youth justice service for "
        "every missing episode of a child it supervises",
        "strategic",
        "Midshire Police",
        "lead@midshire-police.example",
        "The notice in use, and every missing episode in a month's audit notified the same day",
        4,
    ),
    (
        "Brief every case manager on recognising debt bondage and making a National Referral "
        "Mechanism referral",
        "operational",
        "Northbridge Youth Justice Service",
        "practitioner@northbridge-yjs.example",
        "All case managers briefed; referrals recorded with their reasons",
        20,
    ),
]


def _findings(review, author) -> list[Finding]:
    themes = {t.key: t.pk for t in Theme.objects.all()}
    documents = [d.pk for d in read.evidence_documents(review)][:1]
    meetings = [m.pk for m in read.evidence_meetings(review)][:1]
    made = []
    for spec in FINDINGS:
        found = Finding.objects.filter(review=review, title=spec["title"], removed_at__isnull=True).first()
        if found is None:
            entries = read.evidence_entries(review, words=spec["words"])
            found = finding_add(
                actor=author,
                review=review,
                kind=spec["kind"],
                title=spec["title"],
                text=spec["text"],
                theme_ids=[themes[key] for key in spec["themes"] if key in themes],
                entry_uids=[str(e.uid) for e in entries[:2]],
                document_ids=documents if not made else [],
                meeting_ids=meetings,
            )
        made.append(found)
    return made


def _recommendation(review, author, findings) -> Recommendation:
    found = Recommendation.objects.filter(
        review=review, title=RECOMMENDATION["title"], removed_at__isnull=True
    ).first()
    if found is not None:
        return found
    allowed = {o.name: o.pk for o in read.responsible_choices(review)}
    calendar = calendar_for_organisation(review.lead_organisation)
    return recommendation_add(
        actor=author,
        review=review,
        title=RECOMMENDATION["title"],
        parts=RECOMMENDATION["parts"],
        finding_ids=[f.pk for f in findings],
        organisation_ids=[allowed[name] for name in RECOMMENDATION["organisations"] if name in allowed]
        or [review.lead_organisation_id],
        review_by=calendar.add(timezone.localdate(), 125),  # about six months
    )


def _actions(recommendation, author) -> None:
    today = timezone.localdate()
    review = recommendation.review
    for description, level, organisation_name, email, measure, days in ACTIONS:
        if Action.objects.filter(recommendation=recommendation, description=description).exists():
            continue
        organisation = Organisation.objects.filter(name=organisation_name).first()
        owner = User.objects.filter(email=email).first()
        if organisation is None or owner is None:
            continue
        calendar = calendar_for_organisation(review.lead_organisation)
        due_on = calendar.add(today, days)
        action_create(
            actor=author,
            recommendation=recommendation,
            description=description,
            level=level,
            owner_organisation=organisation,
            owner=owner,
            due_on=due_on,
            success_measure=measure,
            check_back_on=due_on + timedelta(days=180),
        )


# Readings of the first action's indicator (seed 003 Phase 4): (days ago, result, what it shows).
READINGS = [(70, "58%", "not-yet"), (10, "74%", "partly")]
INDICATOR = "Exploitation concerns shared with the school the same working day"


def _measures(recommendation, author) -> None:
    action = (
        Action.objects.filter(recommendation=recommendation, removed_at__isnull=True).order_by("pk").first()
    )
    if action is None or EmbedMeasure.objects.filter(action=action).exists():
        return
    today = timezone.localdate()
    for days, result, shows in READINGS:
        embed_measure_add(
            actor=author,
            action=action,
            kind="indicator",
            name=INDICATOR,
            measured_on=today - timedelta(days=days),
            result=result,
            shows=shows,
            note="From the monthly referral audit.",
        )


def load_demo_data() -> dict[str, int]:
    review = Review.objects.filter(incident__submission_key=INCIDENT).select_related("incident").first()
    author = User.objects.filter(email=AUTHOR).first()
    if review is not None and author is not None:
        findings = _findings(review, author)
        recommendation = _recommendation(review, author, findings)
        _actions(recommendation, author)
        _measures(recommendation, author)
        # What the review sends its boards with the action plan waited for the plan.
        demo_governance.load_demo_data([review])
    return {
        "findings": Finding.objects.filter(removed_at__isnull=True).count(),
        "recommendations": Recommendation.objects.filter(removed_at__isnull=True).count(),
        "actions": Action.objects.filter(removed_at__isnull=True).count(),
        "embed measures": EmbedMeasure.objects.count(),
    }
