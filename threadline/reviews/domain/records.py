"""What a stage records, as the fields of its page (frameworks are data: DESIGN §2).

Each stage of a framework lists what it records as keys ("meeting-date", "attendees",
"decision" ...). This module is the one place that turns that vocabulary into fields:

- a date for keys ending in "-date", "-on" or "-until", or named "date" or "date-..."
  ("meeting-date", "sent-to-panel-on", "date-shared");
- the nine areas of seed 000 §9 for "considerations" (and in the YJS Initial Learning Review);
- the decision record for "decision" or "recommendation", which also holds "rationale" and
  "decided-by" (and what the stage's decision covers: decisions.DecisionSpec.covers);
- an item recorded on a page of its own (the terms of reference, the team, meetings, the
  family, governance: LINKED_ITEMS) is shown from there and linked to, not asked again;
- long text for everything else, people and attendee lists included (one a line).

Items plainly optional by their name ("reasons-for-not-publishing", "reasons-for-delay",
"alternative-approach-for-learning", and a few the seeds call "where relevant") are optional;
every other item must be recorded before the stage can be completed. Saving a stage never
requires anything: people record what they know as they go.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .considerations import AREAS, CONSIDERATIONS_ITEM, answers_in, asks_the_nine_areas
from .decisions import DECISION_ITEMS, MAX_TEXT, Outcome, decision_spec, records_decision
from .errors import ReviewRuleError

AREA_PREFIX = "area-"
METHOD_RATIONALE = "rationale"


class FieldKind(StrEnum):
    DATE = "date"
    TEXT = "text"
    CONSIDERATIONS = "considerations"
    DECISION = "decision"
    LINKED = "linked"


# The parts of a review with pages of their own, as their links name them.
PART_PAGES = {
    "terms": "Terms of reference and method",
    "team": "Review team and agencies involved",
    "meetings": "Meetings and events",
    "family": "The family and the child",
    "governance": "Governance and sign-off",
    "chronologies": "Merged chronology",
    "findings": "Findings and recommendations",
    "actions": "Action plan",
    "embed": "Embedding the learning",
}

# Items a stage lists that are recorded on a part of the review with a page of its own (issue 5
# items 4-8 and 11), by that part. Asking for them again as free text would leave two versions
# of the truth; the stage shows what the part holds and needs it recorded there to complete.
LINKED_ITEMS: dict[str, str] = {
    "terms-of-reference": "terms",
    "terms-of-reference-or-key-lines-of-enquiry": "terms",
    "proposed-terms-of-reference": "terms",
    "methods": "terms",
    "agencies-involved": "team",
    "review-team": "team",
    "reviewers": "team",
    "reviewer": "team",
    "learning-review-lead": "team",
    "learning-review-group": "team",
    "independence-of-members": "team",
    "conflict-of-interest-declaration": "team",
    "team-meetings": "meetings",
    "practitioner-and-manager-events": "meetings",
    "family-liaison-strategy": "family",
    "family-contacts": "family",
    "family-involvement": "family",
    "agency-chronologies": "chronologies",
    "combined-chronology": "chronologies",
    "boards": "governance",
    "action-plan-shared": "governance",
    "signed-off-by": "governance",
    # The learning (issue 7): findings and CLEAR recommendations on one page, the action plan
    # made from them on another; the action plan is always part of the review (item 6).
    "findings": "findings",
    "key-findings": "findings",
    "learning": "findings",
    "good-practice": "findings",
    "recommendations": "findings",
    "clear-strategies": "findings",
    "action-plan": "actions",
    "actions": "actions",
    "actions-for-each-agency": "actions",
    "action-plan-for-dissemination": "actions",
    # Indicators and audit results recorded against the actions (seed 003 Phase 4, item 7).
    "audit-of-progress": "embed",
    "performance-indicators": "embed",
    "audit-activity": "embed",
    "changes-to-practice-seen": "embed",
}


OPTIONAL_ITEMS = frozenset(
    {
        "reasons-for-not-publishing",  # seed 001 §2.7.3, seed 004: only when not published
        "reasons-for-delay",  # seed 001 §2.7.6: only when delayed
        "alternative-approach-for-learning",  # seed 004 process map 3A, 5A: only when not reviewing
        "learning-published-separately",  # seed 004: only if the report is not published
        "media-approach",  # seed 004 process map 5: "where relevant"
        "child-death-review-dataset",  # seed 004 process map 5B: "where relevant"
        "written-requests-to-the-reviewer",  # seed 001 §2.6.4: only if any were made
        # A review may find no good practice to share; with the findings on their own page there
        # is no longer a free-text "none found" to satisfy a required item.
        "good-practice",
    }
)
OPTIONAL_PREFIXES = ("reasons-for-", "alternative-")

PEOPLE_ITEMS = frozenset(
    {
        "attendees",
        "chairs",
        "participants",
        "reviewers",
        "reviewer",
        "review-team",
        "decided-by",
        "signed-off-by",
        "learning-review-lead",
        "learning-review-group",
        "participants-invited",
        "agencies-involved",
        "agencies-asked",
        "agencies-held-to-account",
    }
)
PEOPLE_HINT = "One on each line, with their role and organisation."

LABELS = {
    "childs-status-with-the-service": "The child's status with the service",
    "chairs": "Co-chairs",
    "sent-to-panel-on": "Date sent to the national panel",
    "sent-to-secretary-of-state-on": "Date sent to the Secretary of State",
    "sent-to-ofsted-on": "Date sent to Ofsted",
    "feedback-given-on": "Date feedback was given to the family",
    "communicated-to-family": "How the decision was communicated to the family",
    "clear-strategies": "CLEAR strategies",
    "check-back-date": "Check-back date",
    "date-shared": "Date shared",
    # Apart from the ninth of the nine areas, which has the same name.
    "good-practice": "Good practice to share",
}

HINTS = {
    "meeting-date": "For example, 27 3 2025",
    "chairs": "Who chaired the meeting, with their role. For example, the Head of Service for Youth "
    "Justice with the Head of Service for Safeguarding and Quality Assurance.",
    "key-information": "What is known about the incident and the child's circumstances.",
    "critical-issues": "Issues that need attention now.",
    "immediate-learning": "Lessons that can be taken into practice straight away.",
    "immediate-actions": "What is being done now to manage risk and keep people safe, by whom.",
    "good-practice": "What went well that others should learn from, to share across the partnership.",
    "clear-strategies": "Case for change, learning, evidence, assigned responsibility and review (seed 004).",
    "criteria-considered": "The criteria for a local review the case meets, or does not (seed 001 §2.4.2).",
}


@dataclass(frozen=True)
class RecordField:
    key: str
    kind: FieldKind
    label: str
    hint: str = ""
    required: bool = True
    part: str = ""  # for a linked item, the part of the review whose page records it

    @property
    def name(self) -> str:
        """The form field's name: the key itself, or "decision" for the decision record."""
        return self.key


