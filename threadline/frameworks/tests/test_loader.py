"""Loading fixture files: once each, as published versions, never touching what exists."""

import json
import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from threadline.core.access import NotAllowed
from threadline.core.models import AuditEvent
from threadline.frameworks.domain.rules import FrameworkRuleError
from threadline.frameworks.loader import BUILTIN_DIR, builtin_fixture_paths, read_fixture
from threadline.frameworks.models import Criterion, Framework, FrameworkVersion, Stage, VersionStatus
from threadline.frameworks.services import framework_version_copy, frameworks_load_builtin

from .conftest import KEYS

pytestmark = pytest.mark.django_db


def counts():
    return (
        Framework.objects.count(),
        FrameworkVersion.objects.count(),
        Stage.objects.count(),
        Criterion.objects.count(),
    )


def write_fixture(directory, key="test-framework", number=1, **changes):
    data = json.loads((BUILTIN_DIR / "national-youth-justice-incident.v1.json").read_text())
    data["framework"]["key"] = key
    data["version"] = number
    data.update(changes)
    path = directory / f"{key}.v{number}.json"
    path.write_text(json.dumps(data))
    return path


def test_there_is_one_fixture_file_per_built_in_framework():
    assert sorted(p.name for p in builtin_fixture_paths()) == sorted(f"{key}.v1.json" for key in KEYS)
    for path in builtin_fixture_paths():
        assert read_fixture(path).number == 1


def test_loading_again_changes_nothing_and_writes_no_audit_row(builtin):
    before = counts()
    audit_rows = AuditEvent.objects.count()
    assert frameworks_load_builtin() == []
    assert counts() == before
    assert AuditEvent.objects.count() == audit_rows


def test_a_new_fixture_file_is_loaded_once_as_a_published_version(builtin, tmp_path):
    path = write_fixture(tmp_path)
    [version] = frameworks_load_builtin(paths=[path])
    assert version.framework.key == "test-framework"
    assert version.number == 1
    assert version.status == VersionStatus.PUBLISHED
    assert version.stages.count() == 3
    assert frameworks_load_builtin(paths=[path]) == []
    row = AuditEvent.objects.get(detail__loaded__0__fixture="test-framework.v1.json")
    assert row.actor is None and row.actor_label == "system: load_frameworks"


def test_a_new_fixture_never_changes_existing_versions_and_takes_the_next_free_number(
    yjs, sysadmin, tmp_path
):
    draft = framework_version_copy(actor=sysadmin, version=yjs)  # number 2, made in Threadline
    shutil.copy(BUILTIN_DIR / "yjs-serious-incident-review.v1.json", tmp_path / "x.json")
    data = json.loads((tmp_path / "x.json").read_text())
    data["version"] = 2
    data["stages"][1]["deadline"] = {"kind": "working_days_after", "n": 15}
    path = tmp_path / "yjs-serious-incident-review.v2.json"
    path.write_text(json.dumps(data))
    [loaded] = frameworks_load_builtin(paths=[path])
    assert loaded.number == 3
    assert loaded.stages.get(key="initial-learning-review").deadline_rule == {
        "kind": "working_days_after",
        "n": 15,
    }
    yjs.refresh_from_db()
    draft.refresh_from_db()
    assert yjs.status == VersionStatus.PUBLISHED
    assert yjs.stages.get(key="initial-learning-review").deadline_rule == {
        "kind": "working_days_after",
        "n": 10,
    }
    assert draft.status == VersionStatus.DRAFT


def test_one_bad_file_loads_nothing(builtin, tmp_path):
    good = write_fixture(tmp_path, key="good-framework")
    stages = json.loads(good.read_text())["stages"]
    stages[1]["completed_by"] = ["wizard"]
    bad = write_fixture(tmp_path, key="bad-framework", stages=stages)
    with pytest.raises(FrameworkRuleError, match=r"bad-framework\.v1\.json: stage 2"):
        frameworks_load_builtin(paths=[good, bad])
    assert not Framework.objects.filter(key__in=["good-framework", "bad-framework"]).exists()


def test_a_file_whose_name_disagrees_with_its_contents_is_refused(tmp_path):
    path = write_fixture(tmp_path, key="test-framework")
    path.rename(tmp_path / "other-framework.v1.json")
    with pytest.raises(FrameworkRuleError, match="the name and the contents must agree"):
        read_fixture(tmp_path / "other-framework.v1.json")


def test_only_a_system_administrator_may_load_from_a_page_or_the_api(practitioner, builtin):
    with pytest.raises(NotAllowed):
        frameworks_load_builtin(actor=practitioner)


def test_the_command_loads_new_files_and_says_so(builtin, tmp_path):
    path = write_fixture(tmp_path)
    out = StringIO()
    call_command("load_frameworks", str(path), stdout=out)
    assert "from test-framework.v1.json" in out.getvalue()
    out = StringIO()
    call_command("load_frameworks", stdout=out)
    assert "Nothing new to load" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("load_frameworks", str(tmp_path / "missing.v1.json"))


def test_the_data_migration_can_run_again_without_loading_twice(builtin):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("threadline.frameworks.migrations.0002_builtin_frameworks")
    before = counts()
    migration.load_version_one(apps, None)
    assert counts() == before
