"""Every read of frameworks, starting from what the actor may see.

Published and retired versions are readable by anyone signed in; drafts only by the system
administrators who edit them (anyone else gets 404 for a draft, as for anything not theirs).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from threadline.core.access import object_or_404
from threadline.core.models import User

from . import policies
from .domain.rules import FrameworkRuleError
from .models import Criterion, CriterionGroup, Framework, FrameworkVersion, ReviewMethod, Stage, VersionStatus


def frameworks_visible_to(actor: User) -> QuerySet[Framework]:
    if not policies.can_view_frameworks(actor):
        return Framework.objects.none()
    return Framework.objects.all()


def versions_visible_to(actor: User) -> QuerySet[FrameworkVersion]:
    if not policies.can_view_frameworks(actor):
        return FrameworkVersion.objects.none()
    versions = FrameworkVersion.objects.all()
    if not policies.can_view_draft_versions(actor):
        versions = versions.exclude(status=VersionStatus.DRAFT)
    return versions


def version_for(actor: User, pk) -> FrameworkVersion:
    versions = versions_visible_to(actor).select_related("framework", "copied_from", "created_by")
    return object_or_404(actor, versions, model=FrameworkVersion, pk=pk)


def stage_for(actor: User, pk) -> Stage:
    stages = Stage.objects.filter(version__in=versions_visible_to(actor)).select_related("version__framework")
    return object_or_404(actor, stages, model=Stage, pk=pk)


@dataclass
class FrameworkSummary:
    framework: Framework
    current: FrameworkVersion | None  # the version new reviews start on
    published: list[FrameworkVersion] = field(default_factory=list)  # others still open to new reviews
    drafts: list[FrameworkVersion] = field(default_factory=list)
    retired: list[FrameworkVersion] = field(default_factory=list)


def framework_summaries(actor: User) -> list[FrameworkSummary]:
    """Each framework with the version new reviews use, its other versions and its drafts."""
    versions = versions_visible_to(actor).order_by("-number")
    summaries = []
    for framework in frameworks_visible_to(actor).prefetch_related(
        Prefetch("versions", queryset=versions, to_attr="visible_versions")
    ):
        by_status: dict[str, list[FrameworkVersion]] = {status: [] for status in VersionStatus.values}
        for version in framework.visible_versions:
            by_status[version.status].append(version)
        published = by_status[VersionStatus.PUBLISHED]
        summaries.append(
            FrameworkSummary(
                framework=framework,
                current=published[0] if published else None,
                published=published[1:],
                drafts=by_status[VersionStatus.DRAFT],
                retired=by_status[VersionStatus.RETIRED],
            )
        )
    return summaries


def current_version(framework: Framework) -> FrameworkVersion | None:
    """The highest-numbered published version: the one a new review starts on."""
    return framework.versions.filter(status=VersionStatus.PUBLISHED).order_by("-number").first()


def version_for_new_review(*, framework: Framework) -> FrameworkVersion:
    """The version a review starting now is pinned to; refuses a framework with none published."""
    version = current_version(framework)
    if version is None:
        raise FrameworkRuleError(f"{framework.name} has no published version, so no review can start on it")
    return version


def versions_for_new_reviews() -> QuerySet[FrameworkVersion]:
    return FrameworkVersion.objects.published().select_related("framework")


def stages_of(version: FrameworkVersion) -> list[Stage]:
    return list(Stage.objects.filter(version=version).order_by("order"))


def criteria_of(version: FrameworkVersion, group: str | None = None) -> QuerySet[Criterion]:
    """A version's criteria, or one list of them ("mandatory", "local-review", ...), in order."""
    criteria = Criterion.objects.filter(version=version)
    if group is not None:
        criteria = criteria.filter(group=group)
    return criteria.order_by("group", "order")


@dataclass
class CriteriaList:
    group: CriterionGroup
    criteria: list[Criterion]

    @property
    def has_categories(self) -> bool:
        return any(criterion.category for criterion in self.criteria)


def version_contents(version: FrameworkVersion) -> dict:
    """Stages (with their deadlines in words), criteria lists and methods, for one page."""
    stages = stages_of(version)
    names = {stage.key: stage.name for stage in stages}
    rows = [
        {
            "stage": stage,
            "deadline": stage.deadline_in_words(names),
            "runs_from": stage.runs_from_in_words(names),
        }
        for stage in stages
    ]
    criteria: dict[str, list[Criterion]] = {}
    for criterion in criteria_of(version):
        criteria.setdefault(criterion.group, []).append(criterion)
    groups = CriterionGroup.objects.filter(version=version).order_by("order")
    return {
        "stages": rows,
        "criteria_lists": [CriteriaList(group, criteria.get(group.key, [])) for group in groups],
        "methods": list(ReviewMethod.objects.filter(version=version).order_by("order")),
    }
