"""Loading, copying, publishing, retiring and deleting framework versions."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from threadline.core.access import require
from threadline.core.models import AuditAction, Role
from threadline.core.services import audit_record

from .. import loader, policies
from ..domain.rules import FrameworkRuleError, stage_problems
from ..models import Criterion, CriterionGroup, FrameworkVersion, ReviewMethod, Stage, VersionStatus
from ._shared import _draft_from, _locked_draft, _stages_of

_COPIED_FIELDS = {
    Stage: [
        "order",
        "key",
        "name",
        "description",
        "records",
        "completed_by",
        "deadline_rule",
        "outer_limit_rule",
        "runs_from",
        "optional",
        "source",
    ],
    CriterionGroup: ["key", "name", "description", "source", "order"],
    Criterion: ["group", "category", "key", "text", "order"],
    ReviewMethod: ["key", "name", "description", "source", "order"],
}


def frameworks_load_builtin(*, actor=None, paths: Sequence[Path] | None = None) -> list[FrameworkVersion]:
    """Load fixture files not loaded before, each as a published version; existing versions are
    never touched. `actor` is None when run from the command line or a deployment."""
    if actor is not None:
        require(policies.can_manage_frameworks(actor))
    with transaction.atomic():
        loaded = loader.load_builtin(
            models=loader.Models.current(),
            paths=list(paths) if paths is not None else None,
            created_by=actor,
        )
        if loaded:
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                actor_label="" if actor is not None else "system: load_frameworks",
                detail={
                    "loaded": [
                        {"framework": v.framework.key, "version": v.number, "fixture": v.fixture_name}
                        for v in loaded
                    ]
                },
            )
    return loaded


def framework_version_copy(*, actor, version: FrameworkVersion) -> FrameworkVersion:
    """A new draft version (the next number) with the same stages, criteria and methods."""
    require(policies.can_manage_frameworks(actor))
    with transaction.atomic():
        framework = version.framework
        numbers = FrameworkVersion.objects.select_for_update().filter(framework=framework)
        number = max(numbers.values_list("number", flat=True), default=0) + 1
        copy = FrameworkVersion.objects.create(
            framework=framework,
            number=number,
            status=VersionStatus.DRAFT,
            created_by=actor,
            copied_from=version,
            notes=version.notes,
        )
        for model, fields in _COPIED_FIELDS.items():
            rows = model.objects.filter(version=version).values(*fields)
            model.objects.bulk_create(model(version=copy, **row) for row in rows)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=copy,
            detail={"copied_from": {"id": version.pk, "number": version.number}},
        )
    return copy


def framework_version_publish(
    *, actor, version: FrameworkVersion, notes: str | None = None, retire_others: bool = False
) -> FrameworkVersion:
    """Publish a draft: from now on it never changes and new reviews can start on it.

    Versions published before stay as they are, and reviews pinned to them carry on; with
    `retire_others`, they are retired so that new reviews can only start on this one.
    """
    require(policies.can_manage_frameworks(actor))
    with transaction.atomic():
        version = _locked_draft(version)
        stages = _stages_of(version.pk)
        if not stages:
            raise FrameworkRuleError("Add at least one stage before publishing")
        keys: list[str] = []
        for stage in stages:
            draft = _draft_from(stage, {})
            problems = stage_problems(draft, earlier_stage_keys=keys, known_roles=Role.values)
            if problems:
                raise FrameworkRuleError(f"‘{stage.name}’: {problems[0][1]}. Change the stage, then publish.")
            keys.append(stage.key)
        now = timezone.now()
        retired = []
        if retire_others:
            for other in FrameworkVersion.objects.select_for_update().filter(
                framework=version.framework, status=VersionStatus.PUBLISHED
            ):
                other.status = VersionStatus.RETIRED
                other.retired_at = now
                other.save()
                retired.append(other.number)
        if notes is not None:
            version.notes = notes.strip()
        version.status = VersionStatus.PUBLISHED
        version.published_at = now
        version.save()
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=version,
            detail={"status": {"from": "draft", "to": "published"}, "retired": sorted(retired)},
        )
    return version


def framework_version_retire(*, actor, version: FrameworkVersion) -> FrameworkVersion:
    """No new review may start on this version; reviews already on it carry on with it."""
    require(policies.can_manage_frameworks(actor))
    with transaction.atomic():
        version = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
        if version.status != VersionStatus.PUBLISHED:
            raise FrameworkRuleError(
                f"Only a published version can be retired; version {version.number} is {version.status}"
            )
        version.status = VersionStatus.RETIRED
        version.retired_at = timezone.now()
        version.save()
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=version,
            detail={"status": {"from": "published", "to": "retired"}},
        )
    return version


def framework_version_discard(*, actor, version: FrameworkVersion) -> None:
    """Delete a draft that will not be published. Published versions are never deleted."""
    require(policies.can_manage_frameworks(actor))
    with transaction.atomic():
        version = _locked_draft(version)
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            target=version,
            detail={"framework": version.framework.key, "number": version.number},
        )
        version.delete()
