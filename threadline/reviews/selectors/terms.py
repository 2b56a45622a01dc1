"""Reading a review's terms of reference and method: the current text, its versions, what to
offer, the differences between two versions, and what the stages see of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from ..domain import terms as rules
from ..domain.methods import Method, in_words, methods_offered, names_of
from ..models import Review, TermsOfReference, TermsOfReferenceVersion


def terms_of(review: Review) -> TermsOfReference | None:
    return TermsOfReference.objects.filter(review=review).select_related("updated_by").first()


def terms_versions(review: Review) -> QuerySet[TermsOfReferenceVersion]:
    """Every saved version, newest first."""
    return (
        TermsOfReferenceVersion.objects.filter(terms__review=review)
        .select_related("saved_by", "agreement_recorded_by")
        .order_by("-version")
    )


def terms_version_of(review: Review, number) -> TermsOfReferenceVersion | None:
    """One version of this review's terms (None for a number it does not have)."""
    try:
        number = int(number)
    except (TypeError, ValueError):
        return None
    return terms_versions(review).filter(version=number).first()


def agreed_version(review: Review) -> TermsOfReferenceVersion | None:
    """The version agreed last (agreements only move forward)."""
    return terms_versions(review).filter(agreed_on__isnull=False).first()


def framework_methods(review: Review) -> list[Method]:
    rows = review.incident.framework_version.methods.order_by("order")
    return [Method(row.key, row.name, row.description, row.source) for row in rows]


def offered_methods(review: Review) -> tuple[Method, ...]:
    return methods_offered(framework_methods(review))


def method_namer(review: Review):
    offered = offered_methods(review)
    return lambda keys: names_of(keys, offered)


def terms_defaults(review: Review) -> dict:
    """What a new terms of reference starts from: a scope of three years up to the incident,
    and the agencies recorded as involved, one a line."""
    incident_day = timezone.localdate(review.incident.occurred_at)
    start, end = rules.default_scope(incident_day)
    agencies = (
        review.involved_agencies.filter(removed_at__isnull=True)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    return {
        rules.SCOPE_FROM: start.isoformat(),
        rules.SCOPE_TO: end.isoformat(),
        rules.AGENCIES: "\n".join(agency.organisation.name for agency in agencies),
        rules.METHODS: [],
    }


def terms_current_data(review: Review) -> tuple[dict, int]:
    """The current parts and version, or the defaults at version 0 before the first save."""
    terms = terms_of(review)
    if terms is None or terms.version == 0:
        return terms_defaults(review), 0
    return dict(terms.data), terms.version


def terms_data_at(review: Review, version: int) -> dict:
    """What the terms held at `version` (nothing at version 0)."""
    if version <= 0:
        return {}
    found = terms_version_of(review, version)
    return dict(found.data) if found else {}


def terms_editors_since(review: Review, version: int) -> list[str]:
    """The names of the people who saved the terms after `version`, in order, once each."""
    names: list[str] = []
    for saved in terms_versions(review).filter(version__gt=version).order_by("version"):
        name = str(saved.saved_by) if saved.saved_by else "Someone"
        if name not in names:
            names.append(name)
    return names


@dataclass(frozen=True)
class TermsRow:
    label: str
    text: str
    key: str


def terms_rows(review: Review, data: dict, namer=None) -> list[TermsRow]:
    """The parts as a summary list reads them."""
    namer = namer or method_namer(review)
    return [TermsRow(part.label, rules.part_text(part, data, namer), part.key) for part in rules.PARTS]


def terms_compare(review: Review, older: TermsOfReferenceVersion, newer: TermsOfReferenceVersion):
    return rules.compare(older.data, newer.data, method_namer(review))


def _agreed_in_words(version: TermsOfReferenceVersion) -> str:
    return f"Version {version.version}, agreed on {rules.long_date(version.agreed_on)} by {version.agreed_by}"


def recorded_items(review: Review) -> dict[str, str]:
    """What the stages list that the terms of reference page records, when it is recorded."""
    found: dict[str, str] = {}
    terms = terms_of(review)
    if terms is None or terms.version == 0:
        return found
    saved_on: date = timezone.localdate(terms.updated_at) if terms.updated_at else timezone.localdate()
    found["proposed-terms-of-reference"] = f"Version {terms.version}, saved on {rules.long_date(saved_on)}"
    agreed = agreed_version(review)
    if agreed is not None:
        found["terms-of-reference"] = _agreed_in_words(agreed)
        found["terms-of-reference-or-key-lines-of-enquiry"] = _agreed_in_words(agreed)
    chosen = rules.method_keys(terms.data.get(rules.METHODS))
    if chosen and str(terms.data.get(rules.RATIONALE) or "").strip():
        found["methods"] = in_words(names_of(chosen, offered_methods(review)))
    return found
