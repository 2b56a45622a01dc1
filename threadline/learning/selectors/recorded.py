"""What the learning holds of the items a review's stages list (reviews/domain/records.LINKED_ITEMS):
the findings, the good practice, the recommendations and the action plan are recorded once, on
their own pages, and each stage that lists them shows them from there and needs them there. So
are the measures of embedding recorded against the actions."""

from __future__ import annotations

from threadline.reviews.display import long_date

from ..domain import actions as rules
from ..domain import embed
from ..models import Action, EmbedMeasure, EmbedMeasureKind, Finding, FindingKind, Recommendation
from .actions import rows
from .embed import reading_of


def _count(number: int, one: str, many: str) -> str:
    return f"{number:,} {one if number == 1 else many}"


def _titles(titles: list[str], limit: int = 5) -> str:
    shown = "; ".join(titles[:limit])
    more = len(titles) - limit
    return shown + (f"; and {more:,} more" if more > 0 else "")


def _findings(review, kind: str, one: str, many: str) -> str:
    titles = list(
        Finding.objects.filter(review=review, kind=kind, removed_at__isnull=True)
        .order_by("order", "pk")
        .values_list("title", flat=True)
    )
    return f"{_count(len(titles), one, many)}: {_titles(titles)}" if titles else ""


def _recommendations(review) -> str:
    titles = list(
        Recommendation.objects.filter(review=review, removed_at__isnull=True)
        .order_by("order", "pk")
        .values_list("title", flat=True)
    )
    return f"{_count(len(titles), 'recommendation', 'recommendations')}: {_titles(titles)}" if titles else ""


def _action_plan(review) -> str:
    actions = list(
        Action.objects.filter(review=review, removed_at__isnull=True).select_related("owner_organisation")
    )
    if not actions:
        return ""
    organisations = sorted({a.owner_organisation.name for a in actions})
    text = (
        f"{_count(len(actions), 'action', 'actions')} owned by "
        f"{_count(len(organisations), 'organisation', 'organisations')} ({', '.join(organisations)})"
    )
    closed = sum(1 for a in actions if a.status in rules.CLOSED)
    overdue = sum(1 for row in rows(actions) if row.overdue)
    if closed:
        text += f"; {closed:,} evidenced or checked back"
    if overdue:
        text += f"; {overdue:,} overdue"
    return text


def _series_text(found: list[embed.Series]) -> str:
    parts = []
    for series in found[:5]:
        text = f"{series.name}: {series.latest.result} on {long_date(series.latest.measured_on)}"
        if series.change:
            text += f" ({series.change})"
        parts.append(text)
    more = len(found) - 5
    return "; ".join(parts) + (f"; and {more:,} more" if more > 0 else "")


def _embedding(review) -> dict[str, str]:
    """The embed phase's items (seed 003 Phase 4) from the measures recorded against the
    review's live actions: indicators, audits, and what their latest readings were judged to show."""
    measures = EmbedMeasure.objects.filter(action__review=review, action__removed_at__isnull=True)
    series = [s for found in embed.series_of(reading_of(m) for m in measures).values() for s in found]
    if not series:
        return {}
    indicators = [s for s in series if s.kind == EmbedMeasureKind.INDICATOR]
    audits = [s for s in series if s.kind == EmbedMeasureKind.AUDIT]
    judged = [s for s in series if s.judgement != embed.NOT_SAID]
    changes = ""
    if judged:
        counts = [(key, sum(1 for s in judged if s.judgement == key)) for key in embed.JUDGEMENTS]
        changes = "; ".join(
            f"{embed.JUDGEMENT_LABELS[key]}: {_count(n, 'measure', 'measures')}" for key, n in counts if n
        )
    actions = len({s.action_id for s in series})
    latest = max(s.latest.measured_on for s in series)
    progress = (
        f"{_count(len(series), 'measure', 'measures')} of {_count(actions, 'action', 'actions')}, "
        f"the latest on {long_date(latest)}"
    )
    if changes:
        progress += f". {changes}"
    return {
        "audit-of-progress": progress,
        "performance-indicators": _series_text(indicators),
        "audit-activity": _series_text(audits),
        "changes-to-practice-seen": changes,
    }


def recorded_items(review) -> dict[str, str]:
    learning = _findings(review, FindingKind.LEARNING, "finding", "findings")
    good = _findings(review, FindingKind.GOOD_PRACTICE, "piece of good practice", "pieces of good practice")
    recommendations = _recommendations(review)
    plan = _action_plan(review)
    return {
        "findings": learning,
        "key-findings": learning,
        "learning": learning,
        "good-practice": good,
        "recommendations": recommendations,
        "clear-strategies": recommendations,
        "action-plan": plan,
        "actions": plan,
        "actions-for-each-agency": plan,
        "action-plan-for-dissemination": plan,
    } | _embedding(review)
