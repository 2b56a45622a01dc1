"""Drafts are encrypted at rest: the column becomes text holding a Fernet token of the JSON.

Existing rows are encrypted in place. Both directions look at each row and only touch those
still in the other form, so a half-done run (or rows written while it ran) is safe to run
again; the field itself reads either form. `updated_at` is left alone, so encrypting a draft
does not reset how long it is kept.
"""

import json

from django.db import migrations

import threadline.core.fields


def _rows(schema_editor, table):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {connection.ops.quote_name(table)} ORDER BY id")  # noqa: S608
        ids = [row[0] for row in cursor.fetchall()]
    for pk in ids:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT data FROM {connection.ops.quote_name(table)} WHERE id = %s", [pk])  # noqa: S608
            found = cursor.fetchone()
        if found is not None and found[0] is not None:
            yield pk, found[0]


def _write(schema_editor, table, pk, text):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {connection.ops.quote_name(table)} SET data = %s WHERE id = %s", [text, pk])  # noqa: S608


def _is_plain(stored) -> bool:
    """Whether a stored value is JSON not yet encrypted (a Fernet token is never JSON)."""
    if not isinstance(stored, str):
        return True  # a database driver that still decoded it as JSON
    try:
        json.loads(stored)
    except ValueError:
        return False
    return True


def _as_json_text(stored) -> str:
    return stored if isinstance(stored, str) else json.dumps(stored)


def encrypt_existing(apps, schema_editor):
    from threadline.core.crypto import encrypt_text

    table = apps.get_model("core", "Draft")._meta.db_table
    for pk, stored in _rows(schema_editor, table):
        if _is_plain(stored):
            _write(schema_editor, table, pk, encrypt_text(_as_json_text(stored)))


def decrypt_existing(apps, schema_editor):
    from threadline.core.crypto import decrypt_text

    table = apps.get_model("core", "Draft")._meta.db_table
    for pk, stored in _rows(schema_editor, table):
        if not _is_plain(stored):
            _write(schema_editor, table, pk, decrypt_text(stored))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_audit_append_only"),
    ]

    operations = [
        migrations.AlterField(
            model_name="draft",
            name="data",
            field=threadline.core.fields.EncryptedJSONField(default=dict),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
    ]
