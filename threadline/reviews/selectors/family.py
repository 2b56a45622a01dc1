"""Reading what is recorded about the family and the child.

The caller has already found the review through `review_for` (404 across organisations) and
checked `policies.can_see_family`; these read that one review's records and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from ..domain.family import (
    ConsentStanding,
    consent_now,
    contacts_summary,
    involvement_summary,
    strategy_summary,
    views_summary,
)
from ..models import (
    ConsentSubject,
    DraftReportFeedback,
    FamilyConsent,
    FamilyContact,
    FamilyLiaisonStrategy,
    FamilyView,
    Review,
)


def family_strategy_of(review: Review) -> FamilyLiaisonStrategy | None:
    """The strategy once saved (a row at version 0 is a save that never completed)."""
    return (
        FamilyLiaisonStrategy.objects.filter(review=review, version__gt=0)
        .select_related("updated_by")
        .first()
    )


def family_strategy_version(review: Review) -> int:
    strategy = FamilyLiaisonStrategy.objects.filter(review=review).only("version").first()
    return strategy.version if strategy else 0


def family_contacts_of(review: Review) -> QuerySet[FamilyContact]:
    """Newest first."""
    return FamilyContact.objects.filter(review=review).order_by("-contacted_on", "-pk")


def family_views_of(review: Review) -> QuerySet[FamilyView]:
    """In the order they were captured."""
    return FamilyView.objects.filter(review=review).order_by("captured_on", "pk")


def family_consents_of(review: Review) -> QuerySet[FamilyConsent]:
    """Every consent decision, newest first: the history."""
    return FamilyConsent.objects.filter(review=review).order_by("-on", "-pk")


def family_consent_now(review: Review) -> list[ConsentStanding]:
    """The decision that stands for each person and subject, with the ones it replaced."""
    return consent_now(list(family_consents_of(review)), ConsentSubject.values)


def family_feedback_of(review: Review) -> QuerySet[DraftReportFeedback]:
    """In the order it was received."""
    return DraftReportFeedback.objects.filter(review=review).order_by("received_on", "pk")


def family_feedback_item(review: Review, pk) -> DraftReportFeedback | None:
    """One piece of feedback of this review (None for another review's)."""
    return family_feedback_of(review).filter(pk=pk).first()


@dataclass(frozen=True)
class FamilyForReport:
    """What the report takes from the family: their views (the child's first) and their
    feedback on the draft with what was done, and whether each person agreed to be quoted."""

    views: list[FamilyView] = field(default_factory=list)
    feedback: list[DraftReportFeedback] = field(default_factory=list)
    consent_to_quote: list[ConsentStanding] = field(default_factory=list)


def views_for_report(review: Review) -> FamilyForReport:
    views = sorted(family_views_of(review), key=lambda view: not view.is_the_child)
    quoting = [
        standing
        for standing in family_consent_now(review)
        if standing.subject == ConsentSubject.VIEWS_IN_REPORT
    ]
    return FamilyForReport(views=views, feedback=list(family_feedback_of(review)), consent_to_quote=quoting)


def recorded_items(review: Review) -> dict[str, str]:
    """For the stage pages: a summary of each family item that is recorded (counts and dates
    only, never what anyone said), and no key for an item that is not."""
    items: dict[str, str] = {}
    strategy = family_strategy_of(review)
    if strategy is not None:
        saved_on = timezone.localdate(strategy.updated_at) if strategy.updated_at else None
        items["family-liaison-strategy"] = strategy_summary(version=strategy.version, saved_on=saved_on)
    contacts = FamilyContact.objects.filter(review=review).aggregate(
        count=Count("pk"), last=Max("contacted_on")
    )
    views = FamilyView.objects.filter(review=review).aggregate(
        count=Count("pk"), from_the_child=Count("pk", filter=Q(is_the_child=True))
    )
    contact_count, view_count, from_the_child = contacts["count"], views["count"], views["from_the_child"]
    if contact_count:
        items["family-contacts"] = contacts_summary(count=contact_count, last_on=contacts["last"])
    if contact_count or view_count:
        items["family-involvement"] = involvement_summary(
            contacts=contact_count, views=view_count, from_the_child=from_the_child
        )
    if view_count:
        items["family-views"] = views_summary(count=view_count, from_the_child=from_the_child)
    return items
