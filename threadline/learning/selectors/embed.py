"""Reads of embedding (seed 003 Phase 4): one review's measure series, and across the reviews
the actor may see, each review's summary for the board.

Who sees what is the tracker's rule (`tracker_rows`, `tracker_choices`), narrowed to the reviews
the actor may see (`reviews_visible_to`): an agency that only owns an action in another
partnership's review sees that action on its tracker, not that review's embedding.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from threadline.reviews.models import Review
from threadline.reviews.selectors import reviews_visible_to

from ..domain import embed as rules
from ..models import Action, ActionStatus, EmbedMeasure, Recommendation
from .actions import ActionRow, actions_of_review
from .tracker import TrackerChoices, TrackerFilters, tracker_choices, tracker_rows


def reading_of(measure: EmbedMeasure) -> rules.Reading:
    return rules.Reading(
        pk=measure.pk,
        action_id=measure.action_id,
        kind=measure.kind,
        name=measure.name,
        measured_on=measure.measured_on,
        result=measure.result,
        shows=measure.shows,
        note=measure.note,
    )


def _facts(actions: Iterable[Action]) -> list[rules.ActionFacts]:
    return [rules.ActionFacts(a.pk, a.status == ActionStatus.CHECKED_BACK) for a in actions]


def _series(action_ids: Iterable[int]) -> dict[int, list[rules.Series]]:
    measures = EmbedMeasure.objects.filter(action_id__in=list(action_ids))
    return rules.series_of(reading_of(m) for m in measures)


@dataclass(frozen=True)
class ActionEmbed:
    row: ActionRow
    series: list[rules.Series]

    @property
    def action(self) -> Action:
        return self.row.action


@dataclass(frozen=True)
class RecommendationEmbed:
    recommendation: Recommendation
    actions: list[ActionEmbed]


@dataclass(frozen=True)
class ReviewEmbed:
    recommendations: list[RecommendationEmbed]
    summary: rules.EmbedSummary
    checked_back_unmeasured: list[Action]


def review_embed(review: Review) -> ReviewEmbed:
    """The review's live actions by recommendation, each with its measure series. The caller
    has found the review through `review_for`."""
    groups = actions_of_review(review)
    actions = [row.action for _, rows in groups for row in rows]
    series = _series(a.pk for a in actions)
    summary = rules.summarise(_facts(actions), series)
    by_pk = {a.pk: a for a in actions}
    return ReviewEmbed(
        recommendations=[
            RecommendationEmbed(r, [ActionEmbed(row, series.get(row.action.pk, [])) for row in rows])
            for r, rows in groups
        ],
        summary=summary,
        checked_back_unmeasured=[by_pk[pk] for pk in summary.checked_back_unmeasured],
    )


@dataclass(frozen=True)
class BoardRow:
    review: Review
    summary: rules.EmbedSummary


def board_rows(actor, filters: TrackerFilters) -> list[BoardRow]:
    """One row per review the actor may see with an action the filters keep (board, review,
    theme), counted over those actions, in the order of the reviews' references."""
    narrowed = TrackerFilters(
        lead_organisation=filters.lead_organisation, review=filters.review, theme=filters.theme
    )
    actions = [row.action for row in tracker_rows(actor, narrowed)]
    visible = set(
        reviews_visible_to(actor).filter(pk__in={a.review_id for a in actions}).values_list("pk", flat=True)
    )
    by_review: dict[int, list[Action]] = {}
    for action in actions:
        if action.review_id in visible:
            by_review.setdefault(action.review_id, []).append(action)
    series = _series(a.pk for found in by_review.values() for a in found)
    rows = [BoardRow(found[0].review, rules.summarise(_facts(found), series)) for found in by_review.values()]
    return sorted(rows, key=lambda r: (r.review.incident.reference, r.review.pk))


def board_choices(actor) -> TrackerChoices:
    """The tracker's choices of board, review and theme, without the reviews the actor may not
    see (those in which their organisation only owns an action)."""
    choices = tracker_choices(actor)
    visible = set(
        reviews_visible_to(actor).filter(pk__in=[r.pk for r in choices.reviews]).values_list("pk", flat=True)
    )
    reviews = [r for r in choices.reviews if r.pk in visible]
    boards = {r.lead_organisation_id for r in reviews}
    return replace(
        choices,
        reviews=reviews,
        lead_organisations=[o for o in choices.lead_organisations if o.pk in boards],
    )
