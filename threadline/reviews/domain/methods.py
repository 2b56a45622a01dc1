"""How a review is conducted (issue 5 item 6): one method or several combined, with the reason.

Partners may use one option or combine several (seed 001 §3.1). A framework version may list
its own methods; then only those are offered. A framework that lists none is offered the
catalogue below: the eleven options of seed 001 §3.2 and the systems-based methods the seeds
name, since every review should follow the principles of the systems methodology (seed 001
§2.6.1; seed 004 "A systemic approach").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .errors import ReviewRuleError

MAX_RATIONALE = 20_000


@dataclass(frozen=True)
class Method:
    key: str
    name: str
    description: str = ""
    source: str = ""


_SEED_001 = "seed 001 §3.2"

CATALOGUE: tuple[Method, ...] = (
    Method(
        "single-agency-audit",
        "Single-agency audit",
        "An audit of a single agency across several cases (the subject case included), with a deep "
        "dive into data on the theme of the review and cases with a similar theme.",
        _SEED_001,
    ),
    Method(
        "multi-agency-audit",
        "Multi-agency audit",
        "A live audit: a workshop where partners from several agencies discuss cases with a similar "
        "theme (the subject case included), exploring trends and learning; the chair writes the report.",
        _SEED_001,
    ),
    Method(
        "partner-led-workshop",
        "Partner-led workshop",
        "A workshop on the subject case led by a senior manager or director of an agency not involved "
        "in it, with the practitioners and managers involved: the timeline, the learning and actions.",
        _SEED_001,
    ),
    Method(
        "independently-led-workshop",
        "Independently led workshop",
        "The same workshop led by an independently commissioned reviewer or an Independent Scrutineer.",
        _SEED_001,
    ),
    Method(
        "strategy-manager-report",
        "Strategy manager report",
        "An overview of events and of the learning to implement, written only after a workshop or audit.",
        _SEED_001,
    ),
    Method(
        "partner-report",
        "Partner report",
        "An in-depth review by a senior manager or director of an agency not involved in the case: a "
        "timeline, findings, interviews with practitioners and the family, and recommendations.",
        _SEED_001,
    ),
    Method(
        "independent-scrutineer-report",
        "Independent Scrutineer report",
        "The same in-depth review conducted by the Independent Scrutineer.",
        _SEED_001,
    ),
    Method(
        "independent-author-report",
        "Independent author and report",
        "The same in-depth review conducted by a commissioned independent reviewer.",
        _SEED_001,
    ),
    Method(
        "family-child-engagement",
        "Family and/or child engagement",
        "A nominated practitioner briefs and includes the family throughout; the family see the report "
        "before the final draft.",
        _SEED_001,
    ),
    Method(
        "children-young-people-workshop",
        "Children and young people workshop",
        "A workshop with children and young people on the theme of the review, not the case.",
        _SEED_001,
    ),
    Method(
        "children-young-people-outreach",
        "Children and young people outreach",
        "Going out to established engagement groups to discuss the theme of the review.",
        _SEED_001,
    ),
    Method(
        "systems-methodology",
        "Systems methodology",
        "Looks at frontline practice and at organisational structures and learning, to explain why "
        "things happened as they did (the methodology recommended by the Munro review).",
        "seed 001 §2.6",
    ),
    Method(
        "learning-together",
        "Learning Together (SCIE systems model)",
        "A systems model of case review: the review team and the practitioners involved look together "
        "at how people saw things at the time and at the underlying patterns in the system.",
        "seed 001 §2.6.1",
    ),
    Method(
        "systemic-review",
        "Systemic learning review",
        "Participatory and collective, analytical and evidence based: looks beyond individual practice "
        "to systems, structures, culture and context, and at effective practice too.",
        "seed 004, A systemic approach",
    ),
    Method(
        "learning-review",
        "Learning review with a learning event",
        "A reflective review with the staff, managers and multi-agency practitioners involved of how "
        "they saw things at the time, concentrating on key decisions and why they happened.",
        "seed 003, Methodology",
    ),
    Method(
        "appreciative-enquiry",
        "Appreciative enquiry",
        "Builds on what worked well, proportionate to the context of the case.",
        "seed 001 §1",
    ),
)


def methods_offered(framework_methods: Sequence[Method]) -> tuple[Method, ...]:
    """The framework's own list when it has one (it restricts the choice), else the catalogue."""
    return tuple(framework_methods) if framework_methods else CATALOGUE


def names_of(keys: Iterable[str], offered: Sequence[Method]) -> list[str]:
    """The names of chosen methods, in the order given; a key no longer offered keeps a name."""
    known = {method.key: method.name for method in (*CATALOGUE, *offered)}
    return [known.get(key, key.replace("-", " ").capitalize()) for key in keys]


def in_words(names: Sequence[str]) -> str:
    return "; ".join(names)


def check_methods(chosen: Sequence[str], rationale: str, offered: Sequence[Method]) -> list[tuple[str, str]]:
    """Problems with a choice of methods, by field. Choosing none is allowed while drafting the
    terms; a chosen method needs the reason for it (seed 001 §2.6.1: agreed with the reviewer)."""
    problems: list[tuple[str, str]] = []
    keys = {method.key for method in offered}
    if any(key not in keys for key in chosen):
        problems.append(("methods", "Choose methods from the list"))
    if chosen and not rationale.strip():
        problems.append(("method-rationale", "Enter why these methods were chosen"))
    if len(rationale) > MAX_RATIONALE:
        problems.append(("method-rationale", f"The rationale must be {MAX_RATIONALE:,} characters or fewer"))
    return problems


def require_methods(chosen: Sequence[str], rationale: str, offered: Sequence[Method]) -> None:
    problems = check_methods(chosen, rationale, offered)
    if problems:
        raise ReviewRuleError.from_problems(problems)
