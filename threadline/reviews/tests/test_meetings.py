"""Meetings and events of a review (issue 5 item 7; seeds 000, 003, 004): arranging, moving,
cancelling, minutes that two people cannot overwrite (item 12), attendance, and what the
stages read of them. The fixtures here are shared by the other test_meetings modules."""

from datetime import date, time

import pytest
import time_machine
from django_tasks_db.models import DBTaskResult

from threadline.core.access import NotAllowed
from threadline.core.models import AuditAction, AuditEvent
from threadline.core.testing import make_organisation
from threadline.incidents.tests.builders import CHILD_IDENTIFIERS, CHILD_NAME, london
from threadline.reviews.domain.errors import ReviewRuleError
from threadline.reviews.domain.meetings import MeetingTextsConflict
from threadline.reviews.models import Meeting, MeetingAttendee, MeetingRevision, ReviewTeamMember, TeamRole
from threadline.reviews.selectors.meetings import recorded_items
from threadline.reviews.services.meetings import (
    review_meeting_attendance_record,
    review_meeting_cancel,
    review_meeting_change,
    review_meeting_schedule,
    review_meeting_texts_save,
)
from threadline.reviews.tasks import send_meeting_invitations

from .conftest import on

pytestmark = pytest.mark.django_db

TASK_PATH = send_meeting_invitations.module_path
SECRETS = (CHILD_NAME, "Jayden", "Morrow", CHILD_IDENTIFIERS, "2009-03-14", "14 March 2009")
SAM = "Sam Patel <sam.patel@example.org>, Northbridge Schools Service"


@pytest.fixture
def health(db):
    return make_organisation("Northbridge Health Board")


@pytest.fixture
def team(review, organisation, chair, reviewer, health):
    def member(**fields):
        return ReviewTeamMember.objects.create(review=review, **fields)

    return {
        "chair": member(
            role=TeamRole.CHAIR,
            person=chair,
            name="Ruth Chair",
            email="chair@example.test",
            organisation=organisation,
        ),
        "reviewer": member(
            role=TeamRole.LEAD_REVIEWER,
            person=reviewer,
            name="Sofia Lind",
            email="sofia@example.test",
            organisation=organisation,
        ),
        "nurse": member(
            role=TeamRole.TEAM_MEMBER, name="Nia Evans", email="nia.evans@health.example", organisation=health
        ),
        "police": member(role=TeamRole.TEAM_MEMBER, name="PC Tom Reed", email="", organisation=health),
    }


def schedule(actor, review, **changes) -> Meeting:
    given = {
        "kind": "team-meeting",
        "title": "",
        "day": date(2025, 3, 12),
        "start_time": time(10, 0),
        "end_time": time(12, 0),
        "location": "Room 2, Northbridge Civic Centre",
        "agenda": "1. Gaps in the chronology\n2. Practitioner event",
        "team_member_ids": [],
        "other_invitees": SAM,
    }
    return review_meeting_schedule(actor=actor, review=review, **{**given, **changes})


def queued() -> list[list]:
    """The invitation runs waiting, as (meeting id, sequence)."""
    results = DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY")
    return sorted(r.args_kwargs["args"] for r in results)


def run_queued() -> int:
    """Run the waiting invitation tasks as the database worker does (the stored row names the
    task and its arguments), oldest change first."""
    sent = 0
    waiting = DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY")
    for result in sorted(waiting, key=lambda r: r.args_kwargs["args"]):
        stored = result.task_result
        sent += result.task.call(*stored.args, **stored.kwargs)
    DBTaskResult.objects.filter(task_path=TASK_PATH).delete()
    return sent


@pytest.fixture
def meeting(chair, review, team, django_capture_on_commit_callbacks):
    with on(date(2025, 3, 10)), django_capture_on_commit_callbacks(execute=True):
        return schedule(chair, review, team_member_ids=[m.pk for m in team.values()])


# --- arranging


