"""Changing the stages of a draft version: update, add, remove and move."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from threadline.core.access import require
from threadline.core.domain.deadlines import rule_to_dict
from threadline.core.models import AuditAction
from threadline.core.services import audit_record

from .. import policies
from ..domain.rules import FrameworkRuleError, StageDraft, rules_of, runs_from_problems, to_key
from ..models import FrameworkVersion, Stage
from ._shared import _KEEP, _check, _draft_from, _locked_draft, _stages_of


def _check_order(stages: list[Stage], doing: str) -> None:
    """Each stage still runs from something that comes before it, in this order."""
    keys: list[str] = []
    for stage in stages:
        problems = runs_from_problems(
            stage.runs_from, earlier_stage_keys=keys, kind=(stage.deadline_rule or {}).get("kind", "")
        )
        if problems:
            raise FrameworkRuleError(
                f"Cannot {doing}, because ‘{stage.name}’ would no longer run from something that "
                "comes before it. Change what it runs from first."
            )
        keys.append(stage.key)


def _apply(stage: Stage, draft: StageDraft, values: dict) -> dict:
    """Set the checked values on `stage`; the changes, for the audit row."""
    rule, outer = rules_of(draft)
    new = {
        "name": draft.name.strip(),
        "completed_by": list(draft.completed_by),
        "runs_from": draft.runs_from,
        "deadline_rule": rule_to_dict(rule) if rule else None,
        "outer_limit_rule": rule_to_dict(outer) if outer else None,
        "records": list(draft.records),
    }
    for name in ("description", "source", "optional"):
        if values.get(name, _KEEP) is not _KEEP:
            new[name] = values[name].strip() if isinstance(values[name], str) else bool(values[name])
    changed = {}
    for name, value in new.items():
        if getattr(stage, name) != value:
            changed[name] = {"from": getattr(stage, name), "to": value}
            setattr(stage, name, value)
    if "description" in changed:
        changed["description"] = "changed"
    return changed


def stage_update(
    *,
    actor,
    stage: Stage,
    name=_KEEP,
    description=_KEEP,
    records=_KEEP,
    completed_by=_KEEP,
    deadline_kind=_KEEP,
    deadline_n=_KEEP,
    outer_limit_n=_KEEP,
    runs_from=_KEEP,
    optional=_KEEP,
    source=_KEEP,
) -> Stage:
    """Change a stage of a draft version. `deadline_kind` "" removes the deadline; a new kind
    needs its `deadline_n`. Each rule is checked as the stage form would (domain.rules)."""
    require(policies.can_manage_frameworks(actor))
    values = {k: v for k, v in locals().items() if k not in ("actor", "stage")}
    with transaction.atomic():
        _locked_draft(stage.version)
        stage = Stage.objects.get(pk=stage.pk)
        earlier = list(
            Stage.objects.filter(version_id=stage.version_id, order__lt=stage.order).values_list(
                "key", flat=True
            )
        )
        draft = _draft_from(stage, values)
        _check(draft, earlier)
        changed = _apply(stage, draft, values)
        stage.save()
        audit_record(actor=actor, action=AuditAction.CHANGE, target=stage, detail=changed)
    return stage


def _free_key(version_id, name: str) -> str:
    base = to_key(name) or "stage"
    taken = set(Stage.objects.filter(version_id=version_id).values_list("key", flat=True))
    key, suffix = base, 2
    while key in taken:
        key = f"{base[: 60 - len(str(suffix)) - 1]}-{suffix}"
        suffix += 1
    return key


def stage_add(
    *,
    actor,
    version: FrameworkVersion,
    name: str,
    completed_by: Sequence[str],
    runs_from: str = "previous-stage",
    description: str = "",
    records: Sequence[str] = (),
    deadline_kind: str = "",
    deadline_n: int | None = None,
    outer_limit_n: int | None = None,
    optional: bool = False,
    source: str = "",
) -> Stage:
    """Add a stage at the end of a draft version; move it into place with `stage_move`."""
    require(policies.can_manage_frameworks(actor))
    values = {k: v for k, v in locals().items() if k not in ("actor", "version")}
    with transaction.atomic():
        version = _locked_draft(version)
        stages = _stages_of(version.pk)
        draft = _draft_from(None, values)
        _check(draft, [s.key for s in stages])
        stage = Stage(
            version=version,
            order=(stages[-1].order + 1) if stages else 1,
            key=_free_key(version.pk, draft.name),
        )
        _apply(stage, draft, values)
        stage.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=stage,
            detail={"version": version.pk, "key": stage.key, "order": stage.order},
        )
    return stage


def stage_remove(*, actor, stage: Stage) -> None:
    """Remove a stage from a draft version; the stages after it move up one place."""
    require(policies.can_manage_frameworks(actor))
    with transaction.atomic():
        _locked_draft(stage.version)
        stages = _stages_of(stage.version_id)
        if len(stages) == 1:
            raise FrameworkRuleError(
                "A framework needs at least one stage, so its only stage cannot be removed"
            )
        stage = next(s for s in stages if s.pk == stage.pk)
        dependants = [s.name for s in stages if s.runs_from == f"stage:{stage.key}"]
        if dependants:
            raise FrameworkRuleError(
                f"‘{dependants[0]}’ runs from ‘{stage.name}’: "
                "change what it runs from before removing this stage"
            )
        remaining = [s for s in stages if s.pk != stage.pk]
        _check_order(remaining, f"remove ‘{stage.name}’")
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            target=stage,
            detail={"version": stage.version_id, "key": stage.key, "order": stage.order},
        )
        stage.delete()
        for later in remaining:
            if later.order > stage.order:
                later.order -= 1
                later.save(update_fields=["order"])


def stage_move(*, actor, stage: Stage, direction: str) -> Stage:
    """Swap a stage of a draft version with the one before ("up") or after ("down") it."""
    require(policies.can_manage_frameworks(actor))
    if direction not in ("up", "down"):
        raise FrameworkRuleError("A stage moves up or down", field="direction")
    with transaction.atomic():
        _locked_draft(stage.version)
        stages = _stages_of(stage.version_id)
        index = next(i for i, s in enumerate(stages) if s.pk == stage.pk)
        other_index = index - 1 if direction == "up" else index + 1
        if not 0 <= other_index < len(stages):
            raise FrameworkRuleError(
                f"‘{stages[index].name}’ is already the {'first' if direction == 'up' else 'last'} stage"
            )
        stage, other = stages[index], stages[other_index]
        reordered = list(stages)
        reordered[index], reordered[other_index] = other, stage
        _check_order(reordered, f"move ‘{stage.name}’ {direction}")
        places = stage.order, other.order
        stage.order = stages[-1].order + 1  # out of the way of the unique (version, order)
        stage.save(update_fields=["order"])
        other.order = places[0]
        other.save(update_fields=["order"])
        stage.order = places[1]
        stage.save(update_fields=["order"])
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=stage,
            detail={"order": {"from": places[0], "to": places[1]}},
        )
    return stage
