"""The nine areas a YJS learning review considers (seed 000 §9), each a prompt with a free-text
answer in the Initial and the Full Learning Review.

The seed says they are "not a prescriptive guide of what must be focussed on" (§9.1): each
area is answered or left, and a stage whose framework lists "considerations" as something it
records needs at least one answer. Answers are kept in the stage record under
data["considerations"][area key], in this order, for the report to read.
"""

from __future__ import annotations

from dataclasses import dataclass

CONSIDERATIONS_ITEM = "considerations"


@dataclass(frozen=True)
class Area:
    key: str
    name: str
    guidance: str
    source: str


AREAS: tuple[Area, ...] = (
    Area(
        "diversity-and-disproportionality",
        "Diversity and disproportionality",
        "How well the child's and family's diversity factors were understood and services "
        "deliberately personalised to meet their needs, including actual or potential "
        "discriminatory factors: protected characteristics (including care experience), personal "
        "circumstances such as maturity, learning needs, mental health or cultural identity, and "
        "disproportionality, which is amplified at every stage of the criminal justice system.",
        "seed 000 §9.2-9.3",
    ),
    Area(
        "lived-experience",
        "The child's behaviour and lived experience",
        "Factors in the child's life that could have helped to predict the incident, such as "
        "their experience of abuse, self-harm and use of drugs and alcohol, and, where a risk of "
        "harm had been identified, what was in place to manage it. Include their experience in "
        "care, of child exploitation and their vulnerability.",
        "seed 000 §9.4-9.5",
    ),
    Area(
        "voice-of-the-child",
        "Voice of the child",
        "Whether the lead from the youth justice service or children's social care met the "
        "child, and the child's views about what happened and the support that will help keep "
        "them safe. Consider whether the timing was appropriate, given the traumatic impact of "
        "the incident.",
        "seed 000 §9.6",
    ),
    Area(
        "staffing-and-workload",
        "Staffing and workload",
        "Whether staffing and workload arrangements supported a high-quality, personalised and "
        "responsive service that met the child's needs.",
        "seed 000 §9.7",
    ),
    Area(
        "skills-and-knowledge",
        "Skills and knowledge",
        "Any additional knowledge and skills that would benefit the workforce and multi-agency "
        "partners, to be taken into workforce development planning.",
        "seed 000 §9.8",
    ),
    Area(
        "partnership-working",
        "Partnership and services",
        "Whether the child and their family had access to services that met their assessed "
        "needs, and how effective partnership working was.",
        "seed 000 §9.9",
    ),
    Area(
        "strengths",
        "Strengths and protective factors",
        "Whether assessments, intervention planning and delivery identified the aspirations and "
        "strengths of the child and their family.",
        "seed 000 §9.10",
    ),
    Area(
        "good-practice",
        "Good practice",
        "Good or effective practice in the case, to acknowledge and share.",
        "seed 000 §9.11",
    ),
    Area(
        "management-oversight",
        "Management oversight",
        "Whether management oversight supported high-quality delivery and professional "
        "development: quality assurance, supervision, responding to developing concerns, and "
        "whether victims and the child were sufficiently protected from harm.",
        "seed 000 §9.12-9.13",
    ),
)
AREAS_BY_KEY = {area.key: area for area in AREAS}

# The stages that ask the nine areas even though their framework does not list
# "considerations": the YJS Initial Learning Review (seed 000 §7.2: capture immediate
# learning; §9 applies to the whole learning review process).
AREA_STAGES: frozenset[tuple[str, str]] = frozenset(
    {
        ("yjs-serious-incident-review", "initial-learning-review"),
        ("yjs-serious-incident-review", "full-learning-review"),
    }
)


def asks_the_nine_areas(framework_key: str, stage_key: str, records: tuple[str, ...] | list[str]) -> bool:
    return CONSIDERATIONS_ITEM in records or (framework_key, stage_key) in AREA_STAGES


def answers_in(data: dict) -> dict[str, str]:
    """The stage record's answers, area key -> text, in the order of AREAS; "" when unanswered."""
    stored = data.get(CONSIDERATIONS_ITEM) if isinstance(data, dict) else None
    stored = stored if isinstance(stored, dict) else {}
    return {area.key: str(stored.get(area.key) or "") for area in AREAS}
