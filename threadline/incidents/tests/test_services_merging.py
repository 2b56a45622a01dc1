"""Merging a duplicate into the incident that stays: done by a service manager of the
duplicate's lead organisation who can see both, only for the same child, moving records by
stage key across framework versions, with nothing lost and both incidents audited."""

from datetime import date

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType

from threadline.core.access import NotAllowed
from threadline.core.models import AuditEvent, Role, Share
from threadline.core.services import share_add
from threadline.core.testing import make_person
from threadline.frameworks.services import framework_version_copy, framework_version_publish, stage_add
from threadline.incidents.models import (
    ClockEvent,
    ClockPause,
    DeadlineDelay,
    Incident,
    StageCompletion,
    WhoWasTold,
)
from threadline.incidents.selectors import incident_timeline, incidents_visible_to
from threadline.incidents.services import (
    IncidentRuleError,
    incident_clock_pause,
    incident_clock_resume,
    incident_deadline_delay,
    incident_event_record,
    incident_merge,
    incident_stage_complete,
)

from .builders import framework_version, london, notify, stage_of

pytestmark = pytest.mark.django_db

NOTIFIED = london(2025, 3, 3, 10, 0)  # Monday 3 March 2025
LATER = london(2025, 3, 20, 9, 0)


def notified(actor, organisation, version=None, **changes):
    with time_machine.travel(NOTIFIED, tick=False):
        return notify(
            actor=actor,
            organisation=organisation,
            version=version or framework_version(),
            occurred_at=london(2025, 3, 1, 18, 0),
            aware_at=london(2025, 3, 3, 8, 30),
            **changes,
        )


@pytest.fixture
def kept(manager, organisation):
    return notified(manager, organisation)


@pytest.fixture
def duplicate(manager, organisation):
    return notified(manager, organisation, told=[])


def merge_rows(incident):
    return AuditEvent.objects.filter(target_id=str(incident.pk), action="change").order_by("pk")


# Who merges


def test_a_service_manager_of_the_duplicates_organisation_merges_it_and_it_stays_readable(
    manager, kept, duplicate
):
    told = WhoWasTold.objects.create(incident=duplicate, party="inspectorate", told_on=date(2025, 3, 3))
    assert incident_merge(actor=manager, duplicate=duplicate, into=kept) == kept
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into) == ("merged", kept)
    assert Incident.objects.filter(pk=duplicate.pk).exists()  # nothing deleted
    told.refresh_from_db()
    assert told.incident == kept
    assert set(kept.told.values_list("party", flat=True)) == {"police", "inspectorate"}


def test_a_system_administrator_merges_nothing(sysadmin, kept, duplicate):
    with pytest.raises(NotAllowed):
        incident_merge(actor=sysadmin, duplicate=duplicate, into=kept)
    duplicate.refresh_from_db()
    assert duplicate.status == "open"


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.REVIEW_CHAIR, Role.GOVERNANCE_BOARD_MEMBER])
def test_other_roles_of_the_organisation_may_not_merge(organisation, kept, duplicate, role):
    with pytest.raises(NotAllowed):
        incident_merge(actor=make_person(organisation, role), duplicate=duplicate, into=kept)


def test_a_manager_of_the_organisation_that_stays_may_not_merge_another_organisations_duplicate(
    manager, organisation, stranger, other_organisation
):
    kept = notified(manager, organisation)
    duplicate = notified(stranger, other_organisation, told=[])
    share_add(actor=stranger, record=duplicate, organisation=organisation)
    with pytest.raises(NotAllowed):
        incident_merge(actor=manager, duplicate=duplicate, into=kept)


def test_an_incident_the_manager_cannot_see_is_answered_as_if_it_did_not_exist(
    manager, organisation, stranger, other_organisation
):
    elsewhere = notified(stranger, other_organisation)
    duplicate = notified(manager, organisation, told=[])
    with pytest.raises(IncidentRuleError) as error:
        incident_merge(actor=manager, duplicate=duplicate, into=elsewhere)
    assert (error.value.field, str(error.value)) == (
        "into",
        f"There is no incident with the reference {elsewhere.reference}",
    )
    duplicate.refresh_from_db()
    assert duplicate.status == "open"


# What may be merged


def test_incidents_about_different_children_are_refused(manager, organisation, kept):
    other_child = notified(manager, organisation, full_name="Leah Carter", told=[])
    with pytest.raises(IncidentRuleError, match="about different children") as error:
        incident_merge(actor=manager, duplicate=other_child, into=kept)
    assert error.value.field == "into"
    other_child.refresh_from_db()
    assert other_child.status == "open"
    assert not merge_rows(other_child).exists()


def test_an_incident_cannot_be_merged_into_itself_or_twice(manager, kept, duplicate):
    with pytest.raises(IncidentRuleError, match="cannot be merged into itself"):
        incident_merge(actor=manager, duplicate=kept, into=kept)
    incident_merge(actor=manager, duplicate=duplicate, into=kept)
    with pytest.raises(IncidentRuleError, match="already been merged"):
        incident_merge(actor=manager, duplicate=duplicate, into=kept)
    with pytest.raises(IncidentRuleError, match="has itself been merged"):
        incident_merge(actor=manager, duplicate=kept, into=duplicate)


