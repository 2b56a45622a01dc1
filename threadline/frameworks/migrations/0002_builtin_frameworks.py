"""Load the five built-in frameworks of DESIGN §2, each as published version 1.

Only the v1 files: a later version of a built-in framework ships with its own data migration
or is loaded by `manage.py load_frameworks`, so this migration keeps meaning the same thing.
Idempotent: a fixture already loaded is skipped.
"""

from django.db import migrations


def load_version_one(apps, schema_editor):
    from threadline.frameworks.loader import Models, builtin_fixture_paths, load_builtin

    paths = [path for path in builtin_fixture_paths() if path.name.endswith(".v1.json")]
    load_builtin(models=Models.from_apps(apps), paths=paths)


class Migration(migrations.Migration):
    dependencies = [
        ("frameworks", "0001_initial"),
        ("core", "0001_initial"),
    ]

    operations = [migrations.RunPython(load_version_one, migrations.RunPython.noop)]
