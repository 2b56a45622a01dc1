"""The audit log can be added to and never changed: by the model, its queryset, and on
PostgreSQL by the database itself."""

import pytest
from django.db import DatabaseError, connection, transaction

from threadline.core.models import AuditAction, AuditEvent
from threadline.core.models.audit import AuditLogIsAppendOnly
from threadline.core.services import audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(manager, organisation):
    return audit_record(actor=manager, action=AuditAction.VIEW, target=organisation)


def _unchanged(event):
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.action, stored.actor_label, stored.target_label) == (
        "view",
        "manager@example.test",
        "Northbridge Youth Justice Service",
    )


def test_saving_a_row_again_after_it_was_written_is_refused(event):
    event.action = AuditAction.DELETE
    event.actor_label = "someone else"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    _unchanged(event)


def test_deleting_a_row_is_refused(event):
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    _unchanged(event)


def test_updating_rows_through_a_queryset_is_refused(event):
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(actor_label="someone else")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.update(action="delete")
    _unchanged(event)


def test_deleting_rows_through_a_queryset_is_refused(event):
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()
    _unchanged(event)


def test_bulk_updating_rows_is_refused(event):
    event.actor_label = "someone else"
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.bulk_update([event], ["actor_label"])
    _unchanged(event)


def test_adding_new_rows_still_works(event, manager, organisation):
    audit_record(actor=manager, action=AuditAction.EXPORT, organisation=organisation)
    assert AuditEvent.objects.count() == 2


def _needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the database trigger exists on PostgreSQL only; SQLite relies on the model")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE core_auditevent SET actor_label = 'someone else'",
        "UPDATE core_auditevent SET action = 'delete' WHERE id = %s",
        "DELETE FROM core_auditevent",
        "DELETE FROM core_auditevent WHERE id = %s",
    ],
)
def test_on_postgresql_the_database_refuses_raw_sql_that_changes_rows(event, statement):
    _needs_postgresql()
    params = [event.pk] if "%s" in statement else []
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, params)
    _unchanged(event)


def test_on_postgresql_raw_sql_may_still_add_rows(event):
    _needs_postgresql()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_auditevent (at, actor_label, action, target_type, target_id, target_label,"
            " user_agent, path, detail) VALUES (now(), 'script', 'view', '', '', '', '', '', '{}')"
        )
    assert AuditEvent.objects.filter(actor_label="script").count() == 1
