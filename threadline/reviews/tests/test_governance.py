"""Governance (issue 5 item 11): each framework's reports, decisions and action plans go to the
right boards (seeds 000-004), a wrong board is refused, and a board's outcome is recorded once,
by the people who may, with what a sign-off or a return needs."""

import json
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone

from threadline.core.access import NotAllowed
from threadline.core.models import AuditAction, AuditEvent, Role
from threadline.core.testing import make_person
from threadline.incidents.tests.builders import ENGLISH, LOCAL, NATIONAL, SCOTTISH, framework_version, london
from threadline.learning.testing import make_action_plan
from threadline.reviews.domain import governance as rules
from threadline.reviews.domain.errors import ReviewRuleError
from threadline.reviews.models import GovernanceSubmission, Meeting, MeetingKind, SubmissionOutcome
from threadline.reviews.selectors.governance import awaiting_board_of, recorded_items
from threadline.reviews.services import review_start
from threadline.reviews.services.governance import (
    review_governance_outcome_record,
    review_governance_submit,
)

from .conftest import notified, on

BUILTIN = Path(__file__).resolve().parents[2] / "frameworks" / "fixtures" / "builtin"
SUBMITTED = date(2025, 3, 10)
LATER = date(2025, 3, 20)


# --- the routes (pure)


@pytest.mark.parametrize(
    ("framework", "subject", "boards"),
    [
        # seed 000 §14, §12.1, §13.1
        (rules.YJS, "ilr-outcome", [rules.YJOG, rules.YJEB]),
        (rules.YJS, "service-managers-report", [rules.YJEB]),
        (rules.YJS, "flr-report", [rules.YJEB, rules.YJOG]),
        (rules.YJS, "learning", [rules.YJOG, rules.YJEB]),
        # seed 001 §2.9, §1.2.1, §2.7.5
        (rules.ENGLISH, "rapid-review", [rules.PARTNERSHIP_EXECUTIVE, rules.NATIONAL_PANEL]),
        (rules.ENGLISH, "decision", [rules.PARTNERSHIP_EXECUTIVE, rules.OVERSIGHT_GROUP]),
        (rules.ENGLISH, "final-report", [rules.PARTNERSHIP_EXECUTIVE, rules.NATIONAL_PANEL]),
        # seed 002 recommendations 7, 8, 11; §3.35
        (rules.NATIONAL, "critical-learning-report", [rules.YOT_BOARD, rules.YJB, rules.LSCB]),
        (rules.NATIONAL, "action-plan", [rules.YOT_BOARD, rules.LSCB]),
        # seed 003 Phase 3, Post Review
        (rules.LOCAL, "key-findings", [rules.CASE_REVIEW_GROUP, rules.BUSINESS_GROUP]),
        (rules.LOCAL, "action-plan", [rules.BUSINESS_GROUP, rules.THE_BOARD]),
        (rules.LOCAL, "annual-report", [rules.THE_BOARD]),
        # seed 004 process map 3-5, The Report
        (rules.SCOTTISH, "recommendation", [rules.CPC]),
        (rules.SCOTTISH, "decision", [rules.COG, rules.CARE_INSPECTORATE]),
        (rules.SCOTTISH, "final-report", [rules.CPC, rules.COG, rules.CARE_INSPECTORATE]),
        (rules.SCOTTISH, "publication", [rules.COG]),
    ],
)
def test_each_framework_routes_its_subjects_to_its_boards(framework, subject, boards):
    assert [board.key for board in rules.route(framework, subject)] == boards


def test_the_board_names_are_the_seeds_words():
    labels = {b.key: b.label for b in rules.boards_of(rules.YJS)}
    assert labels[rules.YJOG] == "Youth Justice Operational Group (YJOG)"
    assert labels[rules.YJEB] == "Youth Justice Executive Board (YJEB)"
    assert {b.label for b in rules.boards_of(rules.SCOTTISH)} >= {
        "Child Protection Committee (CPC)",
        "Chief Officers Group (COG)",
    }
    assert "Child Safeguarding Practice Review Panel" in {b.label for b in rules.boards_of(rules.ENGLISH)}


