"""What the framework services share: the draft lock and reading a stage as a StageDraft."""

from threadline.core.models import Role

from ..domain.rules import FrameworkRuleError, StageDraft, stage_problems
from ..models import FrameworkVersion, FrameworkVersionLocked, Stage

_KEEP = object()


def _locked_draft(version: FrameworkVersion) -> FrameworkVersion:
    """The version, read again under a row lock, refusing unless it is still a draft."""
    fresh = FrameworkVersion.objects.select_for_update().select_related("framework").get(pk=version.pk)
    if not fresh.is_draft:
        raise FrameworkVersionLocked(
            f"Version {fresh.number} of {fresh.framework.name} is {fresh.get_status_display().lower()} "
            "and cannot be changed: reviews may be pinned to it. Make a new version to change it."
        )
    return fresh


def _stages_of(version_id) -> list[Stage]:
    return list(Stage.objects.filter(version_id=version_id).order_by("order"))


def _draft_from(stage: Stage | None, values: dict) -> StageDraft:
    def pick(name, default):
        value = values.get(name, _KEEP)
        return default if value is _KEEP else value

    rule = (stage.deadline_rule if stage else None) or {}
    outer = (stage.outer_limit_rule if stage else None) or {}
    kind = pick("deadline_kind", rule.get("kind", ""))
    keep_numbers = stage is not None and values.get("deadline_kind", _KEEP) is _KEEP
    return StageDraft(
        name=pick("name", stage.name if stage else ""),
        completed_by=list(pick("completed_by", stage.completed_by if stage else [])),
        runs_from=pick("runs_from", stage.runs_from if stage else "previous-stage"),
        deadline_kind=kind or "",
        deadline_n=pick("deadline_n", rule.get("n") if keep_numbers else None),
        outer_limit_n=pick("outer_limit_n", outer.get("n") if keep_numbers else None),
        records=list(pick("records", stage.records if stage else [])),
    )


def _check(draft: StageDraft, earlier_keys: list[str]) -> None:
    problems = stage_problems(draft, earlier_stage_keys=earlier_keys, known_roles=Role.values)
    if problems:
        raise FrameworkRuleError.from_problems(problems)
