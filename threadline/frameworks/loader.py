"""Load the built-in frameworks from their versioned fixture files.

Each file is one version of one framework: fixtures/builtin/<framework key>.v<N>.json. A file
is loaded once, as a published version, and never again: the version remembers the file it
came from, so loading is idempotent and never touches a version that exists, nor one a
system administrator made. If an administrator already took the file's number for their own
version, the file's version takes the next free number.

The writes are here rather than in services.py because the data migration must run them
against the historical models it is given (`Models.from_apps`). Everything else calls
`services.frameworks_load_builtin`, which checks the actor, wraps this in one transaction
and writes the audit row.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils import timezone

from threadline.core.domain.deadlines import rule_to_dict
from threadline.core.models import Role

from .domain.definitions import VersionDefinition, version_from_dict
from .domain.rules import FrameworkRuleError

BUILTIN_DIR = Path(__file__).resolve().parent / "fixtures" / "builtin"
FIXTURE_NAME = re.compile(r"^(?P<key>[a-z0-9]+(?:-[a-z0-9]+)*)\.v(?P<number>[1-9][0-9]*)\.json$")


@dataclass(frozen=True)
class Models:
    """The model classes to write with: the real ones, or a migration's historical ones."""

    Framework: Any
    FrameworkVersion: Any
    Stage: Any
    CriterionGroup: Any
    Criterion: Any
    ReviewMethod: Any

    @classmethod
    def current(cls) -> Models:
        from . import models

        return cls(*(getattr(models, name) for name in cls.__dataclass_fields__))

    @classmethod
    def from_apps(cls, apps) -> Models:
        return cls(*(apps.get_model("frameworks", name) for name in cls.__dataclass_fields__))


def builtin_fixture_paths(directory: Path = BUILTIN_DIR) -> list[Path]:
    """Every fixture file, by framework key and then version number."""
    found = []
    for path in directory.glob("*.json"):
        match = FIXTURE_NAME.match(path.name)
        if match is None:
            raise FrameworkRuleError(f"{path.name}: a fixture is named <framework key>.v<number>.json")
        found.append((match["key"], int(match["number"]), path))
    return [path for _, _, path in sorted(found)]


def read_fixture(path: Path) -> VersionDefinition:
    """The checked contents of one fixture file; FrameworkRuleError says what is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise FrameworkRuleError(f"{path.name}: cannot be read as JSON ({error})") from None
    try:
        definition = version_from_dict(data, known_roles=Role.values)
    except FrameworkRuleError as error:
        raise FrameworkRuleError(f"{path.name}: {error}", error.field, error.problems) from None
    match = FIXTURE_NAME.match(path.name)
    if match and (match["key"] != definition.framework.key or int(match["number"]) != definition.number):
        raise FrameworkRuleError(
            f"{path.name}: the file says framework '{definition.framework.key}' version "
            f"{definition.number}; the name and the contents must agree"
        )
    return definition


def install(definition: VersionDefinition, *, models: Models, fixture_name: str, created_by=None):
    """Store one version, published; None if this fixture was loaded before."""
    if models.FrameworkVersion.objects.filter(fixture_name=fixture_name).exists():
        return None
    about = definition.framework
    framework, _ = models.Framework.objects.get_or_create(
        key=about.key,
        defaults={"name": about.name, "description": about.description, "source": about.source},
    )
    taken = set(models.FrameworkVersion.objects.filter(framework=framework).values_list("number", flat=True))
    number = definition.number if definition.number not in taken else max(taken) + 1
    version = models.FrameworkVersion.objects.create(
        framework=framework,
        number=number,
        notes=definition.notes,
        fixture_name=fixture_name,
        created_by=created_by,
    )
    models.Stage.objects.bulk_create(
        models.Stage(
            version=version,
            order=order,
            key=stage.key,
            name=stage.name,
            description=stage.description,
            records=list(stage.records),
            completed_by=list(stage.completed_by),
            deadline_rule=rule_to_dict(stage.deadline) if stage.deadline else None,
            outer_limit_rule=rule_to_dict(stage.outer_limit) if stage.outer_limit else None,
            runs_from=stage.runs_from,
            optional=stage.optional,
            source=stage.source,
        )
        for order, stage in enumerate(definition.stages, start=1)
    )
    models.CriterionGroup.objects.bulk_create(
        models.CriterionGroup(
            version=version,
            key=group.key,
            name=group.name,
            description=group.description,
            source=group.source,
            order=order,
        )
        for order, group in enumerate(definition.criteria_groups, start=1)
    )
    models.Criterion.objects.bulk_create(
        models.Criterion(
            version=version,
            group=group.key,
            category=criterion.category,
            key=criterion.key,
            text=criterion.text,
            order=order,
        )
        for group in definition.criteria_groups
        for order, criterion in enumerate(group.criteria, start=1)
    )
    models.ReviewMethod.objects.bulk_create(
        models.ReviewMethod(
            version=version,
            key=method.key,
            name=method.name,
            description=method.description,
            source=method.source,
            order=order,
        )
        for order, method in enumerate(definition.methods, start=1)
    )
    version.status = "published"
    version.published_at = timezone.now()
    version.save()
    return version


def load_builtin(*, models: Models, paths: list[Path] | None = None, created_by=None) -> list:
    """Read every file first (so one bad file loads nothing), then store the new ones."""
    paths = builtin_fixture_paths() if paths is None else paths
    definitions = [(path.name, read_fixture(path)) for path in paths]
    loaded = []
    for fixture_name, definition in definitions:
        version = install(definition, models=models, fixture_name=fixture_name, created_by=created_by)
        if version is not None:
            loaded.append(version)
    return loaded
