"""The action plan pulled through into what a review sends to its boards (issue 7 item 6; seed
002 §3.10): every report carries it, a subject carrying it is refused while the plan has no
action, the board's copy is frozen when submitted, and the copy is seen (and downloaded) only
by those who may see the review."""

import json
from datetime import date

import pytest
from django.urls import reverse

from threadline.core.models import AuditAction, AuditEvent
from threadline.core.testing import assert_isolated
from threadline.frameworks.tests.conftest import error_summary, field_error, page_text
from threadline.incidents.tests.builders import framework_version
from threadline.learning.services.actions import action_create
from threadline.learning.services.updates import action_update_post
from threadline.learning.testing import make_action_plan
from threadline.reviews import extensions
from threadline.reviews.domain import governance as rules
from threadline.reviews.domain.errors import ReviewRuleError
from threadline.reviews.models import GovernanceSubmission
from threadline.reviews.services import review_start
from threadline.reviews.services.governance import review_governance_submit

from .conftest import notified, on

STARTED = date(2025, 3, 4)
TODAY = date(2025, 3, 20)


def plan_of(manager, organisation, review):
    with on(STARTED):
        return make_action_plan(actor=manager, review=review, owner=manager, organisation=organisation)


def submit(actor, review, subject="flr-report", boards=(rules.YJEB,), **changes):
    with on(TODAY):
        return review_governance_submit(
            actor=actor,
            review=review,
            subject=subject,
            boards=list(boards),
            submitted_on=changes.pop("submitted_on", date(2025, 3, 10)),
            summary=changes.pop("summary", "FLR report, version 3"),
            **changes,
        )


def all_subjects():
    frameworks = [*rules.GOVERNANCE, "made-by-an-administrator"]
    return [(key, s) for key in frameworks for s in rules.governance_of(key).subjects]


# --- the domain tables


@pytest.mark.parametrize(("framework", "subject"), all_subjects(), ids=lambda v: getattr(v, "key", v))
def test_every_report_carries_the_action_plan(framework, subject):
    if subject.report:
        assert subject.action_plan, f"{framework}: the report {subject.key} goes without the action plan"


def test_a_report_without_the_action_plan_cannot_be_written_down():
    with pytest.raises(ValueError, match="must carry the action plan"):
        rules.Subject("final-report", "Final report", ("board",), "Sign-off", "issue 5", report=True)


def test_the_reports_that_did_not_carry_it_now_do():
    assert rules.governance_of(rules.NATIONAL).subject("critical-learning-report").action_plan
    assert rules.governance_of(rules.ENGLISH).subject("final-report").action_plan
    assert rules.governance_of(rules.LOCAL).subject("key-findings").action_plan
    assert rules.governance_of("made-by-an-administrator").subject("final-report").action_plan
    assert not rules.governance_of(rules.YJS).subject("learning").action_plan


# --- the service


@pytest.mark.django_db
def test_a_subject_carrying_the_plan_is_refused_while_the_plan_has_no_action(manager, review):
    with pytest.raises(ReviewRuleError) as refused:
        submit(manager, review)
    assert refused.value.field == "subject"
    assert str(refused.value.problems[0][1]) == (
        "‘Full Learning Review report and action plan’ carries the review's action plan, which has no "
        "actions yet. Add them on the review's ‘Action plan’ page, then submit it"
    )
    assert not GovernanceSubmission.objects.exists()
    # What does not carry the plan goes without one.
    [learning] = submit(manager, review, subject="learning")
    assert learning.action_plan is None


@pytest.mark.django_db
def test_a_plan_whose_only_action_was_removed_is_no_plan(manager, organisation, review):
    from threadline.learning.services.actions import action_remove

    plan = plan_of(manager, organisation, review)
    with on(STARTED):
        action_remove(actor=manager, action=plan.action, reason="Duplicated another agency's action")
    with pytest.raises(ReviewRuleError, match="has no actions yet"):
        submit(manager, review, subject="ilr-outcome", boards=[rules.YJOG])


