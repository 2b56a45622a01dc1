"""The CLEAR checker for recommendations (seed 004, "It is recommended that suggested strategies
for improving practice and systems should be CLEAR"): Case for change, Learning orientated,
Evidence based, Assign responsibility, Review.

Each flag names the field it belongs to and says why, so a page can show it next to that field.
Flags are warnings the author may pass with a recorded reason; having no responsible
organisation is not a flag but a refusal (`missing_organisation`), because an action plan cannot
be made from a recommendation nobody owns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Flag:
    key: str
    field: str
    reason: str


# Parts of CLEAR, each its own field, in the order the seed lists them.
PARTS: tuple[tuple[str, str], ...] = (
    ("case_for_change", "the case for change"),
    ("learning", "the learning it carries"),
    ("evidence", "the evidence it rests on"),
    ("responsibility", "who is responsible within the organisations"),
    ("outcome", "the outcome sought and how it will be measured"),
)

# Hedges that let a recommendation be agreed without anyone having to do anything. Kept to
# phrases: "review" or "consider" alone are common in good text ("the review found").
HEDGES: tuple[str, ...] = (
    "consider",
    "considers",
    "considering",
    "give consideration to",
    "explore",
    "explores",
    "exploring",
    "raise awareness",
    "raising awareness",
    "where possible",
    "as appropriate",
    "where appropriate",
    "if appropriate",
    "should look at",
    "look into",
    "seek to",
    "endeavour to",
    "reflect on",
    "be mindful",
    "be reminded",
    "as far as practicable",
)
_HEDGE = re.compile(r"\b(" + "|".join(re.escape(h) for h in HEDGES) + r")\b", re.IGNORECASE)

# A reviewable outcome says how it will be measured: a figure (a number, a percentage) or a
# word of counting or auditing. Deliberately simple so the author can see why it was flagged.
_MEASURE = re.compile(
    r"\d|\b(percent|per cent|proportion|rate|number|count|audit(ed|s)?|measured?|"
    r"target|baseline|increase|reduce|reduction)\b",
    re.IGNORECASE,
)

MISSING_ORGANISATION = "Choose the organisation responsible for carrying out the recommendation"


def hedge_in(text: str) -> str | None:
    """The first hedged phrase in the text, as written there, or None."""
    found = _HEDGE.search(text or "")
    return found.group(0) if found else None


def missing_organisation(organisations) -> bool:
    return not list(organisations or [])


def check(
    *,
    case_for_change: str,
    learning: str,
    evidence: str,
    responsibility: str,
    outcome: str,
    review_by: date | None,
    has_linked_evidence: bool,
    organisations,
    today: date,
    title: str = "",
) -> list[Flag]:
    """The flags of one recommendation, in field order. `has_linked_evidence`: a finding it is
    made from has chronology entries, documents or minutes behind it."""
    values = {
        "case_for_change": case_for_change,
        "learning": learning,
        "evidence": evidence,
        "responsibility": responsibility,
        "outcome": outcome,
    }
    flags: list[Flag] = []
    for field, name in PARTS:
        if not (values[field] or "").strip():
            flags.append(Flag(f"missing-{field}", field, f"Enter {name}"))
        if field == "evidence" and not has_linked_evidence:
            flags.append(
                Flag(
                    "no-evidence",
                    "findings",
                    "No evidence is linked: make it from a finding with chronology entries, "
                    "documents or minutes behind it",
                )
            )
        if field == "responsibility" and missing_organisation(organisations):
            flags.append(Flag("no-organisation", "responsible_organisations", MISSING_ORGANISATION))
    outcome_text = (outcome or "").strip()
    if outcome_text and not _MEASURE.search(outcome_text):
        flags.append(
            Flag(
                "no-measure",
                "outcome",
                "The outcome cannot be reviewed: say how it will be measured, for example a "
                "percentage, a number or an audit",
            )
        )
    if review_by is None:
        flags.append(Flag("no-review-date", "review_by", "Enter the date the outcome will be reviewed by"))
    elif review_by <= today:
        flags.append(Flag("past-review-date", "review_by", "The review-by date must be in the future"))
    for field, text in (("title", title), *values.items()):
        hedge = hedge_in(text)
        if hedge:
            flags.append(
                Flag(
                    f"vague-{field}",
                    field,
                    f"“{hedge}” is vague: say what will be done, by whom, so it can be checked",
                )
            )
    return flags


def unanswered(flags: list[Flag], overrides: dict) -> list[Flag]:
    """Flags the author has not given a reason for going past."""
    return [flag for flag in flags if not str((overrides or {}).get(flag.key, "")).strip()]
