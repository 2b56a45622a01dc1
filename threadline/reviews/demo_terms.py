"""Invented terms of reference for the demonstration reviews, written through the services: an
English review whose terms changed after the partnership agreed them, a Scottish review with
agreed terms, and a YJS review with a first draft."""

from django.utils import timezone

from threadline.core.models import User

from .models import TermsOfReference
from .selectors import terms as terms_selectors
from .services.terms import review_terms_agree, review_terms_save

# By framework: each version as (who saves it, the parts it changes), then who records the
# agreement of which version, and in whose name.
DEMO = {
    "english-practice-review": {
        "versions": [
            (
                "reviewer@northbridge-scp.example",
                {
                    "key-lines-of-enquiry": (
                        "How well did agencies share what they knew about Amara's school attendance?\n"
                        "How was the family's voice heard in the child in need plan?\n"
                        "How did the partnership respond to the referral from the school nurse?"
                    ),
                    "methods": ["independently-led-workshop", "family-child-engagement"],
                    "method-rationale": (
                        "An independently led workshop lets the practitioners involved explore the "
                        "timeline together, and the family's view is central to the learning."
                    ),
                    "timescale": (
                        "Workshop within eight weeks; report to the partnership executive within six months."
                    ),
                },
            ),
            (
                "admin@northbridge-scp.example",
                {
                    "key-lines-of-enquiry": (
                        "How well did agencies share what they knew about Amara's school attendance?\n"
                        "How was the family's voice heard in the child in need plan?\n"
                        "How did the partnership respond to the referral from the school nurse?\n"
                        "How did the transfer between health visiting teams affect the support offered?"
                    ),
                },
            ),
        ],
        "agreement": ("chair@northbridge-scp.example", 1, "the partnership executive"),
    },
    "scottish-learning-review": {
        "versions": [
            (
                "lead@glenmoray-cpc.example",
                {
                    "key-lines-of-enquiry": (
                        "What was Rory's experience of the services around him?\n"
                        "How did agencies understand the risks at home, and how did they work together?"
                    ),
                    "methods": ["systemic-review"],
                    "method-rationale": (
                        "The committee's own systemic model, as the national guidance expects."
                    ),
                    "timescale": "Report to the Child Protection Committee within six months.",
                },
            ),
        ],
        "agreement": ("lead@glenmoray-cpc.example", 1, "the Glenmoray Child Protection Committee"),
    },
    "yjs-serious-incident-review": {
        "versions": [
            (
                "manager@northbridge-yjs.example",
                {
                    "key-lines-of-enquiry": (
                        "What was known about Leah's exploitation risk, and by whom?\n"
                        "How were concerns escalated between the service, the police and the school?"
                    ),
                    "methods": ["systems-methodology", "family-child-engagement"],
                    "method-rationale": "A systems approach, with Leah and her family heard throughout.",
                    "timescale": "Full Learning Review within three months of the decision.",
                },
            ),
        ],
        "agreement": None,
    },
}


def _person(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def load_demo_data(reviews) -> None:
    for review in reviews:
        plan = DEMO.get(review.incident.framework_version.framework.key)
        if plan is None or TermsOfReference.objects.filter(review=review, version__gt=0).exists():
            continue
        values, version = terms_selectors.terms_current_data(review)
        for email, changes in plan["versions"]:
            actor = _person(email)
            if actor is None:
                break
            values = {**values, **changes}
            version = review_terms_save(
                actor=actor, review=review, values=values, base_version=version
            ).version
        if plan["agreement"] and version:
            email, number, agreed_by = plan["agreement"]
            actor = _person(email)
            if actor is not None:
                review_terms_agree(
                    actor=actor,
                    review=review,
                    version=number,
                    agreed_by=agreed_by,
                    agreed_on=timezone.localdate(),
                )
