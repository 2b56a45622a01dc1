"""A framework version as plain data, read from a fixture file and checked before anything is
stored. Pure Python: the loader turns these into rows.

The fixture format (threadline/frameworks/fixtures/builtin/<key>.v<N>.json):

    {"framework": {"key", "name", "description", "source"},
     "version": 1, "notes": "...",
     "stages": [{"key", "name", "description", "records": [...], "completed_by": [...],
                 "deadline": {"kind", "n"} | null, "outer_limit": {"kind", "n"} | null,
                 "runs_from", "optional": false, "source": "seed 000 §7.3"}],
     "criteria_groups": [{"key", "name", "description", "source",
                          "criteria": [{"key", "text", "category"}]}],
     "methods": [{"key", "name", "description", "source"}]}

Stages, criteria and methods are stored in the order the file lists them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from threadline.core.domain.deadlines import DeadlineRule, DeadlineRuleError, rule_from_dict

from .rules import FrameworkRuleError, StageDraft, is_key, stage_problems

CATEGORIES = ("safeguarding", "public-protection", "")


@dataclass(frozen=True)
class StageDefinition:
    key: str
    name: str
    runs_from: str
    completed_by: tuple[str, ...]
    description: str = ""
    records: tuple[str, ...] = ()
    deadline: DeadlineRule | None = None
    outer_limit: DeadlineRule | None = None
    optional: bool = False
    source: str = ""


@dataclass(frozen=True)
class CriterionDefinition:
    key: str
    text: str
    category: str = ""


@dataclass(frozen=True)
class CriteriaGroupDefinition:
    key: str
    name: str
    description: str = ""
    source: str = ""
    criteria: tuple[CriterionDefinition, ...] = ()


@dataclass(frozen=True)
class MethodDefinition:
    key: str
    name: str
    description: str = ""
    source: str = ""


@dataclass(frozen=True)
class FrameworkDefinition:
    key: str
    name: str
    description: str = ""
    source: str = ""


@dataclass(frozen=True)
class VersionDefinition:
    framework: FrameworkDefinition
    number: int
    notes: str = ""
    stages: tuple[StageDefinition, ...] = ()
    criteria_groups: tuple[CriteriaGroupDefinition, ...] = field(default_factory=tuple)
    methods: tuple[MethodDefinition, ...] = field(default_factory=tuple)


def _text(data: Mapping[str, Any], name: str, where: str, *, required: bool = True) -> str:
    value = data.get(name, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise FrameworkRuleError(f"{where}: '{name}' must be {'some ' if required else ''}text")
    return value.strip()


def _key(data: Mapping[str, Any], where: str) -> str:
    key = data.get("key")
    if not is_key(key):
        raise FrameworkRuleError(f"{where}: key {key!r} must be lower-case letters, digits and hyphens")
    return key


def _rule(data: Any, where: str) -> DeadlineRule | None:
    if data is None:
        return None
    try:
        return rule_from_dict(data)
    except DeadlineRuleError as error:
        raise FrameworkRuleError(f"{where}: {error}") from None


def _unique(keys: Iterable[str], what: str, where: str) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise FrameworkRuleError(f"{where}: two {what} have the key '{key}'")
        seen.add(key)


def stage_from_dict(
    data: Mapping[str, Any], *, position: int, earlier_keys: list[str], known_roles: Iterable[str]
) -> StageDefinition:
    where = f"stage {position}"
    key = _key(data, where)
    where = f"stage {position} ({key})"
    deadline = _rule(data.get("deadline"), where)
    outer = _rule(data.get("outer_limit"), where)
    if outer is not None and (deadline is None or outer.kind != deadline.kind):
        raise FrameworkRuleError(f"{where}: an outer limit must be the same kind of rule as the deadline")
    completed_by = tuple(data.get("completed_by") or ())
    records = tuple(data.get("records") or ())
    draft = StageDraft(
        name=_text(data, "name", where),
        completed_by=completed_by,
        runs_from=_text(data, "runs_from", where),
        deadline_kind=deadline.kind if deadline else "",
        deadline_n=deadline.n if deadline else None,
        outer_limit_n=outer.n if outer else None,
        records=records,
    )
    problems = stage_problems(draft, earlier_stage_keys=earlier_keys, known_roles=known_roles)
    if problems:
        raise FrameworkRuleError(f"{where}: {problems[0][1]}", problems[0][0], problems)
    return StageDefinition(
        key=key,
        name=draft.name.strip(),
        runs_from=draft.runs_from,
        completed_by=completed_by,
        description=_text(data, "description", where, required=False),
        records=records,
        deadline=deadline,
        outer_limit=outer,
        optional=bool(data.get("optional", False)),
        source=_text(data, "source", where, required=False),
    )


def version_from_dict(data: Mapping[str, Any], *, known_roles: Iterable[str]) -> VersionDefinition:
    """Read and check one fixture; a FrameworkRuleError says what is wrong and where."""
    known_roles = tuple(known_roles)
    framework_data = data.get("framework") or {}
    framework = FrameworkDefinition(
        key=_key(framework_data, "framework"),
        name=_text(framework_data, "name", "framework"),
        description=_text(framework_data, "description", "framework", required=False),
        source=_text(framework_data, "source", "framework", required=False),
    )
    number = data.get("version")
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise FrameworkRuleError(f"{framework.key}: 'version' must be a whole number, 1 or more")
    stages: list[StageDefinition] = []
    raw_stages = data.get("stages") or []
    if not raw_stages:
        raise FrameworkRuleError(f"{framework.key}: a framework needs at least one stage")
    for position, stage_data in enumerate(raw_stages, start=1):
        stages.append(
            stage_from_dict(
                stage_data,
                position=position,
                earlier_keys=[s.key for s in stages],
                known_roles=known_roles,
            )
        )
    _unique((s.key for s in stages), "stages", framework.key)
    groups = []
    for group_data in data.get("criteria_groups") or []:
        where = f"{framework.key} criteria"
        group_key = _key(group_data, where)
        where = f"{framework.key} criteria '{group_key}'"
        criteria = []
        for criterion_data in group_data.get("criteria") or []:
            category = criterion_data.get("category", "")
            if category not in CATEGORIES:
                raise FrameworkRuleError(f"{where}: category {category!r} is not one of {CATEGORIES}")
            criteria.append(
                CriterionDefinition(
                    key=_key(criterion_data, where),
                    text=_text(criterion_data, "text", where),
                    category=category,
                )
            )
        _unique((c.key for c in criteria), "criteria", where)
        groups.append(
            CriteriaGroupDefinition(
                key=group_key,
                name=_text(group_data, "name", where),
                description=_text(group_data, "description", where, required=False),
                source=_text(group_data, "source", where, required=False),
                criteria=tuple(criteria),
            )
        )
    _unique((g.key for g in groups), "criteria lists", framework.key)
    methods = tuple(
        MethodDefinition(
            key=_key(m, f"{framework.key} method"),
            name=_text(m, "name", f"{framework.key} method"),
            description=_text(m, "description", f"{framework.key} method", required=False),
            source=_text(m, "source", f"{framework.key} method", required=False),
        )
        for m in data.get("methods") or []
    )
    _unique((m.key for m in methods), "review methods", framework.key)
    return VersionDefinition(
        framework=framework,
        number=number,
        notes=_text(data, "notes", framework.key, required=False),
        stages=tuple(stages),
        criteria_groups=tuple(groups),
        methods=methods,
    )