def area_field_name(area_key: str) -> str:
    return AREA_PREFIX + area_key


def humanise(key: str) -> str:
    text = key.replace("-", " ").strip()
    return text[:1].upper() + text[1:]


def field_kind(key: str) -> FieldKind:
    if key in LINKED_ITEMS:
        return FieldKind.LINKED
    if key == CONSIDERATIONS_ITEM:
        return FieldKind.CONSIDERATIONS
    if key in DECISION_ITEMS:
        return FieldKind.DECISION
    if key == "date" or key.startswith("date-") or key.endswith(("-date", "-on", "-until")):
        return FieldKind.DATE
    return FieldKind.TEXT


def is_optional(key: str) -> bool:
    return key in OPTIONAL_ITEMS or key.startswith(OPTIONAL_PREFIXES)


def label_for(key: str) -> str:
    return LABELS.get(key) or humanise(key)


def hint_for(key: str) -> str:
    return HINTS.get(key) or (PEOPLE_HINT if key in PEOPLE_ITEMS else "")


def stage_fields(
    *, framework_key: str, stage_key: str, records: Sequence[str], notification_stage: bool = False
) -> list[RecordField]:
    """The fields of a stage's page, in the order the framework lists what it records.

    The notification stage's items were given when the incident was notified, so its page
    asks nothing again.
    """
    if notification_stage:
        return []
    covered = decision_spec(framework_key, stage_key).covers if records_decision(records) else frozenset()
    fields: list[RecordField] = []
    decision_added = False
    for key in records:
        kind = field_kind(key)
        if key in covered or kind is FieldKind.DECISION:
            if not decision_added:
                fields.append(RecordField("decision", FieldKind.DECISION, "Decision"))
                decision_added = True
            continue
        if kind is FieldKind.CONSIDERATIONS:
            fields.append(RecordField(key, kind, "Areas to consider", _areas_hint(), required=True))
            continue
        if key == METHOD_RATIONALE and "methods" in records:
            # The method's rationale is part of the method, on the terms of reference.
            continue
        if kind is FieldKind.LINKED:
            part = LINKED_ITEMS[key]
            fields.append(RecordField(key, kind, label_for(key), required=not is_optional(key), part=part))
            continue
        fields.append(RecordField(key, kind, label_for(key), hint_for(key), required=not is_optional(key)))
    if CONSIDERATIONS_ITEM not in records and asks_the_nine_areas(framework_key, stage_key, records):
        fields.append(
            RecordField(
                CONSIDERATIONS_ITEM, FieldKind.CONSIDERATIONS, "Areas to consider", _areas_hint(), False
            )
        )
    return fields


