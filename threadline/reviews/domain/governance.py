"""Which board each report, decision or action plan of a review goes to, and the rules of
sending it and recording what the board did (issue 5 item 11).

Each framework's seed names its own governance: the YJS operational group and executive board
(seed 000), the safeguarding partnership's executive, its oversight group and the national
Panel (seed 001), the YOT management board and the LSCB (seed 002), the LSCB's groups and the
board itself (seed 003), the child protection committee, the chief officers group and the
Care Inspectorate (seed 004). A subject may go to more than one board; the first is the usual
one. A framework Threadline does not know (one a system administrator made) sends everything
to one generic governance board.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

YJS = "yjs-serious-incident-review"
NATIONAL = "national-youth-justice-incident"
ENGLISH = "english-practice-review"
LOCAL = "local-board-learning-review"
SCOTTISH = "scottish-learning-review"

# The outcomes a board gives (models.SubmissionOutcome holds the same values).
AWAITING = "awaiting"
SIGNED_OFF = "signed-off"
RETURNED = "returned"
NOTED = "noted"
RECORDED_OUTCOMES = (SIGNED_OFF, RETURNED, NOTED)

# An outcome stands once recorded; what the board returned goes back as a new submission.
ALREADY_RECORDED = "The board's outcome is already recorded. If it was returned, submit it again."

# A subject carrying the action plan cannot go without one (seed 002 §3.10: reports went to
# boards without their action plans).
ACTION_PLAN_PAGE = "Action plan"


def no_action_plan(subject: Subject) -> str:
    return (
        f"‘{subject.label}’ carries the review's action plan, which has no actions yet. Add them on "
        f"the review's ‘{ACTION_PLAN_PAGE}’ page, then submit it"
    )


MAX_SUMMARY = 2_000
MAX_SIGNED_OFF_BY = 300
MAX_COMMENTS = 5_000


@dataclass(frozen=True)
class Board:
    key: str
    label: str
    source: str


@dataclass(frozen=True)
class Subject:
    """Something a review sends to governance, and the boards it goes to."""

    key: str
    label: str
    boards: tuple[str, ...]
    purpose: str  # what the board does with it, in a few words
    source: str
    report: bool = False  # its sign-off is the report's sign-off
    action_plan: bool = False  # it carries the review's action plan

    def __post_init__(self) -> None:
        # issue 7 item 6: the action plan is part of every report made from the review.
        if self.report and not self.action_plan:
            raise ValueError(f"the report ‘{self.label}’ must carry the action plan")


@dataclass(frozen=True)
class Governance:
    boards: tuple[Board, ...]
    subjects: tuple[Subject, ...]
    generic: bool = False

    def board(self, key: str) -> Board | None:
        return next((b for b in self.boards if b.key == key), None)

    def subject(self, key: str) -> Subject | None:
        return next((s for s in self.subjects if s.key == key), None)


# --- YJS serious incident review (seed 000)
YJOG = "operational-group"
YJEB = "executive-board"

_YJS = Governance(
    boards=(
        Board(YJOG, "Youth Justice Operational Group (YJOG)", "seed 000 §13.1, §14"),
        Board(YJEB, "Youth Justice Executive Board (YJEB)", "seed 000 §12.1, §13.1, §14"),
    ),
    subjects=(
        # seed 000 §14: after the ILR, learning is shared with the operational and strategic
        # governance groups; §7.5 the ILR produces the action plan.
        Subject(
            "ilr-outcome",
            "Initial Learning Review outcome and action plan",
            (YJOG, YJEB),
            "Learning shared with the operational and strategic groups",
            "seed 000 §7.5, §14",
            action_plan=True,
        ),
        # seed 000 §12.1: the action plan goes to the YJEB in the service managers' report.
        Subject(
            "service-managers-report",
            "Action plan in the service managers' report",
            (YJEB,),
            "Strategic oversight of the action plan",
            "seed 000 §12.1",
            action_plan=True,
        ),
        # seed 000 §7.6-7.9, §13.1: the FLR, a decision-making forum, and its report shared with
        # both groups; the executive board oversees it.
        Subject(
            "flr-report",
            "Full Learning Review report and action plan",
            (YJEB, YJOG),
            "Sign-off by the executive board; shared with the operational group",
            "seed 000 §7.6-7.9, §12.1, §13.1",
            report=True,
            action_plan=True,
        ),
        # seed 000 §11.1, §14: learning communicated, including what the check-back found.
        Subject(
            "learning",
            "Learning from the review and progress on the actions",
            (YJOG, YJEB),
            "Learning and progress shared with the operational and strategic groups",
            "seed 000 §10.1, §13.1, §14",
        ),
    ),
)

# --- National youth justice incident procedure (seed 002)
YOT_BOARD = "yot-management-board"
LSCB = "lscb"
YJB = "youth-justice-board"

_NATIONAL = Governance(
    boards=(
        Board(YOT_BOARD, "YOT Management Board", "seed 002 recommendations 7-8, §3.35, §4.9"),
        Board(LSCB, "Local Safeguarding Children Board (LSCB)", "seed 002 recommendation 8, §3.35"),
        Board(YJB, "Youth Justice Board", "seed 002 §1.4, recommendation 11"),
    ),
    subjects=(
        # seed 002 rec. 7, 11: independent scrutiny by the management board before the report
        # is submitted to the YJB; rec. 8 all serious incidents referred to the board and LSCB.
        Subject(
            "critical-learning-report",
            "Critical Learning Report",
            (YOT_BOARD, YJB, LSCB),
            "Scrutiny by the management board before it goes to the Youth Justice Board",
            "seed 002 §1.4, §3.24-3.25, recommendations 7, 8 and 11",
            report=True,
            action_plan=True,
        ),
        # seed 002 §3.35: action plans go to management boards and LSCB sub-groups for monitoring
        # and sign-off; §3.41 the board holds each agency to account.
        Subject(
            "action-plan",
            "Action plan",
            (YOT_BOARD, LSCB),
            "Monitoring and sign-off, holding each agency to account",
            "seed 002 §3.35, §4.10",
            action_plan=True,
        ),
        # seed 002 §3.22 (Cardiff): the Extended Learning Review reports to the board and LSCB.
        Subject(
            "extended-learning-review",
            "Extended Learning Review report",
            (YOT_BOARD, LSCB),
            "Sign-off, and each agency held to account for its actions",
            "seed 002 §3.21-3.22, recommendation 6",
            report=True,
            action_plan=True,
        ),
        # seed 002 recommendation 8: an annual report of lessons learned and progress.
        Subject(
            "annual-report",
            "Annual report of lessons learned and progress against actions",
            (YOT_BOARD, LSCB),
            "Lessons and progress reported each year",
            "seed 002 recommendation 8",
        ),
    ),
)

# --- English child safeguarding practice review (seed 001)
PARTNERSHIP_EXECUTIVE = "partnership-executive"
OVERSIGHT_GROUP = "oversight-group"
NATIONAL_PANEL = "national-panel"

_ENGLISH = Governance(
    boards=(
        Board(
            PARTNERSHIP_EXECUTIVE,
            "Safeguarding partnership executive (the statutory partners)",
            "seed 001 Executive Leadership Group, §1.2, §2.3.4",
        ),
        Board(OVERSIGHT_GROUP, "Recommendations and Oversight Group", "seed 001 §1.1, §1.2.1"),
        Board(NATIONAL_PANEL, "Child Safeguarding Practice Review Panel", "seed 001 §2.3.2-2.3.3, §2.7.5"),
    ),
    subjects=(
        # seed 001 §2.9 and the rapid-review stage: the rapid review informs the partners'
        # decision and the Panel's.
        Subject(
            "rapid-review",
            "Rapid review",
            (PARTNERSHIP_EXECUTIVE, NATIONAL_PANEL),
            "Informs the safeguarding partners' decision and the Panel's",
            "seed 001 §2.3.5, §2.9",
        ),
        # seed 001 §1.2.1: deciding to proceed is the Recommendations and Oversight Group's
        # remit; §2.4.1 the safeguarding partners determine whether a review is appropriate.
        Subject(
            "decision",
            "Decision on a local review",
            (PARTNERSHIP_EXECUTIVE, OVERSIGHT_GROUP),
            "The partners' decision, made transparently",
            "seed 001 §1.2.1, §2.4.1",
        ),
        # seed 001 §1.1: the scrutineer and the oversight group recommend the model to the
        # statutory partners so that resources flow; §1.2.3 the partners agree the cost option.
        Subject(
            "review-model",
            "Recommended review model and its costs",
            (PARTNERSHIP_EXECUTIVE,),
            "Agreement of the model and of how its costs are shared",
            "seed 001 §1.1, §1.2.3",
        ),
        # seed 001 §2.7.1-2.7.5: the partners ensure the final report, then send it to the Panel
        # seven working days before publication.
        Subject(
            "final-report",
            "Final report",
            (PARTNERSHIP_EXECUTIVE, NATIONAL_PANEL),
            "Sign-off by the partners before it goes to the national Panel",
            "seed 001 §2.7.1-2.7.5",
            report=True,
            action_plan=True,
        ),
        # seed 001 §1.1 action plans requested from partners; §2.8.1 progress audited.
        Subject(
            "action-plan",
            "Partners' action plans and progress on improvements",
            (PARTNERSHIP_EXECUTIVE,),
            "Regular audit of progress on the recommended improvements",
            "seed 001 §1.1, §2.8.1",
            action_plan=True,
        ),
    ),
)

# --- Local safeguarding children board learning review (seed 003)
CASE_REVIEW_GROUP = "case-review-group"
BUSINESS_GROUP = "business-group"
PMQAG = "pmqag"
THE_BOARD = "lscb"

_LOCAL = Governance(
    boards=(
        Board(CASE_REVIEW_GROUP, "LSCB Case Review Group", "seed 003 Phase 1 a-b, Phase 3 a"),
        Board(BUSINESS_GROUP, "LSCB Business Group", "seed 003 Phase 3"),
        Board(PMQAG, "Performance Monitoring and Quality Assurance Group (PMQAG)", "seed 003 Phase 4"),
        Board(THE_BOARD, "Local Safeguarding Children Board (LSCB)", "seed 003 Post Review"),
    ),
    subjects=(
        Subject(
            "terms-of-reference",
            "Terms of reference or key lines of enquiry",
            (CASE_REVIEW_GROUP,),
            "Shared with the members of the Case Review Sub-Group",
            "seed 003 Phase 1 b",
        ),
        Subject(
            "key-findings",
            "Key findings, as recommendations",
            (CASE_REVIEW_GROUP, BUSINESS_GROUP),
            "Reflection and action planning",
            "seed 003 Phase 3 a",
            report=True,
            action_plan=True,
        ),
        # seed 003 Phase 3 b: the action plan is owned by the relevant sub-group through the
        # Business Group.
        Subject(
            "action-plan",
            "Action plan",
            (BUSINESS_GROUP, THE_BOARD),
            "Ownership of the action plan",
            "seed 003 Phase 3 b",
            action_plan=True,
        ),
        Subject(
            "practice-monitoring",
            "Changes to practice, for monitoring",
            (PMQAG,),
            "Scrutiny of performance indicators and multi-agency audit",
            "seed 003 Phase 4 a",
        ),
        Subject(
            "annual-report",
            "Themes, recommendations and lessons for the annual report",
            (THE_BOARD,),
            "Published in the LSCB annual report",
            "seed 003 Post Review",
        ),
    ),
)

# --- Scottish learning review (seed 004)
CPC = "child-protection-committee"
COG = "chief-officers-group"
CARE_INSPECTORATE = "care-inspectorate"

_SCOTTISH = Governance(
    boards=(
        Board(CPC, "Child Protection Committee (CPC)", "seed 004 process map 3-4; The Report"),
        Board(COG, "Chief Officers Group (COG)", "seed 004 process map 5; The Report; Publishing"),
        Board(CARE_INSPECTORATE, "Care Inspectorate", "seed 004 process map 5 and 5B"),
    ),
    subjects=(
        # seed 004 process map 3-4: the nominated person or sub-group recommends; the CPC meets
        # to consider the recommendation.
        Subject(
            "recommendation",
            "Recommendation on a learning review, with proposed terms of reference",
            (CPC,),
            "The committee considers the recommendation and decides",
            "seed 004 process map 3-4",
        ),
        # seed 004 process map 5: the Chief Officers Group informed, the Care Inspectorate
        # notified.
        Subject(
            "decision",
            "Learning review decision",
            (COG, CARE_INSPECTORATE),
            "The chief officers informed and the Care Inspectorate notified",
            "seed 004 process map 5",
        ),
        # seed 004 Terms of reference: the CPC is informed of and agrees any change.
        Subject(
            "terms-of-reference-changes",
            "Changes to the terms of reference",
            (CPC,),
            "The committee's agreement to the change",
            "seed 004 Terms of reference",
        ),
        # seed 004: a likely delay is reported to the CPC and the COG with a revised timescale.
        Subject(
            "delay",
            "Delay and revised timescale",
            (CPC, COG),
            "The committee and chief officers informed",
            "seed 004 Timescale for the Learning Review; parallel processes",
        ),
        # seed 004 The Report: presented to the CPC and the COG for consideration and sign-off;
        # process map 5B: also sent to the Care Inspectorate, with the action plan.
        Subject(
            "final-report",
            "Learning review report and action plan for disseminating the learning",
            (CPC, COG, CARE_INSPECTORATE),
            "Consideration and sign-off by the committee and the chief officers",
            "seed 004 The Report; process map 5B",
            report=True,
            action_plan=True,
        ),
        # seed 004 Publishing the Report: the COG decides, informed by the CPC's recommendation.
        Subject(
            "publication",
            "Recommendation on publishing the report",
            (COG,),
            "The chief officers decide if and when to publish",
            "seed 004 Publishing the Report",
        ),
    ),
)

GENERIC_BOARD = "governance-board"

# A framework without boards of its own: one board, the usual things a review sends it.
_GENERIC = Governance(
    boards=(Board(GENERIC_BOARD, "Governance board", "issue 5 item 11"),),
    subjects=(
        Subject("decision", "Decision", (GENERIC_BOARD,), "Informed of the decision", "issue 5 item 11"),
        Subject(
            "final-report",
            "Final report",
            (GENERIC_BOARD,),
            "Sign-off",
            "issue 5 item 11",
            report=True,
            action_plan=True,
        ),
        Subject(
            "action-plan",
            "Action plan",
            (GENERIC_BOARD,),
            "Oversight of the actions",
            "issue 5 item 11",
            action_plan=True,
        ),
        Subject("learning", "Learning", (GENERIC_BOARD,), "Learning shared", "issue 5 item 11"),
    ),
    generic=True,
)

GOVERNANCE: dict[str, Governance] = {
    YJS: _YJS,
    NATIONAL: _NATIONAL,
    ENGLISH: _ENGLISH,
    LOCAL: _LOCAL,
    SCOTTISH: _SCOTTISH,
}


def governance_of(framework_key: str) -> Governance:
    return GOVERNANCE.get(framework_key, _GENERIC)


def subjects_of(framework_key: str) -> list[Subject]:
    return list(governance_of(framework_key).subjects)


def boards_of(framework_key: str) -> list[Board]:
    return list(governance_of(framework_key).boards)


def route(framework_key: str, subject_key: str) -> list[Board]:
    """The boards a subject goes to, the usual one first; none for a subject the framework
    does not send anywhere."""
    governance = governance_of(framework_key)
    subject = governance.subject(subject_key)
    if subject is None:
        return []
    return [governance.board(key) for key in subject.boards]


def names_of(boards: list[Board]) -> str:
    """'the A, the B and the C'."""
    labels = [f"the {b.label}" for b in boards]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def submission_problems(
    framework_key: str,
    *,
    subject_key: str,
    board_keys: list[str],
    submitted_on: date | None,
    review_started_on: date,
    today: date,
    summary: str = "",
) -> list[tuple[str, str]]:
    """Every reason a submission cannot be made, as (field, message)."""
    problems: list[tuple[str, str]] = []
    governance = governance_of(framework_key)
    subject = governance.subject(subject_key)
    if subject is None:
        problems.append(("subject", "Choose what is going to the board"))
    elif not board_keys:
        problems.append(("boards", "Choose the board it goes to"))
    else:
        wrong = [key for key in board_keys if key not in subject.boards]
        if wrong:
            named = governance.board(wrong[0])
            if named is None:
                problems.append(("boards", "Choose a board this review's framework sends things to"))
            else:
                problems.append(
                    (
                        "boards",
                        f"‘{subject.label}’ goes to {names_of(route(framework_key, subject.key))}, "
                        f"not to the {named.label}",
                    )
                )
    if submitted_on is None:
        problems.append(("submitted_on", "Enter the date it was submitted"))
    elif submitted_on > today:
        problems.append(("submitted_on", "The date it was submitted must be today or in the past"))
    elif submitted_on < review_started_on:
        problems.append(("submitted_on", "The date it was submitted cannot be before the review started"))
    if len(summary or "") > MAX_SUMMARY:
        problems.append(("summary", f"The summary must be {MAX_SUMMARY:,} characters or fewer"))
    return problems


def outcome_problems(
    *,
    outcome: str,
    outcome_on: date | None,
    signed_off_by: str,
    comments: str,
    submitted_on: date,
    today: date,
) -> list[tuple[str, str]]:
    """Every reason the board's outcome cannot be recorded, as (field, message)."""
    problems: list[tuple[str, str]] = []
    if outcome not in RECORDED_OUTCOMES:
        problems.append(("outcome", "Choose what the board did"))
    if outcome_on is None:
        problems.append(("outcome_on", "Enter the date of the board's outcome"))
    elif outcome_on > today:
        problems.append(("outcome_on", "The date of the board's outcome must be today or in the past"))
    elif outcome_on < submitted_on:
        problems.append(("outcome_on", "The board's outcome cannot be before it was submitted"))
    signed_off_by = (signed_off_by or "").strip()
    if outcome == SIGNED_OFF and not signed_off_by:
        problems.append(("signed_off_by", "Enter who signed it off, with their role"))
    if len(signed_off_by) > MAX_SIGNED_OFF_BY:
        problems.append(
            ("signed_off_by", f"Who signed it off must be {MAX_SIGNED_OFF_BY} characters or fewer")
        )
    comments = (comments or "").strip()
    if outcome == RETURNED and not comments:
        problems.append(("comments", "Enter what the board asked to change"))
    if len(comments) > MAX_COMMENTS:
        problems.append(("comments", f"The comments must be {MAX_COMMENTS:,} characters or fewer"))
    return problems
