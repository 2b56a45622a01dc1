"""Drafts can hold case content (the notification wizard keeps the child's name, date of birth
and identifiers in them), so what is typed is encrypted at rest like the child's record: the
column holds a Fernet token, and the application reads back the dict it saved."""

import importlib
import json
from types import SimpleNamespace

import pytest
from django.db import connection

from threadline.core.fields import EncryptedJSONField
from threadline.core.models import Draft, Role
from threadline.core.services import draft_save
from threadline.core.testing import make_person

pytestmark = pytest.mark.django_db

TYPED = {
    "full_name": "Jayden Morrow",
    "date_of_birth_0": "14",
    "date_of_birth_1": "3",
    "date_of_birth_2": "2009",
    "identifiers": "CMS-448812",
    "told": ["police", "other"],
}
SECRETS = ("Jayden", "Morrow", "CMS-448812", "2009", "police")

migration = importlib.import_module("threadline.core.migrations.0003_drafts_encrypted_at_rest")


@pytest.fixture
def person(organisation):
    return make_person(organisation, Role.PRACTITIONER, email="tia@example.test")


def stored(draft) -> str:
    """What the database itself holds in the draft's column."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM core_draft WHERE id = %s", [draft.pk])
        return cursor.fetchone()[0]


def store_plain_json(draft, data) -> None:
    """As a draft was stored before the column was encrypted."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_draft SET data = %s WHERE id = %s", [json.dumps(data), draft.pk])


def test_the_column_holds_none_of_the_typed_text(person):
    draft = draft_save(actor=person, key="/incidents/notify/child/", data=TYPED)
    raw = stored(draft)
    assert raw.startswith("gAAAAA"), "a Fernet token"
    for secret in SECRETS:
        assert secret not in raw, secret


def test_the_draft_reads_back_as_the_dict_it_saved(person):
    draft_save(actor=person, key="/incidents/notify/child/", data=TYPED)
    assert Draft.objects.get(user=person).data == TYPED
    assert list(Draft.objects.values_list("data", flat=True)) == [TYPED]


def test_the_same_text_is_stored_differently_each_time(person, manager):
    first = draft_save(actor=person, key="/incidents/notify/child/", data=TYPED)
    second = draft_save(actor=manager, key="/incidents/notify/child/", data=TYPED)
    assert stored(first) != stored(second), "nothing to compare between rows"


def test_an_empty_draft_is_encrypted_too(person):
    draft = Draft.objects.create(user=person, key="/organisations/new")
    assert stored(draft).startswith("gAAAAA")
    assert Draft.objects.get(pk=draft.pk).data == {}


def test_a_draft_stored_before_encryption_still_reads_back(person):
    draft = draft_save(actor=person, key="/incidents/notify/child/", data={})
    store_plain_json(draft, TYPED)
    assert Draft.objects.get(pk=draft.pk).data == TYPED


def test_the_migration_encrypts_drafts_stored_before_and_leaves_their_age_alone(person, manager):
    old = draft_save(actor=person, key="/incidents/notify/child/", data={})
    store_plain_json(old, TYPED)
    new = draft_save(actor=manager, key="/incidents/notify/child/", data={"full_name": "Skye Example"})
    token = stored(new)
    updated_at = Draft.objects.get(pk=old.pk).updated_at

    migration.encrypt_existing(_Apps(), _SCHEMA_EDITOR)

    assert "Jayden" not in stored(old) and stored(old).startswith("gAAAAA")
    assert stored(new) == token, "a draft already encrypted is left as it was"
    assert Draft.objects.get(pk=old.pk).data == TYPED
    assert Draft.objects.get(pk=old.pk).updated_at == updated_at, "encrypting does not reset its age"


def test_undoing_the_migration_gives_back_plain_json(person):
    draft = draft_save(actor=person, key="/incidents/notify/child/", data=TYPED)
    migration.decrypt_existing(_Apps(), _SCHEMA_EDITOR)
    assert json.loads(stored(draft)) == TYPED


def test_the_field_serialises_the_value_itself_for_dumpdata(person):
    draft = draft_save(actor=person, key="/incidents/notify/child/", data=TYPED)
    field = Draft._meta.get_field("data")
    assert isinstance(field, EncryptedJSONField)
    assert field.value_to_string(draft) == TYPED
    assert field.to_python(json.dumps(TYPED)) == TYPED


class _Apps:
    """The migration functions only ask for the Draft model and the editor's connection (a
    real schema editor cannot open inside a test's transaction on SQLite)."""

    @staticmethod
    def get_model(app_label, name):
        assert (app_label, name) == ("core", "Draft")
        return Draft


_SCHEMA_EDITOR = SimpleNamespace(connection=connection)


def test_text_kept_after_a_timeout_is_encrypted_in_the_session_too(client, db):
    from django.contrib.sessions.models import Session

    client.post(
        "/organisations/new", {"name": "Kept", "description": "Private words typed after the timeout"}
    )
    raw = "".join(Session.objects.values_list("session_data", flat=True))
    assert raw and "Private words" not in raw