@pytest.mark.django_db
def test_a_report_keeps_the_plan_as_it_was_and_later_changes_leave_it_alone(manager, organisation, review):
    plan = plan_of(manager, organisation, review)
    [report] = submit(manager, review)
    kept = GovernanceSubmission.objects.get(pk=report.pk).action_plan
    assert kept["counts"]["actions"] == 1
    [recommendation] = kept["recommendations"]
    assert recommendation["title"] == "Share exploitation concerns the same day"
    assert (
        recommendation["actions"][0]["description"] == "Train the duty team in sharing exploitation concerns"
    )
    assert recommendation["actions"][0]["status_label"] == "Not started"
    event = AuditEvent.objects.filter(action=AuditAction.CREATE, target_id=str(review.pk)).latest("pk")
    assert event.detail["action_plan_actions"] == 1

    with on(date(2025, 3, 25)):
        action_update_post(
            actor=manager, action=plan.action, text="Half the duty team trained", status="in-progress"
        )
        action_create(
            actor=manager,
            recommendation=plan.recommendation,
            description="Audit twenty referrals each quarter",
            level="strategic",
            owner_organisation=organisation,
            owner=manager,
            due_on=date(2025, 5, 30),
            success_measure="Audit reported to the board",
            check_back_on=date(2025, 9, 1),
        )
    assert GovernanceSubmission.objects.get(pk=report.pk).action_plan == kept

    # Submitted again, it carries the plan as it is then.
    with on(TODAY):
        from threadline.reviews.services.governance import review_governance_outcome_record

        review_governance_outcome_record(
            actor=manager, submission=report, outcome="returned", outcome_on=TODAY, comments="Add the audit"
        )
    with on(date(2025, 3, 26)):
        [again] = review_governance_submit(
            actor=manager,
            review=review,
            subject="flr-report",
            boards=[rules.YJEB],
            submitted_on=date(2025, 3, 26),
        )
    fresh = again.action_plan
    assert fresh["counts"]["actions"] == 2
    actions = fresh["recommendations"][0]["actions"]
    assert [a["status_label"] for a in actions] == ["In progress", "Not started"]
    assert actions[0]["latest_update"] == {"on": "2025-03-25", "text": "Half the duty team trained"}
    assert GovernanceSubmission.objects.get(pk=report.pk).action_plan == kept


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "subject", "board"),
    [
        ("national-youth-justice-incident", "critical-learning-report", rules.YOT_BOARD),
        ("english-practice-review", "final-report", rules.PARTNERSHIP_EXECUTIVE),
        ("local-board-learning-review", "key-findings", rules.CASE_REVIEW_GROUP),
        ("scottish-learning-review", "final-report", rules.CPC),
    ],
)
def test_every_framework_s_report_carries_the_plan(manager, organisation, key, subject, board):
    with on(STARTED):
        review = review_start(actor=manager, incident=notified(manager, organisation, framework_version(key)))
    with pytest.raises(ReviewRuleError, match="carries the review's action plan"):
        submit(manager, review, subject=subject, boards=[board])
    plan_of(manager, organisation, review)
    [made] = submit(manager, review, subject=subject, boards=[board])
    assert made.action_plan["counts"]["actions"] == 1
    assert made.action_plan["incident_reference"] == review.incident.reference


@pytest.mark.django_db
def test_the_kept_plan_names_the_child_by_pseudonym_only(manager, organisation, review):
    plan_of(manager, organisation, review)
    [report] = submit(manager, review)
    stored = json.dumps(GovernanceSubmission.objects.get(pk=report.pk).action_plan)
    child = review.incident.child
    assert child.pseudonym in stored
    assert child.full_name not in stored


# --- the pages


def page_url(review):
    return reverse("reviews:governance", kwargs={"pk": review.pk})


def submit_url(review):
    return reverse("reviews:governance_submit", kwargs={"pk": review.pk})


def kept_url(review, item, pdf=False):
    name = "reviews:governance_action_plan_pdf" if pdf else "reviews:governance_action_plan"
    return reverse(name, kwargs={"pk": review.pk, "submission_pk": item.pk})