def test_arranging_invites_the_team_and_others_and_queues_the_invitations(
    chair, review, team, django_capture_on_commit_callbacks
):
    with on(date(2025, 3, 10)), django_capture_on_commit_callbacks(execute=True):
        meeting = schedule(chair, review, team_member_ids=[team["chair"].pk, team["nurse"].pk])
    assert meeting.title == "Review team meeting" and meeting.version == 1 and meeting.sequence == 0
    assert meeting.starts_at == london(2025, 3, 12, 10, 0) and meeting.ends_at == london(2025, 3, 12, 12, 0)
    people = {(a.name, a.email, a.organisation_name, a.role) for a in meeting.attendees.all()}
    assert people == {
        ("Ruth Chair", "chair@example.test", "Northbridge Youth Justice Service", "Chair"),
        ("Nia Evans", "nia.evans@health.example", "Northbridge Health Board", "Team member"),
        ("Sam Patel", "sam.patel@example.org", "Northbridge Schools Service", ""),
    }
    assert MeetingAttendee.objects.get(name="Ruth Chair").person_id == team["chair"].person_id
    assert MeetingRevision.objects.get(meeting=meeting, version=1).data["agenda"].startswith("1. Gaps")
    event = AuditEvent.objects.get(
        target_id=str(review.pk), action=AuditAction.CREATE, detail__meeting=meeting.pk
    )
    assert event.detail["attendees"] == 3 and event.detail["invitations"] is True
    assert "Gaps" not in str(event.detail)
    assert queued() == [[meeting.pk, 0]]


def test_a_meeting_recorded_after_it_was_held_sends_no_invitations(
    chair, review, django_capture_on_commit_callbacks
):
    with on(date(2025, 3, 20)), django_capture_on_commit_callbacks(execute=True):
        held = schedule(chair, review)
        unsent = schedule(chair, review, day=date(2025, 3, 27), send_invitations=False)
    assert held.pk and unsent.pk and queued() == []


def test_a_rolled_back_meeting_queues_nothing(chair, review, django_capture_on_commit_callbacks):
    with on(date(2025, 3, 10)), django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(ReviewRuleError):
            schedule(chair, review, other_invitees="not a person")
    assert callbacks == [] and not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"kind": "party"}, "kind", "Choose the kind of meeting"),
        ({"title": "Review of Jayden's care"}, "title", "must not name the child"),
        ({"location": "Case CMS-448812 room"}, "location", "must not name the child"),
        ({"end_time": time(9, 0)}, "end_time", "The meeting must end after it starts"),
        ({"day": None}, "day", "Enter the date of the meeting"),
        ({"start_time": None}, "start_time", "Enter the time the meeting starts"),
        ({"other_invitees": f"{SAM}\nDr Khan khan@example.org"}, "other_invitees", "Line 2, ‘Dr Khan"),
        ({"team_member_ids": [999999]}, "team_members", "Choose people who are on the review team"),
        ({"title": "x" * 201}, "title", "200 characters or fewer"),
    ],
)
def test_a_mistake_is_named_with_its_field_and_nothing_is_saved(chair, review, team, changes, field, message):
    with on(date(2025, 3, 10)), pytest.raises(ReviewRuleError, match=message) as refused:
        schedule(chair, review, **changes)
    assert field in [name for name, _ in refused.value.problems]
    assert not Meeting.objects.exists() and not MeetingAttendee.objects.exists()


def test_a_member_who_left_the_team_is_not_invited(chair, review, team):
    gone = team["nurse"]
    gone.removed_at = london(2025, 3, 5, 9, 0)
    gone.save()
    with on(date(2025, 3, 10)), pytest.raises(ReviewRuleError, match="on the review team"):
        schedule(chair, review, team_member_ids=[gone.pk])


def test_only_the_review_team_of_the_lead_organisation_arranges_meetings(practitioner, stranger, review):
    for person in (practitioner, stranger):
        with on(date(2025, 3, 10)), pytest.raises(NotAllowed):
            schedule(person, review)
    assert not Meeting.objects.exists()


# --- the minutes: two people editing (issue 5 item 12)


def texts(**changes) -> dict[str, str]:
    base = {"agenda": "1. Gaps in the chronology\n2. Practitioner event", "minutes": "", "decisions": ""}
    return {**base, "actions_arising": "", **changes}


def test_the_second_save_from_the_same_version_is_refused_and_names_who_saved(chair, reviewer, meeting):
    first = review_meeting_texts_save(
        actor=chair, meeting=meeting, values=texts(minutes="Chair's minutes"), base_version=1
    )
    assert first.version == 2
    with pytest.raises(MeetingTextsConflict) as conflict:
        review_meeting_texts_save(
            actor=reviewer, meeting=meeting, values=texts(minutes="Reviewer's minutes"), base_version=1
        )
    assert str(conflict.value) == "Ruth Chair changed this meeting’s record while you were editing"
    assert (conflict.value.base_version, conflict.value.current_version) == (1, 2)
    meeting.refresh_from_db()
    assert meeting.minutes == "Chair's minutes" and meeting.version == 2
    assert list(meeting.revisions.values_list("version", flat=True)) == [1, 2]


