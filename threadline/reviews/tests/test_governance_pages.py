"""The governance pages with the test client: where things go, submitting to a board, recording
its outcome (errors next to the fields, nothing typed lost), who may do what, isolation between
organisations, the home panel "Awaiting your board" and the demo data."""

from datetime import date

import pytest
from django.urls import reverse

import threadline.reviews.panels_governance  # noqa: F401 — registers the home panel, as apps.py does
from threadline.core.models import Role
from threadline.core.testing import assert_isolated, make_person
from threadline.frameworks.tests.conftest import error_summary, field_error, page_text, page_title
from threadline.incidents.tests.builders import framework_version, london
from threadline.learning.testing import make_action_plan
from threadline.reviews.demo_governance import load_demo_data
from threadline.reviews.domain import governance as rules
from threadline.reviews.models import GovernanceSubmission, Meeting, MeetingKind
from threadline.reviews.services import review_start
from threadline.reviews.services.governance import (
    review_governance_outcome_record,
    review_governance_submit,
)

from .conftest import notified, on

pytestmark = pytest.mark.django_db

TODAY = date(2025, 3, 20)


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


def page_url(review):
    return reverse("reviews:governance", kwargs={"pk": review.pk})


def submit_url(review):
    return reverse("reviews:governance_submit", kwargs={"pk": review.pk})


def outcome_url(review, item):
    return reverse("reviews:governance_outcome", kwargs={"pk": review.pk, "submission_pk": item.pk})