def test_a_stale_copy_of_an_incident_already_merged_is_refused(manager, kept, duplicate):
    stale = Incident.objects.get(pk=duplicate.pk)
    incident_merge(actor=manager, duplicate=duplicate, into=kept)
    with pytest.raises(IncidentRuleError, match="already been merged"):
        incident_merge(actor=manager, duplicate=stale, into=kept)


# Sharing and the audit trail


def test_across_organisations_each_sees_both_incidents_after_the_merge(
    manager, organisation, stranger, other_organisation
):
    kept = notified(manager, organisation)
    duplicate = notified(stranger, other_organisation, told=[])
    share_add(actor=manager, record=kept, organisation=other_organisation)  # so the stranger sees it
    assert duplicate not in incidents_visible_to(manager)
    incident_merge(actor=stranger, duplicate=duplicate, into=kept)
    incident_type = ContentType.objects.get_for_model(Incident)
    assert Share.objects.filter(
        content_type=incident_type, object_id=duplicate.pk, organisation=organisation
    ).exists()
    manager.forget_roles()
    stranger.forget_roles()
    assert {kept, duplicate} <= set(incidents_visible_to(manager))
    assert {kept, duplicate} <= set(incidents_visible_to(stranger))


def test_the_people_the_duplicate_was_shared_with_see_the_incident_that_stays(
    manager, organisation, kept, duplicate, other_organisation
):
    partner = make_person(other_organisation, Role.PARTNER_AGENCY_LEAD)
    share_add(actor=manager, record=duplicate, organisation=other_organisation)
    assert kept not in incidents_visible_to(partner)
    incident_merge(actor=manager, duplicate=duplicate, into=kept)
    partner.forget_roles()
    assert kept in incidents_visible_to(partner)


def test_merging_is_audited_on_both_incidents_saying_what_moved(manager, kept, duplicate):
    incident_merge(actor=manager, duplicate=duplicate, into=kept)
    (on_duplicate,) = merge_rows(duplicate)
    (on_kept,) = merge_rows(kept)
    assert on_duplicate.actor == on_kept.actor == manager
    assert on_duplicate.detail["merged_into"] == kept.reference
    assert on_kept.detail["merged_from"] == duplicate.reference
    assert on_kept.detail["moved"] == on_duplicate.detail["moved"]
    # The notification stage was done on both: the one that stays keeps its own.
    assert on_duplicate.detail["kept_on_the_duplicate"]["completions"] == ["notification"]


# No data lost, across framework versions


@pytest.fixture
def version_2(sysadmin):
    """YJS version 2: the same stages by key, and a second panel that version 1 does not have."""
    draft = framework_version_copy(actor=sysadmin, version=framework_version())
    stage_add(
        actor=sysadmin,
        version=draft,
        name="Second panel",
        completed_by=["service-manager"],
        runs_from="awareness",
        deadline_kind="working_days_after",
        deadline_n=20,
    )
    return framework_version_publish(actor=sysadmin, version=draft)


def counts(*incidents) -> dict[str, int]:
    return {
        model.__name__: model.objects.filter(incident__in=incidents).count()
        for model in (StageCompletion, ClockEvent, ClockPause, DeadlineDelay, WhoWasTold)
    }