def test_saving_unchanged_texts_keeps_the_version(chair, meeting):
    same = review_meeting_texts_save(actor=chair, meeting=meeting, values=texts(), base_version=1)
    assert same.version == 1 and meeting.revisions.count() == 1


def test_a_saved_text_is_audited_by_field_name_only(chair, meeting):
    review_meeting_texts_save(
        actor=chair, meeting=meeting, values=texts(decisions="Invite the school nurse"), base_version=1
    )
    event = AuditEvent.objects.filter(action=AuditAction.CHANGE, detail__meeting=meeting.pk).latest("pk")
    assert event.detail == {"meeting": meeting.pk, "version": 2, "fields_changed": ["decisions"]}


def test_only_the_review_team_writes_the_minutes(practitioner, meeting):
    with pytest.raises(NotAllowed):
        review_meeting_texts_save(
            actor=practitioner, meeting=meeting, values=texts(minutes="x"), base_version=1
        )


# --- moving, cancelling, attendance


def test_moving_a_meeting_raises_its_sequence_and_queues_updates(
    chair, meeting, django_capture_on_commit_callbacks
):
    run_queued()
    with on(date(2025, 3, 11)), django_capture_on_commit_callbacks(execute=True):
        moved = review_meeting_change(
            actor=chair, meeting=meeting, day=date(2025, 3, 14), start_time=time(14, 0), end_time=time(15, 0)
        )
        unchanged = review_meeting_change(
            actor=chair, meeting=moved, day=date(2025, 3, 14), start_time=time(14, 0), end_time=time(15, 0)
        )
    assert moved.sequence == 1 and unchanged.sequence == 1 and moved.uid == meeting.uid
    assert moved.starts_at == london(2025, 3, 14, 14, 0) and moved.location == ""
    assert queued() == [[meeting.pk, 1]]
    with on(date(2025, 3, 11)), pytest.raises(ReviewRuleError, match="must end after it starts") as refused:
        review_meeting_change(
            actor=chair, meeting=moved, day=date(2025, 3, 14), start_time=time(14, 0), end_time=time(13, 0)
        )
    assert refused.value.field == "end_time"


def test_cancelling_keeps_the_reason_in_the_minutes_and_cannot_happen_twice(
    chair, meeting, django_capture_on_commit_callbacks
):
    run_queued()
    with on(date(2025, 3, 11)):
        with pytest.raises(ReviewRuleError, match="Enter why the meeting is cancelled"):
            review_meeting_cancel(actor=chair, meeting=meeting, reason=" ")
        with django_capture_on_commit_callbacks(execute=True):
            cancelled = review_meeting_cancel(actor=chair, meeting=meeting, reason="The chair is unwell")
        with pytest.raises(ReviewRuleError, match="already cancelled"):
            review_meeting_cancel(actor=chair, meeting=meeting, reason="Again")
        with pytest.raises(ReviewRuleError, match="arrange a new one"):
            review_meeting_change(
                actor=chair,
                meeting=cancelled,
                day=date(2025, 3, 14),
                start_time=time(14, 0),
                end_time=time(15, 0),
            )
    assert cancelled.cancelled_at is not None and cancelled.sequence == 1
    assert (cancelled.cancelled_by, cancelled.cancellation_reason) == (chair, "The chair is unwell")
    # The minutes are the meeting's, untouched by its cancellation.
    assert cancelled.version == 1 and "unwell" not in cancelled.minutes
    assert queued() == [[meeting.pk, 1]]
    event = AuditEvent.objects.filter(detail__meeting=meeting.pk, detail__cancelled=True).get()
    assert "unwell" not in str(event.detail)