def date_parts(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def submitted(manager, review, subject="flr-report", boards=(rules.YJEB,), **changes):
    with on(TODAY):
        return review_governance_submit(
            actor=manager,
            review=review,
            subject=subject,
            boards=list(boards),
            submitted_on=date(2025, 3, 10),
            summary=changes.pop("summary", "FLR report, version 3"),
            **changes,
        )


def test_the_governance_page_shows_the_routes_and_what_was_sent_with_its_outcome(
    client, manager, board_member, review
):
    (report,) = submitted(manager, review)
    (plan,) = submitted(manager, review, subject="service-managers-report")
    with on(TODAY):
        review_governance_outcome_record(
            actor=board_member,
            submission=report,
            outcome="signed-off",
            outcome_on=date(2025, 3, 18),
            signed_off_by="Cllr Ann Hughes, chair of the YJEB",
        )
    client.force_login(manager)
    with on(TODAY):
        response = client.get(page_url(review))
    body = page_text(response)
    assert page_title(response).startswith("Governance of the review of")
    assert "Where the framework sends things" in body
    assert "Initial Learning Review outcome and action plan" in body
    assert "Youth Justice Operational Group (YJOG)" in body and "Seed 000 §12.1" in body
    assert f"{submit_url(review)}?subject=flr-report" in body
    assert "Sent to the boards" in body and "FLR report, version 3" in body
    assert 'govuk-tag--green">Signed off</strong>' in body
    assert "On 18 March 2025, by Cllr Ann Hughes, chair of the YJEB." in body
    assert 'govuk-tag--yellow">Awaiting the board</strong>' in body
    assert outcome_url(review, plan) in body and outcome_url(review, report) not in body


def test_a_reviewer_sees_the_page_but_not_the_ways_to_change_it(client, manager, reviewer, review):
    (item,) = submitted(manager, review)
    client.force_login(reviewer)
    body = page_text(client.get(page_url(review)))
    assert "Where the framework sends things" in body
    assert submit_url(review) not in body and outcome_url(review, item) not in body
    assert client.get(submit_url(review)).status_code == 403
    assert client.post(submit_url(review), {"subject": "learning"}).status_code == 403
    assert client.get(outcome_url(review, item)).status_code == 403
    assert client.post(outcome_url(review, item), {"outcome": "signed-off"}).status_code == 403
    assert GovernanceSubmission.objects.get(pk=item.pk).outcome == "awaiting"


def test_coming_from_a_subject_chooses_it_and_its_boards(client, manager, review):
    client.force_login(manager)
    with on(TODAY):
        body = page_text(client.get(f"{submit_url(review)}?subject=ilr-outcome"))
    assert 'value="ilr-outcome" aria-describedby="id_subject-item-hint" checked' in body
    assert (
        "Goes to the Youth Justice Operational Group (YJOG) and the Youth Justice Executive Board (YJEB)"
        in body
    )
    assert 'value="operational-group" checked' in body and 'value="executive-board" checked' in body
    assert 'name="submitted_on_0" type="text" inputmode="numeric" value="20"' in body


def test_submitting_with_mistakes_names_each_by_its_field_and_keeps_what_was_typed(client, manager, review):
    client.force_login(manager)
    typed = {
        "subject": "service-managers-report",
        "boards": [rules.YJOG],
        "summary": "Section 4 of the quarterly report",
        **date_parts("submitted_on", date(2025, 3, 3)),
    }
    with on(TODAY):
        refused = client.post(submit_url(review), typed)
    assert refused.status_code == 200
    assert page_title(refused).startswith("Error: ")
    assert field_error(refused, "id_boards") == (
        "‘Action plan in the service managers' report’ goes to the Youth Justice Executive Board (YJEB), "
        "not to the Youth Justice Operational Group (YJOG)"
    )
    assert field_error(refused, "id_submitted_on") == (
        "The date it was submitted cannot be before the review started"
    )
    assert len(error_summary(refused)) == 2
    body = page_text(refused)
    assert "Section 4 of the quarterly report</textarea>" in body
    assert 'value="service-managers-report" aria-describedby="id_subject-1-item-hint" checked' in body
    assert 'value="operational-group" checked' in body
    assert 'name="submitted_on_0" type="text" inputmode="numeric" value="3"' in body
    with on(TODAY):
        nothing = client.post(submit_url(review), {})
    assert field_error(nothing, "id_subject") == "Choose what is going to the board"
    assert field_error(nothing, "id_submitted_on") == "Enter the date it was submitted"
    assert not GovernanceSubmission.objects.exists()


def test_submitting_to_a_board_meeting_of_the_review(client, manager, review):
    meeting = Meeting.objects.create(
        review=review,
        kind=MeetingKind.GOVERNANCE_BOARD,
        title="Youth Justice Executive Board",
        starts_at=london(2025, 3, 18, 14, 0),
        ends_at=london(2025, 3, 18, 16, 0),
    )
    client.force_login(manager)
    with on(TODAY):
        form = page_text(client.get(submit_url(review)))
        assert f'<option value="{meeting.pk}">Youth Justice Executive Board (18 March 2025)</option>' in form
        done = client.post(
            submit_url(review),
            {
                "subject": "service-managers-report",
                "boards": [rules.YJEB],
                "meeting": str(meeting.pk),
                "summary": "Section 4",
                **date_parts("submitted_on", date(2025, 3, 12)),
            },
        )
    assert done.status_code == 302 and done.url == page_url(review)
    made = GovernanceSubmission.objects.get(review=review)
    assert made.meeting == meeting and made.board == rules.YJEB and made.submitted_on == date(2025, 3, 12)
    with on(TODAY):
        body = page_text(client.get(page_url(review)))
        outcome_form = page_text(client.get(outcome_url(review, made)))
    assert "submitted to the Youth Justice Executive Board (YJEB)" in body
    assert "At Youth Justice Executive Board (18 March 2025)" in body
    # The board's date is offered from its meeting.
    assert 'name="outcome_on_0" type="text" inputmode="numeric" value="18"' in outcome_form


def test_recording_the_outcome_with_mistakes_keeps_what_was_typed_then_records_it(
    client, manager, board_member, review
):
    (item,) = submitted(manager, review)
    client.force_login(board_member)
    with on(TODAY):
        refused = client.post(
            outcome_url(review, item),
            {
                "outcome": "signed-off",
                "signed_off_by": "",
                "comments": "Well evidenced",
                **date_parts("outcome_on", date(2025, 3, 9)),
            },
        )
    assert refused.status_code == 200
    assert field_error(refused, "id_signed_off_by") == "Enter who signed it off, with their role"
    assert field_error(refused, "id_outcome_on") == "The board's outcome cannot be before it was submitted"
    body = page_text(refused)
    assert "Well evidenced</textarea>" in body and 'value="signed-off" checked' in body
    with on(TODAY):
        returned = client.post(
            outcome_url(review, item), {"outcome": "returned", **date_parts("outcome_on", date(2025, 3, 18))}
        )
    assert field_error(returned, "id_comments") == "Enter what the board asked to change"
    with on(TODAY):
        done = client.post(
            outcome_url(review, item),
            {
                "outcome": "signed-off",
                "signed_off_by": "Cllr Ann Hughes, chair of the YJEB",
                **date_parts("outcome_on", date(2025, 3, 18)),
            },
        )
    assert done.status_code == 302
    recorded = GovernanceSubmission.objects.get(pk=item.pk)
    assert (recorded.outcome, recorded.outcome_on, recorded.outcome_recorded_by) == (
        "signed-off",
        date(2025, 3, 18),
        board_member,
    )
    with on(TODAY):
        again = client.post(
            outcome_url(review, item), {"outcome": "noted", **date_parts("outcome_on", TODAY)}
        )
        shown = page_text(client.get(outcome_url(review, item)))
    assert "The board's outcome is already recorded" in " ".join(error_summary(again))
    assert GovernanceSubmission.objects.get(pk=item.pk).outcome == "signed-off"
    assert 'name="outcome"' not in shown and "Signed off on 18 March 2025 by Cllr Ann Hughes" in shown


def test_the_pages_are_isolated_and_a_submission_of_another_review_is_not_found(
    client, manager, organisation, yjs, review
):
    (item,) = submitted(manager, review)
    for url in (page_url(review), submit_url(review), outcome_url(review, item)):
        assert_isolated(client, url, owner=manager)
    with on(date(2025, 3, 4)):
        other = review_start(actor=manager, incident=notified(manager, organisation, yjs))
    client.force_login(manager)
    assert client.get(outcome_url(other, item)).status_code == 404
    assert client.post(outcome_url(other, item), {"outcome": "noted"}).status_code == 404


def test_a_scottish_review_goes_to_the_committee_and_the_chief_officers(client, manager, organisation):
    version = framework_version("scottish-learning-review")
    with on(date(2025, 3, 4)):
        review = review_start(actor=manager, incident=notified(manager, organisation, version))
    client.force_login(manager)
    body = page_text(client.get(page_url(review)))
    assert "Child Protection Committee (CPC)" in body and "Chief Officers Group (COG)" in body
    assert "Youth Justice Executive Board" not in body and "names no boards of its own" not in body


def test_the_home_panel_lists_what_awaits_the_board_until_its_outcome_is_recorded(
    client, manager, board_member, reviewer, other_organisation, review
):
    (item,) = submitted(manager, review)
    client.force_login(board_member)
    with on(TODAY):
        body = page_text(client.get("/"))
    assert "Awaiting your board" in body
    assert f"{review.incident.reference}: Full Learning Review report and action plan" in body
    assert outcome_url(review, item) in body
    assert "To the Youth Justice Executive Board (YJEB), submitted 10 March 2025." in body
    with on(TODAY):
        review_governance_outcome_record(
            actor=board_member, submission=item, outcome="noted", outcome_on=TODAY
        )
        body = page_text(client.get("/"))
    assert "Awaiting your board" in body and "Nothing is waiting for a board's outcome" in body
    client.force_login(reviewer)
    with on(TODAY):
        assert "Awaiting your board" not in page_text(client.get("/"))
    outsider = make_person(other_organisation, Role.GOVERNANCE_BOARD_MEMBER)
    client.force_login(outsider)
    submitted(manager, review, subject="learning")
    with on(TODAY):
        body = page_text(client.get("/"))
    assert "Nothing is waiting for a board's outcome" in body and review.incident.reference not in body


def test_the_demo_adds_governance_once(manager, review):
    with on(date(2025, 3, 4)):
        load_demo_data([review])
        made = list(GovernanceSubmission.objects.filter(review=review).order_by("pk"))
        load_demo_data([review])
    assert [s.subject for s in made] == ["ilr-outcome", "service-managers-report"]
    assert [s.outcome for s in made] == ["noted", "awaiting"]
    assert GovernanceSubmission.objects.filter(review=review).count() == len(made)
