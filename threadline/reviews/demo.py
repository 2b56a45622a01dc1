"""Invented reviews for the demonstration: the demo incidents that have reached a review."""

from threadline.core.models import User
from threadline.incidents.models import Incident

from . import demo_documents, demo_family, demo_governance, demo_meetings, demo_team, demo_terms
from .models import Review
from .services import review_start

# (incident submission key of the demo incident, who starts the review)
DEMO = [
    ("demo-yjs-2", "manager@northbridge-yjs.example"),
    ("demo-english-1", "chair@northbridge-scp.example"),
    ("demo-scottish-1", "lead@glenmoray-cpc.example"),
]


def load_demo_data() -> dict[str, int]:
    for key, email in DEMO:
        incident = Incident.objects.filter(submission_key=key).first()
        actor = User.objects.filter(email=email).first()
        if incident is None or actor is None or not incident.eligible:
            continue
        review_start(actor=actor, incident=incident)
    reviews = list(
        Review.objects.filter(incident__submission_key__in=[key for key, _ in DEMO]).select_related(
            "incident__framework_version__framework", "lead_organisation"
        )
    )
    # The team first: the terms of reference start from the agencies it lists, and governance
    # links the board meetings.
    for part in (demo_team, demo_terms, demo_meetings, demo_family, demo_governance, demo_documents):
        part.load_demo_data(reviews)
    return {"reviews": Review.objects.count()}