def date_parts(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


@pytest.mark.django_db
def test_submitting_without_a_plan_says_so_next_to_the_subject_and_keeps_what_was_typed(
    client, manager, review
):
    client.force_login(manager)
    typed = {
        "subject": "flr-report",
        "boards": [rules.YJEB],
        "summary": "FLR report, version 2",
        **date_parts("submitted_on", date(2025, 3, 10)),
    }
    with on(TODAY):
        refused = client.post(submit_url(review), typed)
    assert refused.status_code == 200
    assert "carries the review's action plan, which has no actions yet" in field_error(refused, "id_subject")
    assert "‘Action plan’ page" in field_error(refused, "id_subject")
    assert len(error_summary(refused)) == 1
    body = page_text(refused)
    assert reverse("learning:actions", kwargs={"review_pk": review.pk}) in body
    assert "FLR report, version 2</textarea>" in body
    assert 'value="flr-report" aria-describedby="id_subject-2-item-hint" checked' in body
    assert 'value="executive-board" checked' in body
    assert 'name="submitted_on_0" type="text" inputmode="numeric" value="10"' in body
    assert not GovernanceSubmission.objects.exists()


@pytest.mark.django_db
def test_the_governance_page_links_each_kept_plan_which_shows_the_plan_as_submitted(
    client, manager, organisation, review
):
    plan = plan_of(manager, organisation, review)
    [report] = submit(manager, review)
    [learning] = submit(manager, review, subject="learning")
    with on(date(2025, 3, 25)):
        action_update_post(actor=manager, action=plan.action, text="Half trained", status="in-progress")
    client.force_login(manager)
    with on(TODAY):
        body = page_text(client.get(page_url(review)))
    assert body.count("Action plan as submitted (1 action)") == 1
    assert kept_url(review, report) in body and kept_url(review, learning) not in body
    with on(TODAY):
        shown = client.get(kept_url(review, report))
    text = page_text(shown)
    assert shown.status_code == 200
    assert '<h1 class="govuk-heading-l">Action plan as submitted</h1>' in text
    assert "to the Youth Justice Executive Board (YJEB) (submitted on 10 March 2025)" in text
    # When the snapshot was taken, which a submission dated in the past does not change.
    assert "as it stood when that was recorded on 20 March 2025" in text
    assert "Train the duty team in sharing exploitation concerns" in text
    assert "Not started" in text and "Half trained" not in text
    assert review.incident.child.pseudonym in text
    assert kept_url(review, report, pdf=True) in text
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, target_id=str(review.pk), detail__governance_submission=report.pk
    ).exists()


@pytest.mark.django_db
def test_the_kept_plan_and_its_pdf_are_isolated_and_not_found_without_a_plan(
    client, manager, organisation, yjs, review
):
    plan_of(manager, organisation, review)
    [report] = submit(manager, review)
    [learning] = submit(manager, review, subject="learning")
    for url in (kept_url(review, report), kept_url(review, report, pdf=True)):
        assert_isolated(client, url, owner=manager)
    client.force_login(manager)
    assert client.get(kept_url(review, learning)).status_code == 404
    assert client.get(kept_url(review, learning, pdf=True)).status_code == 404
    with on(STARTED):
        other = review_start(actor=manager, incident=notified(manager, organisation, yjs))
    assert client.get(kept_url(other, report)).status_code == 404


@pytest.mark.django_db
def test_the_kept_plan_downloads_as_a_pdf_named_by_the_reference_and_audited(
    client, manager, organisation, review
):
    plan_of(manager, organisation, review)
    [report] = submit(manager, review)
    client.force_login(manager)
    response = client.get(kept_url(review, report, pdf=True))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    disposition = response["Content-Disposition"]
    assert disposition == (
        f'attachment; filename="action-plan-{review.incident.reference}-as-submitted-2025-03-10.pdf"'
    )
    assert review.incident.child.pseudonym not in disposition
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT, target_id=str(review.pk)).get()
    assert event.detail["governance_submission"] == report.pk and event.detail["actions"] == 1


@pytest.mark.django_db
def test_the_outcome_page_links_the_kept_plan(client, manager, organisation, review):
    plan_of(manager, organisation, review)
    [report] = submit(manager, review)
    client.force_login(manager)
    with on(TODAY):
        body = page_text(
            client.get(
                reverse("reviews:governance_outcome", kwargs={"pk": review.pk, "submission_pk": report.pk})
            )
        )
    assert kept_url(review, report) in body


def test_the_file_name_never_holds_more_than_the_reference():
    assert (
        extensions.action_plan_file_name({"incident_reference": "YJS/2025 01"})
        == "action-plan-YJS-2025-01.pdf"
    )
    assert extensions.action_plan_file_name({}) == "action-plan-review.pdf"