def test_nothing_is_lost_merging_a_duplicate_of_version_2_into_an_incident_of_version_1(
    manager, organisation, version_2
):
    v1 = framework_version()
    kept = notified(manager, organisation, version=v1)
    duplicate = notified(
        manager, organisation, version=version_2, told=[("inspectorate", date(2025, 3, 2), "")]
    )
    with time_machine.travel(LATER, tick=False):
        # The duplicate's own work: the ILR, the decision and the second panel (a stage
        # version 1 does not have) done, a delay on the ILR and on the second panel, a
        # closed pause and an open one.
        for key, done_on in (
            ("initial-learning-review", date(2025, 3, 12)),
            ("action-plan-and-decision", date(2025, 3, 14)),
            ("second-panel", date(2025, 3, 17)),
        ):
            incident_stage_complete(
                actor=manager, incident=duplicate, stage=stage_of(version_2, key), done_on=done_on
            )
        for key, reason, revised in (
            ("initial-learning-review", "Panel moved", date(2025, 3, 28)),
            ("second-panel", "Chair unwell", date(2025, 4, 30)),
        ):
            incident_deadline_delay(
                actor=manager,
                incident=duplicate,
                stage=stage_of(version_2, key),
                reason=reason,
                revised_due=revised,
            )
        closed = incident_clock_pause(
            actor=manager, incident=duplicate, reason="Inquest", started_on=date(2025, 3, 4)
        )
        incident_clock_resume(actor=manager, pause=closed, ended_on=date(2025, 3, 6))
        incident_clock_pause(actor=manager, incident=duplicate, reason="Trial", started_on=date(2025, 3, 18))
        # The incident that stays did the ILR itself, on another day.
        incident_stage_complete(
            actor=manager,
            incident=kept,
            stage=stage_of(v1, "initial-learning-review"),
            done_on=date(2025, 3, 13),
        )
    before = counts(kept, duplicate)

    with time_machine.travel(LATER, tick=False):
        incident_merge(actor=manager, duplicate=duplicate, into=kept)

    assert counts(kept, duplicate) == before, "no row of either incident is lost"
    # Completions, by key: the decision moves onto version 1's stage; the ILR done by the
    # incident that stays wins; the notification was done by both; version 1 has no second
    # panel, so that stays on the duplicate.
    moved = kept.completions.select_related("stage")
    assert {c.stage.key: c.done_on for c in moved} == {
        "notification": date(2025, 3, 3),
        "initial-learning-review": date(2025, 3, 13),
        "action-plan-and-decision": date(2025, 3, 14),
    }
    assert {c.stage.version_id for c in moved} == {v1.pk}
    assert sorted(duplicate.completions.values_list("stage__key", flat=True)) == [
        "initial-learning-review",
        "notification",
        "second-panel",
    ]
    # Dated events: the decision moves; the incident, awareness and notification of the one
    # that stays are kept.
    assert ClockEvent.objects.get(incident=kept, event="decision").on == date(2025, 3, 14)
    assert sorted(duplicate.clock_events.values_list("event", flat=True)) == [
        "awareness",
        "incident",
        "notification",
    ]
    # Delays: the ILR's moves to version 1's ILR; the second panel's stays.
    assert [(d.stage.key, d.stage.version_id) for d in kept.delays.select_related("stage")] == [
        ("initial-learning-review", v1.pk)
    ]
    assert [d.stage.key for d in duplicate.delays.select_related("stage")] == ["second-panel"]
    # Pauses: both move, the open one too (the incident that stays had none open).
    assert sorted(kept.pauses.values_list("reason", "ended_on"), key=str) == [
        ("Inquest", date(2025, 3, 6)),
        ("Trial", None),
    ]
    assert sorted(kept.told.values_list("party", flat=True)) == ["inspectorate", "police"]
    # The incident that stays reads them on its own timeline.
    rows = {r.stage.key: r for r in incident_timeline(kept, today=date(2025, 3, 20))}
    assert rows["initial-learning-review"].status.delayed
    assert rows["full-learning-review"].starts_on == date(2025, 3, 14)
    # And the audit rows say what moved and what stayed, by stage key.
    detail = merge_rows(duplicate).last().detail
    assert detail["moved"] == {
        "completions": ["action-plan-and-decision"],
        "delays": ["initial-learning-review"],
        "clock_events": ["decision"],
        "pauses": 2,
        "who_was_told": 1,
    }
    assert detail["kept_on_the_duplicate"] == {
        "completions": ["initial-learning-review", "notification", "second-panel"],
        "delays": ["second-panel"],
        "clock_events": ["awareness", "incident", "notification"],
        "pauses": 0,
        "who_was_told": 0,
    }


def test_an_open_pause_stays_on_the_duplicate_when_the_incident_that_stays_is_paused(
    manager, kept, duplicate
):
    with time_machine.travel(LATER, tick=False):
        incident_clock_pause(
            actor=manager, incident=kept, reason="Criminal proceedings", started_on=date(2025, 3, 10)
        )
        closed = incident_clock_pause(
            actor=manager, incident=duplicate, reason="Inquest", started_on=date(2025, 3, 4)
        )
        incident_clock_resume(actor=manager, pause=closed, ended_on=date(2025, 3, 6))
        incident_clock_pause(actor=manager, incident=duplicate, reason="Trial", started_on=date(2025, 3, 18))
        incident_merge(actor=manager, duplicate=duplicate, into=kept)
    assert kept.pauses.filter(ended_on__isnull=True).count() == 1
    assert kept.pauses.get(ended_on__isnull=True).reason == "Criminal proceedings"
    assert list(kept.pauses.filter(ended_on__isnull=False).values_list("reason", flat=True)) == ["Inquest"]
    assert list(duplicate.pauses.values_list("reason", flat=True)) == ["Trial"]


def test_a_date_the_incident_that_stays_already_has_is_kept(manager, kept, duplicate):
    with time_machine.travel(LATER, tick=False):
        incident_event_record(actor=manager, incident=kept, event="decision", on=date(2025, 3, 17))
        incident_event_record(actor=manager, incident=duplicate, event="decision", on=date(2025, 3, 12))
        incident_merge(actor=manager, duplicate=duplicate, into=kept)
    assert ClockEvent.objects.get(incident=kept, event="decision").on == date(2025, 3, 17)
    assert ClockEvent.objects.get(incident=duplicate, event="decision").on == date(2025, 3, 12)