def test_attendance_is_recorded_once_the_meeting_has_started(chair, meeting):
    people = {a.name: a for a in meeting.attendees.all()}
    answers = {people["Ruth Chair"].pk: True, people["Nia Evans"].pk: False, people["Sam Patel"].pk: None}
    with on(date(2025, 3, 11)), pytest.raises(ReviewRuleError, match="once the meeting has started"):
        review_meeting_attendance_record(actor=chair, meeting=meeting, attended=answers)
    with on(date(2025, 3, 12)):
        review_meeting_attendance_record(actor=chair, meeting=meeting, attended=answers)
        with pytest.raises(ReviewRuleError, match="not invited"):
            review_meeting_attendance_record(actor=chair, meeting=meeting, attended={999999: True})
    assert MeetingAttendee.objects.get(pk=people["Ruth Chair"].pk).attended is True
    assert MeetingAttendee.objects.get(pk=people["Nia Evans"].pk).attended is False
    event = AuditEvent.objects.filter(detail__meeting=meeting.pk, detail__has_key="attended").get()
    assert (event.detail["attended"], event.detail["did_not_attend"], event.detail["not_known"]) == (1, 1, 3)


# --- what the stages read (seed 004)


def test_recorded_items_count_held_team_meetings_with_minutes_and_practitioner_events(chair, review):
    with on(date(2025, 3, 3)):
        first = schedule(chair, review, day=date(2025, 3, 5))
        second = schedule(chair, review, day=date(2025, 3, 19))
        no_minutes = schedule(chair, review, day=date(2025, 3, 20))
        called_off = schedule(chair, review, day=date(2025, 3, 21))
        review_meeting_cancel(actor=chair, meeting=called_off, reason="No quorum")
        coming = schedule(chair, review, day=date(2025, 5, 1))
        event = schedule(chair, review, kind="practitioner-event", day=date(2025, 3, 26))
    for held in (first, second, coming):
        review_meeting_texts_save(
            actor=chair, meeting=held, values=texts(minutes="Discussed"), base_version=1
        )
    with time_machine.travel(london(2025, 3, 19, 9, 0), tick=False):
        assert recorded_items(review) == {"team-meetings": "1 team meeting, on 5 March 2025"}
    with on(date(2025, 4, 10)):
        assert recorded_items(review) == {
            "team-meetings": "2 team meetings, the last on 19 March 2025",
            "practitioner-and-manager-events": "1 practitioner event, on 26 March 2025",
        }
    assert no_minutes.minutes == "" and event.kind == "practitioner-event"


def test_nothing_is_recorded_for_a_review_without_meetings(review):
    assert recorded_items(review) == {}


# --- the demonstration


def test_the_demo_adds_its_meetings_through_the_services_once(review, team):
    from threadline.reviews.demo_meetings import load_demo_data

    with on(date(2025, 4, 2)):
        load_demo_data([review])
        load_demo_data([review])
    meetings = {m.title: m for m in Meeting.objects.filter(review=review)}
    assert set(meetings) == {
        "Risk Management and Resource Panel: Initial Learning Review",
        "Understanding our Learning",
    }
    panel = meetings["Risk Management and Resource Panel: Initial Learning Review"]
    assert panel.version == 2 and "exploitation risk" in panel.minutes
    assert (
        panel.attendees.filter(attended=True).count() == 3
        and panel.attendees.filter(attended=False).count() == 1
    )
    assert meetings["Understanding our Learning"].starts_at > london(2025, 4, 2, 12, 0)
    assert queued() == []


def test_upcoming_meetings_are_those_of_reviews_the_person_may_see(chair, stranger, review, meeting):
    from threadline.reviews.selectors.meetings import upcoming_meetings_for

    with on(date(2025, 3, 10)):
        assert list(upcoming_meetings_for(chair)) == [meeting]
        assert list(upcoming_meetings_for(stranger)) == []
        review_meeting_cancel(actor=chair, meeting=meeting, reason="Moved to next month")
        assert list(upcoming_meetings_for(chair)) == []
    with on(date(2025, 3, 13)):
        assert list(upcoming_meetings_for(chair)) == []


def test_the_scottish_demo_records_team_meetings_and_a_practitioner_event(manager, organisation):
    from threadline.incidents.tests.builders import SCOTTISH, framework_version
    from threadline.reviews.demo_meetings import load_demo_data
    from threadline.reviews.services import review_start

    from .conftest import notified

    incident = notified(manager, organisation, framework_version(SCOTTISH))
    with on(date(2025, 3, 4)):
        scottish = review_start(actor=manager, incident=incident)
    with on(date(2025, 4, 30)):
        load_demo_data([scottish])
        assert recorded_items(scottish) == {
            "team-meetings": "2 team meetings, the last on 14 April 2025",
            "practitioner-and-manager-events": "1 practitioner event, on 21 April 2025",
        }
    assert Meeting.objects.filter(review=scottish).count() == 4
