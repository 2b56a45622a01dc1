"""Every read of reviews starts from what the actor may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from threadline.core.models import Organisation, Share
from threadline.core.selectors import record_for, records_visible_to
from threadline.frameworks.models import Stage
from threadline.frameworks.selectors import stages_of
from threadline.incidents.domain.notification import NOTIFICATION_STAGE
from threadline.incidents.selectors import incident_timeline

from ..domain.considerations import AREAS, Area, answers_in, asks_the_nine_areas
from ..domain.costs import ApportionOption, CostHeading, CostRuleError, apportion
from ..domain.costs import Share as CostShare
from ..domain.decisions import DecisionSpec, decision_spec, records_decision
from ..domain.records import RecordField, stage_fields
from ..domain.tasklist import TaskStage, TaskStatus, can_start, skipped_stages, task_status
from ..models import (
    CostApportionment,
    Decision,
    ParallelProceeding,
    Review,
    ReviewCost,
    ReviewStatus,
    StageRecord,
    StageRecordRevision,
)

REVIEW_RELATED = (
    "incident__child",
    "incident__framework_version__framework",
    "lead_organisation",
    "started_by",
)


def reviews_visible_to(actor) -> QuerySet[Review]:
    return records_visible_to(actor, Review.objects.all()).select_related(*REVIEW_RELATED)


def review_for(actor, pk) -> Review:
    """The review, or 404 (written to the audit log) when the actor may not see it."""
    return record_for(actor, Review.objects.select_related(*REVIEW_RELATED), pk)


def review_of_incident(incident) -> Review | None:
    return Review.objects.filter(incident=incident).first()


def stages_of_review(review: Review) -> list[Stage]:
    return stages_of(review.incident.framework_version)


def stage_of_review(review: Review, key: str) -> Stage | None:
    return Stage.objects.filter(version_id=review.incident.framework_version_id, key=key).first()


def framework_key_of(review: Review) -> str:
    return review.incident.framework_version.framework.key


def fields_of(review: Review, stage: Stage) -> list[RecordField]:
    return stage_fields(
        framework_key=framework_key_of(review),
        stage_key=stage.key,
        records=list(stage.records),
        notification_stage=stage.key == NOTIFICATION_STAGE,
    )


def decision_spec_of(review: Review, stage: Stage) -> DecisionSpec | None:
    if not records_decision(stage.records):
        return None
    return decision_spec(framework_key_of(review), stage.key)


def stage_record_of(review: Review, stage: Stage) -> StageRecord | None:
    return StageRecord.objects.filter(review=review, stage=stage).select_related("updated_by").first()


def revision_data(record: StageRecord | None, version: int) -> dict:
    """What the record held at `version` (nothing at version 0)."""
    if record is None or version <= 0:
        return {}
    revision = StageRecordRevision.objects.filter(record=record, version=version).first()
    return dict(revision.data) if revision else {}


def editors_since(record: StageRecord, version: int) -> list[str]:
    """The names of the people who saved the record after `version`, in order, once each."""
    names: list[str] = []
    revisions = StageRecordRevision.objects.filter(record=record, version__gt=version).select_related(
        "saved_by"
    )
    for revision in revisions.order_by("version"):
        name = str(revision.saved_by) if revision.saved_by else "Someone"
        if name not in names:
            names.append(name)
    return names


def current_decision(review: Review, stage: Stage) -> Decision | None:
    return (
        Decision.objects.filter(review=review, stage=stage)
        .select_related("recorded_by")
        .order_by("-recorded_at", "-pk")
        .first()
    )


def decisions_of(review: Review, stage: Stage | None = None) -> QuerySet[Decision]:
    decisions = Decision.objects.filter(review=review).select_related("stage", "recorded_by")
    if stage is not None:
        decisions = decisions.filter(stage=stage)
    return decisions.order_by("-recorded_at", "-pk")


def current_decisions(review: Review) -> dict[int, Decision]:
    """The current decision of each stage, by stage id."""
    current: dict[int, Decision] = {}
    for decision in decisions_of(review):
        current.setdefault(decision.stage_id, decision)
    return current


def is_stage_done(review: Review, stage: Stage) -> bool:
    return review.incident.completions.filter(stage=stage).exists()


def done_on_of(review: Review, stage: Stage) -> date | None:
    completion = review.incident.completions.filter(stage=stage).first()
    return completion.done_on if completion else None


def reopenings_of(review: Review, stage: Stage):
    return review.reopenings.filter(stage=stage).select_related("reopened_by")


# --- the nine areas, for the report


@dataclass(frozen=True)
class ConsiderationAnswer:
    area: Area
    text: str


@dataclass(frozen=True)
class StageConsiderations:
    stage_key: str
    stage_name: str
    answers: list[ConsiderationAnswer] = field(default_factory=list)

    @property
    def by_area(self) -> dict[str, str]:
        return {answer.area.key: answer.text for answer in self.answers}

    @property
    def answered(self) -> list[ConsiderationAnswer]:
        return [answer for answer in self.answers if answer.text]


def considerations_of(review: Review) -> list[StageConsiderations]:
    """The nine areas as each stage that asks them recorded them, in stage order; every area is
    listed, with "" where it was not answered."""
    records = {r.stage_id: r.data for r in StageRecord.objects.filter(review=review)}
    framework = framework_key_of(review)
    found = []
    for stage in stages_of_review(review):
        if not asks_the_nine_areas(framework, stage.key, list(stage.records)):
            continue
        answers = answers_in(records.get(stage.pk, {}))
        found.append(
            StageConsiderations(
                stage.key, stage.name, [ConsiderationAnswer(area, answers[area.key]) for area in AREAS]
            )
        )
    return found


# --- the task list


@dataclass(frozen=True)
class TaskRow:
    stage: Stage
    status: TaskStatus
    timeline: object  # incidents.domain.timeline.TimelineRow
    decision: Decision | None

    @property
    def deadline(self):
        return self.timeline.status


def _skipped_by(review: Review, stages: list[Stage], current: dict[int, Decision]) -> set[str]:
    framework = framework_key_of(review)
    skipped: set[str] = set()
    for stage in stages:
        decision = current.get(stage.pk)
        if decision is None:
            continue
        outcome = decision_spec(framework, stage.key).outcome(decision.outcome)
        if outcome is not None:
            skipped |= set(outcome.skips)
    return skipped


def task_list(review: Review, *, today: date) -> list[TaskRow]:
    """Each stage of the review with where it stands, its deadline and its current decision."""
    stages = stages_of_review(review)
    incident = review.incident
    timeline = {row.stage.key: row for row in incident_timeline(incident, today=today)}
    events = set(incident.clock_events.values_list("event", flat=True))
    done = {key for key, row in timeline.items() if row.done_on}
    current = current_decisions(review)
    task_stages = [TaskStage(s.key, s.order, s.runs_from, s.optional) for s in stages]
    skipped = skipped_stages(task_stages, _skipped_by(review, stages, current))
    started = set(
        StageRecord.objects.filter(review=review, version__gt=0).values_list("stage_id", flat=True)
    ) | set(current)
    rows = []
    for stage, spec in zip(stages, task_stages, strict=True):
        status = task_status(
            done=stage.key in done,
            skipped=stage.key in skipped,
            startable=can_start(spec, task_stages, events=events, done=done, skipped=skipped),
            started=stage.pk in started,
        )
        rows.append(TaskRow(stage, status, timeline.get(stage.key), current.get(stage.pk)))
    return rows


def reviews_in_progress_led_by(actor) -> QuerySet[Review]:
    return reviews_visible_to(actor).filter(
        lead_organisation_id__in=actor.organisation_ids(), status=ReviewStatus.IN_PROGRESS
    )


# The home panel looks at the most recently started reviews only, to stay fast.
MAX_REVIEWS_SCANNED = 50


def stages_to_complete(actor, *, today: date, limit: int = 20) -> list[tuple[Review, TaskRow]]:
    """Stages of reviews the actor's organisations lead that their roles there complete, not
    done and able to start, soonest deadline first."""
    found = []
    for review in reviews_in_progress_led_by(actor)[:MAX_REVIEWS_SCANNED]:
        roles = actor.roles_in(review.lead_organisation_id)
        for row in task_list(review, today=today):
            if row.status in (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS) and roles & set(
                row.stage.completed_by
            ):
                found.append((review, row))
    far = date.max

    def when(pair):
        deadline = pair[1].deadline
        return (deadline.due if deadline else far, pair[0].incident.reference, pair[1].stage.order)

    return sorted(found, key=when)[:limit]


def costs_of(review) -> dict[str, ReviewCost]:
    """The review's costs by heading."""
    return {cost.heading: cost for cost in ReviewCost.objects.filter(review=review)}