def test_every_built_in_framework_has_its_own_boards_and_every_subject_goes_somewhere():
    keys = {json.loads(path.read_text())["framework"]["key"] for path in BUILTIN.glob("*.json")}
    assert keys == set(rules.GOVERNANCE)
    for key in keys:
        governance = rules.governance_of(key)
        assert not governance.generic
        subjects = [s.key for s in governance.subjects]
        assert len(subjects) == len(set(subjects))
        for subject in governance.subjects:
            routed = rules.route(key, subject.key)
            assert routed and None not in routed, f"{key}: {subject.key} goes nowhere"
            assert subject.source.startswith("seed ")
        assert any(s.report for s in governance.subjects), f"{key} has no report to sign off"
        assert any(s.action_plan for s in governance.subjects), f"{key} shares no action plan"


def test_a_framework_without_boards_of_its_own_sends_everything_to_one_governance_board():
    governance = rules.governance_of("made-by-an-administrator")
    assert governance.generic
    assert [b.label for b in rules.route("made-by-an-administrator", "final-report")] == ["Governance board"]
    assert rules.route("made-by-an-administrator", "no-such-thing") == []
    assert rules.route(rules.YJS, "no-such-thing") == []


def test_the_domain_outcomes_are_the_models():
    assert set(rules.RECORDED_OUTCOMES) | {rules.AWAITING} == set(SubmissionOutcome.values)


def submission(**changes):
    given = {
        "subject_key": "flr-report",
        "board_keys": [rules.YJEB],
        "submitted_on": SUBMITTED,
        "review_started_on": date(2025, 3, 4),
        "today": LATER,
    }
    return rules.submission_problems(rules.YJS, **{**given, **changes})


def test_a_subject_sent_to_a_board_it_does_not_go_to_is_refused_naming_where_it_goes():
    assert submission() == []
    [(field, message)] = submission(subject_key="service-managers-report", board_keys=[rules.YJOG])
    assert field == "boards"
    assert message == (
        "‘Action plan in the service managers' report’ goes to the Youth Justice Executive Board (YJEB), "
        "not to the Youth Justice Operational Group (YJOG)"
    )
    assert submission(board_keys=[rules.CPC]) == [
        ("boards", "Choose a board this review's framework sends things to")
    ]
    assert submission(board_keys=[]) == [("boards", "Choose the board it goes to")]
    assert submission(subject_key="") == [("subject", "Choose what is going to the board")]


@pytest.mark.parametrize(
    ("submitted_on", "message"),
    [
        (None, "Enter the date it was submitted"),
        (date(2025, 3, 21), "The date it was submitted must be today or in the past"),
        (date(2025, 3, 3), "The date it was submitted cannot be before the review started"),
    ],
)
def test_the_submission_date_is_known_not_in_the_future_and_not_before_the_review(submitted_on, message):
    assert submission(submitted_on=submitted_on) == [("submitted_on", message)]


def outcome(**changes):
    given = {
        "outcome": rules.SIGNED_OFF,
        "outcome_on": LATER,
        "signed_off_by": "Cllr Ann Hughes, chair of the YJEB",
        "comments": "",
        "submitted_on": SUBMITTED,
        "today": LATER,
    }
    return rules.outcome_problems(**{**given, **changes})


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"outcome": "awaiting"}, "outcome", "Choose what the board did"),
        ({"outcome_on": None}, "outcome_on", "Enter the date of the board's outcome"),
        ({"outcome_on": date(2025, 3, 21)}, "outcome_on", "must be today or in the past"),
        ({"outcome_on": date(2025, 3, 9)}, "outcome_on", "cannot be before it was submitted"),
        ({"signed_off_by": "  "}, "signed_off_by", "Enter who signed it off, with their role"),
        ({"outcome": rules.RETURNED, "comments": ""}, "comments", "Enter what the board asked to change"),
    ],
)
def test_the_outcome_rules(changes, field, message):
    [(named, text)] = outcome(**changes)
    assert named == field and message in text


def test_a_noted_or_returned_outcome_needs_no_one_to_sign_it_off():
    assert outcome(outcome=rules.NOTED, signed_off_by="") == []
    assert outcome(outcome=rules.RETURNED, signed_off_by="", comments="Name the agencies") == []
    assert outcome(outcome_on=SUBMITTED) == []


