"""The decisions a stage records, and what each may decide (issue 5 item 2).

A stage records a decision when its framework lists "decision" (or, in the Scottish
process, "recommendation") among what it records. Each decision is its own record with its
outcome, rationale, date and decision makers. The outcomes offered depend on the framework
and stage; a framework made by a system administrator, or a stage Threadline does not know,
gets a decision written in the person's own words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

DECISION_ITEMS = frozenset({"decision", "recommendation"})
# What the decision record itself holds, so the stage's own page does not ask again.
COVERED_BY_EVERY_DECISION = frozenset({"decision", "recommendation", "rationale", "decided-by"})
MAX_OUTCOME = 300
MAX_TEXT = 20_000
MAX_MAKERS = 2_000


@dataclass(frozen=True)
class Outcome:
    value: str
    label: str
    hint: str = ""
    detail_required: bool = False  # the spec's detail (reasons, alternative) must be given
    independence_required: bool = False
    skips: tuple[str, ...] = ()  # optional stages this outcome makes unnecessary
    waives: tuple[str, ...] = ()  # stage record items no longer needed after this outcome
    # The decision to review: deadlines "from the decision" run from its date (clock event).
    starts_clock: bool = False


@dataclass(frozen=True)
class DecisionSpec:
    question: str
    outcomes: tuple[Outcome, ...] = ()  # none: the outcome is written in the person's words
    detail_label: str = ""
    detail_hint: str = ""
    independence_label: str = ""
    independence: tuple[tuple[str, str], ...] = ()
    covers: frozenset[str] = COVERED_BY_EVERY_DECISION
    makers_hint: str = "Name each person who made the decision, with their role."
    source: str = ""

    @property
    def is_free(self) -> bool:
        return not self.outcomes

    def outcome(self, value: str) -> Outcome | None:
        return next((o for o in self.outcomes if o.value == value), None)

    def label_of(self, value: str) -> str:
        found = self.outcome(value)
        return found.label if found else value

    def independence_label_of(self, value: str) -> str:
        return dict(self.independence).get(value, value)


YJS = "yjs-serious-incident-review"
ENGLISH = "english-practice-review"
SCOTTISH = "scottish-learning-review"

DECISIONS: dict[tuple[str, str], DecisionSpec] = {
    # seed 000 §7.5: as part of the action plan, the heads of service decide whether a full
    # learning review should be undertaken; the issue adds at what level of independence.
    (YJS, "action-plan-and-decision"): DecisionSpec(
        question="Is a Full Learning Review needed?",
        outcomes=(
            Outcome(
                "full-learning-review",
                "Full Learning Review needed",
                independence_required=True,
                starts_clock=True,
            ),
            Outcome("no-full-learning-review", "No Full Learning Review", skips=("full-learning-review",)),
        ),
        independence_label="Level of independence",
        independence=(
            ("within-the-service", "Led within the service"),
            ("partner-led", "Led by a partner agency not involved in the case"),
            ("independent", "Led by an independent reviewer"),
        ),
        makers_hint="For example, the Head of Service for Youth Justice with the Head of Service for "
        "Safeguarding and Quality Assurance and/or the Head of Learning Academy.",
        source="seed 000 §7.5",
    ),
    # seed 001 §2.4.1: decisions made transparently, the rationale communicated, including to
    # families; §2.7.6 and Working Together: reasons given to the Panel where there is no review.
    (ENGLISH, "decision"): DecisionSpec(
        question="Will a local child safeguarding practice review be held?",
        outcomes=(
            Outcome("local-review", "Local review", starts_clock=True),
            Outcome("no-local-review", "No local review", detail_required=True),
        ),
        detail_label="Reasons for not holding a local review",
        detail_hint="Given to the Child Safeguarding Practice Review Panel and communicated to the family.",
        source="seed 001 §2.4",
    ),
    # seed 004 process map 3: recommendation to proceed, or not with a suggested alternative.
    (SCOTTISH, "recommendation"): DecisionSpec(
        question="What is the recommendation?",
        outcomes=(
            Outcome("proceed", "Proceed with consideration of a Learning Review"),
            Outcome("do-not-proceed", "Do not proceed: learn another way", detail_required=True),
        ),
        detail_label="Suggested alternative approach for learning",
        covers=COVERED_BY_EVERY_DECISION | {"alternative-approach-for-learning"},
        source="seed 004 process map 3",
    ),
    # seed 004 process map 4: the committee decides to proceed or not.
    (SCOTTISH, "committee-decision"): DecisionSpec(
        question="What did the child protection committee decide?",
        outcomes=(
            Outcome("proceed", "Proceed with a Learning Review", starts_clock=True),
            Outcome("do-not-proceed", "Do not proceed with a Learning Review"),
        ),
        makers_hint="The committee members who took the decision, with their roles.",
        source="seed 004 process map 4",
    ),
    # seed 004 "Publishing the Report": where the decision is not to publish, the exceptional
    # circumstances are noted.
    (SCOTTISH, "publication-decision"): DecisionSpec(
        question="Will the report be published?",
        outcomes=(
            Outcome("publish", "Publish the report"),
            Outcome(
                "do-not-publish",
                "Do not publish the report",
                detail_required=True,
                waives=("publication-date",),
            ),
        ),
        detail_label="Exceptional circumstances for not publishing",
        detail_hint="Noted in the minutes of the Chief Officers Group. Publish the learning separately.",
        covers=COVERED_BY_EVERY_DECISION | {"reasons-for-not-publishing"},
        source="seed 004 Publishing the Report",
    ),
}

DEFAULT_DECISION = DecisionSpec(question="What was decided?")


def records_decision(records) -> bool:
    return bool(DECISION_ITEMS & set(records))


def decision_spec(framework_key: str, stage_key: str) -> DecisionSpec:
    return DECISIONS.get((framework_key, stage_key), DEFAULT_DECISION)


@dataclass(frozen=True)
class DecisionInput:
    outcome: str
    rationale: str
    decided_on: date | None
    decision_makers: str
    independence: str = ""
    outcome_detail: str = ""


def decision_problems(
    spec: DecisionSpec, given: DecisionInput, *, today: date, earliest: date | None = None
) -> list[tuple[str, str]]:
    """Everything wrong with a decision, in the order its form asks."""
    problems: list[tuple[str, str]] = []
    outcome = (given.outcome or "").strip()
    chosen = spec.outcome(outcome)
    if not outcome:
        problems.append(("outcome", "Enter what was decided" if spec.is_free else "Select what was decided"))
    elif spec.is_free and len(outcome) > MAX_OUTCOME:
        problems.append(("outcome", f"What was decided must be {MAX_OUTCOME} characters or fewer"))
    elif not spec.is_free and chosen is None:
        problems.append(("outcome", "Select what was decided from the list"))
    if chosen is not None and chosen.independence_required:
        if given.independence not in dict(spec.independence):
            problems.append(("independence", f"Select the {spec.independence_label.lower()}"))
    if chosen is not None and chosen.detail_required and not (given.outcome_detail or "").strip():
        problems.append(("outcome_detail", f"Enter the {spec.detail_label.lower()}"))
    if len(given.outcome_detail or "") > MAX_TEXT:
        problems.append(("outcome_detail", f"The text must be {MAX_TEXT:,} characters or fewer"))
    rationale = (given.rationale or "").strip()
    if not rationale:
        problems.append(("rationale", "Enter the rationale for the decision"))
    elif len(rationale) > MAX_TEXT:
        problems.append(("rationale", f"The rationale must be {MAX_TEXT:,} characters or fewer"))
    if given.decided_on is None:
        problems.append(("decided_on", "Enter the date of the decision"))
    elif given.decided_on > today:
        problems.append(("decided_on", "The date of the decision must be today or in the past"))
    elif earliest is not None and given.decided_on < earliest:
        problems.append(("decided_on", "The date of the decision cannot be before the incident"))
    makers = (given.decision_makers or "").strip()
    if not makers:
        problems.append(("decision_makers", "Enter who made the decision"))
    elif len(makers) > MAX_MAKERS:
        problems.append(
            ("decision_makers", f"The decision makers must be {MAX_MAKERS:,} characters or fewer")
        )
    return problems
