"""Drafts are not kept for ever: one nobody has changed for DRAFT_RETENTION_DAYS (30 unless
set) is deleted by a daily background task, with one audit row saying how many went."""

from datetime import datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from threadline.core import tasks
from threadline.core.models import AuditAction, AuditEvent, Draft, Role
from threadline.core.services import draft_save, drafts_purge
from threadline.core.testing import make_person

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime(2026, 3, 10, 12, 0))


@pytest.fixture
def person(organisation):
    return make_person(organisation, Role.PRACTITIONER, email="tia@example.test")


def typed_on(person, key: str, days_ago: int) -> Draft:
    with time_machine.travel(NOW - timedelta(days=days_ago), tick=False):
        return draft_save(actor=person, key=key, data={"full_name": "Jayden Morrow"})


def purge_rows():
    return AuditEvent.objects.filter(actor_label="system", action=AuditAction.DELETE)


def queued_purges() -> list[datetime]:
    return [
        timezone.localtime(r.run_after).replace(tzinfo=None)
        for r in DBTaskResult.objects.filter(task_path=tasks.PURGE_TASK_PATH, status="READY")
    ]


def test_drafts_untouched_for_longer_than_the_period_are_deleted(person, manager):
    old = typed_on(person, "/incidents/notify/child/", 31)
    edge = typed_on(person, "/incidents/notify/dates/", 29)
    recent = typed_on(manager, "/incidents/notify/child/", 1)
    with time_machine.travel(NOW, tick=False):
        assert drafts_purge(older_than_days=30) == 1
    assert set(Draft.objects.values_list("pk", flat=True)) == {edge.pk, recent.pk}
    assert not Draft.objects.filter(pk=old.pk).exists()


def test_typing_again_keeps_a_draft_for_another_period(person):
    draft = typed_on(person, "/incidents/notify/child/", 40)
    typed_on(person, "/incidents/notify/child/", 2)
    with time_machine.travel(NOW, tick=False):
        assert drafts_purge(older_than_days=30) == 0
    assert Draft.objects.filter(pk=draft.pk).exists()


def test_the_purge_writes_one_summary_audit_row_as_the_system(person, manager):
    typed_on(person, "/incidents/notify/child/", 31)
    typed_on(person, "/organisations/new", 45)
    typed_on(manager, "/incidents/notify/child/", 60)
    with time_machine.travel(NOW, tick=False):
        drafts_purge(older_than_days=30)
    row = purge_rows().get()
    assert row.actor is None and row.actor_label == "system"
    assert row.detail["drafts"] == 3 and row.detail["older_than_days"] == 30
    assert "Jayden" not in str(row.detail), "the audit row says how many, not what they held"


def test_nothing_to_delete_writes_no_audit_row(person):
    typed_on(person, "/incidents/notify/child/", 3)
    with time_machine.travel(NOW, tick=False):
        assert drafts_purge(older_than_days=30) == 0
    assert not purge_rows().exists()


@pytest.mark.parametrize("days", [0, -1, "30", True])
def test_a_period_that_is_not_a_whole_number_of_days_is_refused(days):
    with pytest.raises(ValueError, match="whole number of days"):
        drafts_purge(older_than_days=days)


def test_the_task_uses_the_retention_setting_and_queues_tomorrows_purge(person, settings):
    DBTaskResult.objects.all().delete()
    settings.DRAFT_RETENTION_DAYS = 7
    typed_on(person, "/incidents/notify/child/", 8)
    with time_machine.travel(NOW, tick=False):
        assert tasks.purge_old_drafts.call() == 1
        assert tasks.purge_old_drafts.call() == 0
    assert queued_purges() == [datetime(2026, 3, 11, 3, 0)], "queued once, at 03:00 the next day"


def test_the_retention_period_is_30_days_unless_set(settings):
    del settings.DRAFT_RETENTION_DAYS
    assert tasks.draft_retention_days() == 30


def test_a_failed_purge_still_queues_the_next_one(monkeypatch):
    DBTaskResult.objects.all().delete()

    def fail(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("threadline.core.services.drafts_purge", fail)
    with time_machine.travel(NOW, tick=False), pytest.raises(RuntimeError):
        tasks.purge_old_drafts.call()
    assert queued_purges() == [datetime(2026, 3, 11, 3, 0)]


def test_the_command_purges_now_and_queues_the_daily_purge_once(person):
    DBTaskResult.objects.all().delete()
    typed_on(person, "/incidents/notify/child/", 31)
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("purge_old_drafts", stdout=out)
        call_command("purge_old_drafts", stdout=out)
    assert out.getvalue().splitlines() == [
        "1 draft not changed for 30 days deleted",
        "next purge queued by 2026-03-11 03:00",
        "0 drafts not changed for 30 days deleted",
        "next purge already queued by 2026-03-11 03:00",
    ]
    assert queued_purges() == [datetime(2026, 3, 11, 3, 0)]


def test_the_command_takes_a_shorter_period_and_refuses_a_bad_one(person):
    typed_on(person, "/incidents/notify/child/", 8)
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("purge_old_drafts", "--older-than-days", "7", stdout=out)
    assert out.getvalue().startswith("1 draft not changed for 7 days deleted")
    with pytest.raises(CommandError, match="1 or more"):
        call_command("purge_old_drafts", "--older-than-days", "0", stdout=StringIO())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_database_worker_runs_the_queued_purge(organisation):
    person = make_person(organisation, Role.PRACTITIONER, email="tia@example.test")
    typed_on(person, "/incidents/notify/child/", 31)
    with time_machine.travel(NOW, tick=False):
        call_command("purge_old_drafts", stdout=StringIO())
    typed_on(person, "/organisations/new", 0)  # 30 days old by the time the worker runs
    with time_machine.travel(timezone.make_aware(datetime(2026, 4, 10, 3, 1)), tick=True):
        call_command("db_worker", "--batch", "--interval", "0", stdout=StringIO(), stderr=StringIO())
    assert not Draft.objects.exists()
    assert DBTaskResult.objects.filter(task_path=tasks.PURGE_TASK_PATH, status="SUCCESSFUL").count() == 1
    assert queued_purges() == [datetime(2026, 4, 11, 3, 0)], "the next day's purge is waiting"


def test_the_daily_run_also_runs_the_other_apps_purges_and_one_failing_stops_none(monkeypatch):
    ran = []

    def broken() -> int:
        ran.append("broken")
        raise RuntimeError("storage unavailable")

    def working() -> int:
        ran.append("working")
        return 2

    monkeypatch.setattr(tasks, "DAILY_PURGES", [("broken things", broken), ("old things", working)])
    tasks.purge_old_drafts.call()
    assert ran == ["broken", "working"]
    assert DBTaskResult.objects.filter(task_path=tasks.PURGE_TASK_PATH).count() == 1


def test_chronology_exports_are_purged_by_the_daily_run():
    assert "chronology exports" in [name for name, _ in tasks.DAILY_PURGES]