# --- the services


@pytest.fixture
def review(review, manager, organisation):
    """The review with an action plan: reports and action plans do not go to a board without one."""
    with_plan(manager, organisation, review)
    return review


def with_plan(manager, organisation, review):
    with on(date(2025, 3, 4)):
        make_action_plan(actor=manager, review=review, owner=manager, organisation=organisation)
    return review


@pytest.fixture
def board_member(organisation):
    return make_person(organisation, Role.GOVERNANCE_BOARD_MEMBER, full_name="Bea Board")


@pytest.fixture
def administrator(organisation):
    return make_person(organisation, Role.REVIEW_ADMINISTRATOR, full_name="Ade Admin")


def submit(actor, review, **changes):
    given = {
        "subject": "ilr-outcome",
        "boards": [rules.YJOG, rules.YJEB],
        "submitted_on": SUBMITTED,
        "summary": "ILR outcome and the immediate action plan",
    }
    with on(LATER):
        return review_governance_submit(actor=actor, review=review, **{**given, **changes})


def record(actor, item, **changes):
    given = {
        "outcome": "signed-off",
        "outcome_on": LATER,
        "signed_off_by": "Cllr Ann Hughes, chair of the YJEB",
        "comments": "",
    }
    with on(LATER):
        return review_governance_outcome_record(actor=actor, submission=item, **{**given, **changes})


@pytest.mark.django_db
def test_submitting_to_two_boards_makes_one_submission_each_awaiting_and_audited(manager, review):
    before = AuditEvent.objects.count()
    made = submit(manager, review)
    assert [(s.board, s.board_label, s.outcome) for s in made] == [
        (rules.YJOG, "Youth Justice Operational Group (YJOG)", "awaiting"),
        (rules.YJEB, "Youth Justice Executive Board (YJEB)", "awaiting"),
    ]
    assert {s.subject_label for s in made} == {"Initial Learning Review outcome and action plan"}
    assert all(s.submitted_by == manager and s.submitted_on == SUBMITTED for s in made)
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("pk")
    assert event.action == AuditAction.CREATE and event.target_id == str(review.pk)
    assert event.detail["governance_submissions"] == [s.pk for s in made]
    assert event.detail["boards"] == [rules.YJOG, rules.YJEB]
    assert "immediate action plan" not in json.dumps(event.detail)


@pytest.mark.django_db
def test_a_wrong_board_is_refused_by_the_service_and_nothing_is_saved(manager, review):
    with pytest.raises(ReviewRuleError, match="goes to the Youth Justice Executive Board") as refused:
        submit(manager, review, subject="service-managers-report", boards=[rules.YJOG])
    assert refused.value.field == "boards"
    with pytest.raises(ReviewRuleError) as refused:
        submit(manager, review, submitted_on=date(2025, 3, 21), boards=[])
    assert [field for field, _ in refused.value.problems] == ["boards", "submitted_on"]
    assert not GovernanceSubmission.objects.exists()


@pytest.mark.django_db
def test_the_submission_date_cannot_be_before_the_review_started(manager, review):
    with pytest.raises(ReviewRuleError, match="before the review started"):
        submit(manager, review, submitted_on=date(2025, 3, 3))


@pytest.mark.django_db
def test_the_same_thing_cannot_wait_twice_at_one_board_but_goes_again_once_returned(
    manager, board_member, review
):
    first, _ = submit(manager, review)
    with pytest.raises(ReviewRuleError, match="already with the Youth Justice Operational Group") as again:
        submit(manager, review, boards=[rules.YJOG])
    assert again.value.field == "boards"
    record(board_member, first, outcome="returned", signed_off_by="", comments="Add the police actions")
    [second] = submit(manager, review, boards=[rules.YJOG])
    assert second.pk != first.pk and second.outcome == "awaiting"
    assert GovernanceSubmission.objects.get(pk=first.pk).outcome == "returned"


