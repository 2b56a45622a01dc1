"""What a framework version holds: stages in order, criteria lists and review methods.

Each row belongs to one version and can change only while that version is a draft.
"""

from django.db import models
from django.utils.functional import cached_property

from threadline.core.domain.deadlines import DeadlineRule, rule_from_dict
from threadline.core.models import Role

from ..domain.rules import describe_deadline, humanise, runs_from_label
from .versions import FrameworkVersion, FrameworkVersionLocked, VersionStatus


def _refuse_unless_draft(version_id) -> None:
    status = FrameworkVersion._base_manager.filter(pk=version_id).values_list("status", flat=True).first()
    if status is not None and status != VersionStatus.DRAFT:
        raise FrameworkVersionLocked(
            "This version is published and cannot be changed: reviews may be pinned to it. "
            "Make a new version instead."
        )


class VersionContentQuerySet(models.QuerySet):
    def _refuse_unless_drafts(self) -> None:
        if self.exclude(version__status=VersionStatus.DRAFT).exists():
            raise FrameworkVersionLocked("Only a draft version's contents can be changed")

    def update(self, **kwargs):
        self._refuse_unless_drafts()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_unless_drafts()
        return super().delete()


class VersionContent(models.Model):
    """A row that belongs to a framework version and is frozen once the version is published."""

    objects = VersionContentQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        _refuse_unless_draft(self.version_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_unless_draft(self.version_id)
        return super().delete(*args, **kwargs)


class Stage(VersionContent):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveIntegerField()
    key = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # Keys of what the stage must record, e.g. ["decision", "rationale", "attendees"].
    records = models.JSONField(default=list, blank=True)
    # core Role values of the people who may complete it.
    completed_by = models.JSONField(default=list)
    # threadline.core.domain.deadlines.rule_to_dict, or null for a stage with no deadline.
    deadline_rule = models.JSONField(null=True, blank=True)
    # The same kind of rule with a larger number, for a timescale given as a range.
    outer_limit_rule = models.JSONField(null=True, blank=True)
    # An event ("notification", "decision", ... see domain.rules.EVENTS) or "stage:<key>".
    runs_from = models.CharField(max_length=80)
    # Only done when the review decides so (a full review after the initial one, say).
    optional = models.BooleanField(default=False)
    source = models.CharField(
        max_length=200, blank=True, help_text="Where the seed says so, e.g. seed 000 §7.3"
    )

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="one_key_per_stage_in_version"),
            models.UniqueConstraint(fields=["version", "order"], name="one_place_per_stage_in_version"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"

    @property
    def rule(self) -> DeadlineRule | None:
        return rule_from_dict(self.deadline_rule) if self.deadline_rule else None

    @property
    def outer_limit(self) -> DeadlineRule | None:
        return rule_from_dict(self.outer_limit_rule) if self.outer_limit_rule else None

    @cached_property
    def _stage_names(self) -> dict[str, str]:
        return dict(Stage.objects.filter(version_id=self.version_id).values_list("key", "name"))

    def deadline_in_words(self, stage_names: dict[str, str] | None = None) -> str:
        names = stage_names if stage_names is not None else self._stage_names
        return describe_deadline(self.rule, self.outer_limit, self.runs_from, names)

    def runs_from_in_words(self, stage_names: dict[str, str] | None = None) -> str:
        names = stage_names if stage_names is not None else self._stage_names
        return runs_from_label(self.runs_from, names)

    @property
    def completed_by_labels(self) -> list[str]:
        labels = dict(Role.choices)
        return [labels.get(role, role) for role in self.completed_by]

    @property
    def record_labels(self) -> list[str]:
        return [humanise(record) for record in self.records]


class CriterionCategory(models.TextChoices):
    SAFEGUARDING = "safeguarding", "Safeguarding"
    PUBLIC_PROTECTION = "public-protection", "Public protection"
    NONE = "", "Not categorised"


class CriterionGroup(VersionContent):
    """A named list of criteria, e.g. mandatory notification criteria (seed 002 §1.1)."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="criterion_groups")
    key = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=200, blank=True)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="one_key_per_criterion_group_in_version")
        ]

    def __str__(self) -> str:
        return self.name


class Criterion(VersionContent):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="criteria")
    group = models.SlugField(max_length=60, help_text="The key of its CriterionGroup in the same version")
    category = models.CharField(max_length=20, choices=CriterionCategory.choices, blank=True)
    key = models.SlugField(max_length=60)
    text = models.TextField()
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["version", "group", "order"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(fields=["version", "group", "key"], name="one_key_per_criterion_in_group")
        ]

    def __str__(self) -> str:
        return self.text


class ReviewMethod(VersionContent):
    """A way of conducting the review, e.g. the 11 options of seed 001 §3."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="methods")
    key = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=200, blank=True)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="one_key_per_method_in_version")
        ]

    def __str__(self) -> str:
        return self.name