def _areas_hint() -> str:
    return (
        "The nine areas of the learning review guidance. They guide the discussion rather than "
        "prescribe it: answer those that apply."
    )


# --- the stored data: {"meeting-date": "2025-03-12", "attendees": "...", "considerations": {...}}


def _text(value) -> str:
    return str(value or "").replace("\r\n", "\n").strip()


def flat_values(fields: Sequence[RecordField], data: Mapping) -> dict[str, str]:
    """Every form field's stored value as text (dates as YYYY-MM-DD), by form field name."""
    data = data if isinstance(data, Mapping) else {}
    flat: dict[str, str] = {}
    for field in fields:
        if field.kind is FieldKind.CONSIDERATIONS:
            for area_key, text in answers_in(data).items():
                flat[area_field_name(area_key)] = text
        elif field.kind not in (FieldKind.DECISION, FieldKind.LINKED):
            flat[field.name] = _text(data.get(field.key))
    return flat


def data_from_flat(fields: Sequence[RecordField], flat: Mapping[str, str]) -> dict:
    """The stored shape of form values by name; checked, with every problem named."""
    data: dict = {}
    problems: list[tuple[str, str]] = []
    for field in fields:
        if field.kind is FieldKind.CONSIDERATIONS:
            answers = {}
            for area in AREAS:
                name = area_field_name(area.key)
                text = _text(flat.get(name))
                if len(text) > MAX_TEXT:
                    problems.append((name, f"{area.name} must be {MAX_TEXT:,} characters or fewer"))
                if text:
                    answers[area.key] = text
            data[CONSIDERATIONS_ITEM] = answers
        elif field.kind is FieldKind.DATE:
            text = _text(flat.get(field.name))
            if text:
                try:
                    date.fromisoformat(text)
                except ValueError:
                    problems.append((field.name, f"{field.label} must be a real date"))
            data[field.key] = text
        elif field.kind is FieldKind.TEXT:
            text = _text(flat.get(field.name))
            if len(text) > MAX_TEXT:
                problems.append((field.name, f"{field.label} must be {MAX_TEXT:,} characters or fewer"))
            data[field.key] = text
    if problems:
        raise ReviewRuleError.from_problems(problems)
    return data


def earlier_text(fields: Sequence[RecordField], data: Mapping) -> dict[str, str]:
    """Text typed into an item before it was recorded on a page of its own (a stage's "action
    plan" or "findings" once took free text): kept with the stage and shown beside what the page
    now holds, never dropped by a later save."""
    data = data if isinstance(data, Mapping) else {}
    found = {}
    for field in fields:
        value = data.get(field.key)
        if field.kind is FieldKind.LINKED and isinstance(value, str) and _text(value):
            found[field.key] = _text(value)
    return found


def changed_fields(fields: Sequence[RecordField], before: Mapping, after: Mapping) -> list[str]:
    """The names of the fields whose value differs, for the audit log (never their text)."""
    old, new = flat_values(fields, before), flat_values(fields, after)
    return [name for name in new if old.get(name, "") != new[name]]


def _sentence(label: str) -> str:
    first, _, rest = label.partition(" ")
    if len(first) > 1 and first.isupper():
        return label
    return label[:1].lower() + label[1:]


def missing_message(field: RecordField) -> str:
    if field.kind is FieldKind.LINKED:
        return f"Record the {_sentence(field.label)} on the ‘{PART_PAGES[field.part]}’ page"
    if field.kind is FieldKind.DECISION:
        return "Record the decision"
    if field.kind is FieldKind.CONSIDERATIONS:
        return "Enter at least one of the areas to consider"
    if field.kind is FieldKind.DATE and "date" not in field.label.lower():
        return f"Enter the date for ‘{field.label}’"
    return f"Enter the {_sentence(field.label)}"


def missing_parts(
    fields: Sequence[RecordField],
    data: Mapping,
    *,
    has_decision: bool,
    outcome: Outcome | None = None,
    elsewhere: Mapping[str, str] | None = None,
) -> list[tuple[str, str]]:
    """Each required part not yet recorded, as (form field name, message), in page order.
    `elsewhere` is what the review's other parts hold of the linked items, by item key."""
    elsewhere = elsewhere or {}
    waived = set(outcome.waives) if outcome else set()
    flat = flat_values(fields, data)
    missing = []
    for field in fields:
        if not field.required or field.key in waived:
            continue
        if field.kind is FieldKind.DECISION:
            if not has_decision:
                missing.append((field.name, missing_message(field)))
        elif field.kind is FieldKind.LINKED:
            if not elsewhere.get(field.key):
                missing.append((field.name, missing_message(field)))
        elif field.kind is FieldKind.CONSIDERATIONS:
            if not any(answers_in(data).values()):
                missing.append((area_field_name(AREAS[0].key), missing_message(field)))
        elif not flat.get(field.name):
            missing.append((field.name, missing_message(field)))
    return missing