def meeting_of(review, kind=MeetingKind.GOVERNANCE_BOARD, **changes):
    return Meeting.objects.create(
        review=review,
        kind=kind,
        title="Youth Justice Executive Board",
        starts_at=london(2025, 3, 18, 14, 0),
        ends_at=london(2025, 3, 18, 16, 0),
        **changes,
    )


@pytest.mark.django_db
def test_a_submission_may_name_a_board_meeting_of_this_review_only(manager, organisation, yjs, review):
    board_meeting = meeting_of(review)
    [made] = submit(manager, review, boards=[rules.YJEB], meeting=board_meeting)
    assert made.meeting == board_meeting
    with pytest.raises(ReviewRuleError, match="Choose a governance board meeting of this review") as refused:
        submit(manager, review, subject="learning", boards=[rules.YJEB], meeting=meeting_of(review, "panel"))
    assert refused.value.field == "meeting"
    with on(date(2025, 3, 4)):
        other_review = review_start(actor=manager, incident=notified(manager, organisation, yjs))
    with pytest.raises(ReviewRuleError, match="of this review"):
        submit(manager, review, subject="learning", boards=[rules.YJEB], meeting=meeting_of(other_review))
    cancelled = meeting_of(review, cancelled_at=timezone.now())
    with pytest.raises(ReviewRuleError, match="cancelled"):
        submit(manager, review, subject="learning", boards=[rules.YJEB], meeting=cancelled)


@pytest.mark.django_db
def test_signing_off_records_who_when_and_by_whom_and_is_audited(manager, board_member, review):
    item, _ = submit(manager, review)
    done = record(board_member, item)
    assert done.outcome == "signed-off" and done.outcome_on == LATER
    assert done.signed_off_by == "Cllr Ann Hughes, chair of the YJEB"
    assert done.outcome_recorded_by == board_member and done.outcome_recorded_at is not None
    event = AuditEvent.objects.latest("pk")
    assert event.action == AuditAction.CHANGE and event.actor == board_member
    assert event.detail == {
        "governance_submission": item.pk,
        "board": rules.YJOG,
        "subject": "ilr-outcome",
        "outcome": "signed-off",
        "outcome_on": "2025-03-20",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"signed_off_by": ""}, "signed_off_by"),
        ({"outcome": "returned", "signed_off_by": "", "comments": " "}, "comments"),
        ({"outcome_on": date(2025, 3, 9)}, "outcome_on"),
        ({"outcome_on": date(2025, 3, 21)}, "outcome_on"),
        ({"outcome_on": None}, "outcome_on"),
        ({"outcome": "awaiting"}, "outcome"),
    ],
)
def test_an_outcome_breaking_a_rule_is_refused_and_nothing_changes(manager, review, changes, field):
    item, _ = submit(manager, review)
    with pytest.raises(ReviewRuleError) as refused:
        record(manager, item, **changes)
    assert refused.value.field == field
    assert GovernanceSubmission.objects.get(pk=item.pk).outcome == "awaiting"


@pytest.mark.django_db
def test_an_outcome_is_recorded_once(manager, board_member, review):
    item, _ = submit(manager, review)
    record(board_member, item, outcome="noted", signed_off_by="")
    with pytest.raises(ReviewRuleError, match="already recorded") as refused:
        record(manager, item)
    assert refused.value.field == "outcome"
    assert GovernanceSubmission.objects.get(pk=item.pk).outcome == "noted"


@pytest.mark.django_db
def test_who_signed_it_off_is_kept_only_for_a_sign_off(manager, review):
    item, _ = submit(manager, review)
    noted = record(manager, item, outcome="noted", signed_off_by="Typed by mistake")
    assert noted.signed_off_by == ""


@pytest.mark.django_db
def test_only_the_review_leaders_submit_and_only_board_members_and_managers_record_sign_off(
    manager, chair, reviewer, administrator, board_member, stranger, review
):
    for person in (reviewer, board_member, stranger):
        with pytest.raises(NotAllowed):
            submit(person, review)
    assert not GovernanceSubmission.objects.exists()
    [by_admin] = submit(administrator, review, boards=[rules.YJOG])
    [by_chair] = submit(chair, review, boards=[rules.YJEB])
    for person in (reviewer, administrator, chair, stranger):
        with pytest.raises(NotAllowed):
            record(person, by_admin)
    assert record(board_member, by_admin).outcome == "signed-off"
    assert record(manager, by_chair).outcome == "signed-off"