def apportionment_of(review) -> CostApportionment | None:
    return CostApportionment.objects.filter(review=review).first()


def cost_partners_of(review) -> QuerySet[Organisation]:
    """The organisations that may share the costs: the lead organisation, those the review is
    shared with, and the lead organisation's partnerships and members."""
    lead = review.lead_organisation_id
    shared = Share.objects.filter(
        content_type=ContentType.objects.get_for_model(Review),
        object_id=review.pk,
        organisation__isnull=False,
    ).values("organisation_id")
    return Organisation.objects.filter(
        Q(pk=lead) | Q(pk__in=shared) | Q(member_organisations__pk=lead) | Q(partnerships__pk=lead)
    ).distinct()


@dataclass(frozen=True)
class CostSummary:
    """The costs page in one read: each heading, the totals, and each partner's part."""

    rows: list[dict]
    estimated_total: int
    actual_total: int
    apportionment: CostApportionment | None
    option_label: str
    split: list[dict]  # {"organisation", "amount", "estimated", "actual"}
    split_problem: str


def cost_summary(review) -> CostSummary:
    costs = costs_of(review)
    rows = [{"heading": h, "label": h.label, "cost": costs.get(h.value)} for h in CostHeading]
    estimated = sum(c.estimated_pence for c in costs.values())
    actual = sum(c.actual_pence or 0 for c in costs.values())
    chosen = apportionment_of(review)
    split, problem, label = [], "", ""
    if chosen is not None:
        option = ApportionOption(chosen.option)
        label = option.label
        shares = [CostShare(organisation_id=s["organisation"], amount=s["amount"]) for s in chosen.shares]
        names = Organisation.objects.in_bulk([s.organisation_id for s in shares])
        try:
            by_estimate = apportion(estimated, option, shares)
            by_actual = apportion(actual, option, shares)
        except CostRuleError as error:
            problem = str(error)
        else:
            split = [
                {
                    "organisation": names.get(s.organisation_id),
                    "amount": s.amount,
                    "unit": "%" if option.in_percent else " points",
                    "estimated": by_estimate[s.organisation_id],
                    "actual": by_actual[s.organisation_id],
                }
                for s in shares
            ]
    return CostSummary(rows, estimated, actual, chosen, label, split, problem)


def proceedings_of(review) -> QuerySet[ParallelProceeding]:
    return ParallelProceeding.objects.filter(review=review).select_related("pause")


def proceeding_of(review, pk) -> ParallelProceeding | None:
    return proceedings_of(review).filter(pk=pk).first()
