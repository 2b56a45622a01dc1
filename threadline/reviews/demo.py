"""Invented reviews for the demonstration: the demo incidents that have reached a review."""

from threadline.core.models import User
from threadline.incidents.models import Incident

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
    return {"reviews": Review.objects.count()}