# --- what the stage pages and the home panel read


@pytest.mark.django_db
def test_recorded_items_say_what_was_shared_and_signed_off_and_nothing_before(manager, board_member, review):
    assert recorded_items(review) == {}
    ilr_yjog, ilr_yjeb = submit(manager, review)
    found = recorded_items(review)
    assert found == {
        "boards": "Youth Justice Operational Group (YJOG) on 10 March 2025; "
        "Youth Justice Executive Board (YJEB) on 10 March 2025",
        "action-plan-shared": "Shared with the Youth Justice Operational Group (YJOG) on 10 March 2025; "
        "Shared with the Youth Justice Executive Board (YJEB) on 10 March 2025",
    }
    # A sign-off of something that is not the report is not the report's sign-off.
    record(board_member, ilr_yjeb)
    assert "signed-off-by" not in recorded_items(review)
    [report] = submit(
        manager, review, subject="flr-report", boards=[rules.YJEB], submitted_on=date(2025, 3, 12)
    )
    assert "signed-off-by" not in recorded_items(review)
    record(board_member, report, signed_off_by="Cllr Ann Hughes, chair of the YJEB")
    assert recorded_items(review)["signed-off-by"] == (
        "Signed off by Cllr Ann Hughes, chair of the YJEB on 20 March 2025 (Youth Justice Executive Board (YJEB))"
    )


@pytest.mark.django_db
def test_a_scottish_report_is_signed_off_by_the_committee_and_the_chief_officers(manager, organisation):
    version = framework_version(SCOTTISH)
    incident = notified(manager, organisation, version)
    with on(date(2025, 3, 4)):
        review = review_start(actor=manager, incident=incident)
    with_plan(manager, organisation, review)
    cpc, cog = submit(manager, review, subject="final-report", boards=[rules.CPC, rules.COG])
    record(manager, cpc, signed_off_by="Dr Elaine Rennie, chair of the CPC")
    record(manager, cog, signed_off_by="Morag Fraser, chief executive, for the COG")
    assert recorded_items(review)["signed-off-by"] == (
        "Signed off by Dr Elaine Rennie, chair of the CPC on 20 March 2025 (Child Protection Committee (CPC)); "
        "Signed off by Morag Fraser, chief executive, for the COG on 20 March 2025 (Chief Officers Group (COG))"
    )
    with pytest.raises(ReviewRuleError, match="not to the Chief Officers Group"):
        submit(manager, review, subject="recommendation", boards=[rules.COG])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "subject", "board"),
    [
        (ENGLISH, "final-report", rules.NATIONAL_PANEL),
        (LOCAL, "annual-report", rules.THE_BOARD),
        (NATIONAL, "critical-learning-report", rules.YOT_BOARD),
    ],
)
def test_the_other_frameworks_take_their_own_subjects_to_their_own_boards(
    manager, organisation, key, subject, board
):
    incident = notified(manager, organisation, framework_version(key))
    with on(date(2025, 3, 4)):
        review = review_start(actor=manager, incident=incident)
    with_plan(manager, organisation, review)
    [made] = submit(manager, review, subject=subject, boards=[board])
    assert made.board_label == rules.governance_of(key).board(board).label
    with pytest.raises(ReviewRuleError, match="Choose a board this review's framework"):
        submit(manager, review, subject=subject, boards=[rules.YJEB])


@pytest.mark.django_db
def test_awaiting_board_lists_what_waits_in_the_reviews_the_actor_may_sign_off(
    manager, board_member, reviewer, stranger, review, other_organisation
):
    first, second = submit(manager, review)
    assert awaiting_board_of(board_member) == [first, second]
    record(board_member, first, outcome="noted", signed_off_by="")
    assert awaiting_board_of(board_member) == [second]
    assert awaiting_board_of(reviewer) == []
    assert awaiting_board_of(stranger) == []
    outsider_board = make_person(other_organisation, Role.GOVERNANCE_BOARD_MEMBER)
    assert awaiting_board_of(outsider_board) == []
