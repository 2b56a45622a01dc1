"""A framework and its numbered versions.

A review is pinned to the version it started under, so a version, once published, never
changes: its stages, criteria and methods are frozen, and the only change left to it is
being retired (no new review may start on it; reviews already on it carry on). The
services refuse such changes with a readable error, and the models refuse them again
here, in case any other code tries.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from ..domain.rules import FrameworkRuleError


class FrameworkVersionLocked(FrameworkRuleError):
    """A change to a version that is published or retired, which reviews may be pinned to."""


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    RETIRED = "retired", "Retired"


class Framework(models.Model):
    """A review process, one per seed for the built-in five (DESIGN §2)."""

    key = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True, help_text="The document the framework follows")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# The transitions a version may make once it is no longer a draft.
_LOCKED_TRANSITIONS = {
    (VersionStatus.PUBLISHED, VersionStatus.PUBLISHED),
    (VersionStatus.PUBLISHED, VersionStatus.RETIRED),
    (VersionStatus.RETIRED, VersionStatus.RETIRED),
}
_CHANGEABLE_WHEN_LOCKED = {"status", "retired_at"}


class FrameworkVersionQuerySet(models.QuerySet):
    def _refuse_unless_drafts(self, doing: str) -> None:
        if self.exclude(status=VersionStatus.DRAFT).exists():
            raise FrameworkVersionLocked(
                f"Only draft versions can be {doing}; published versions never change"
            )

    def update(self, **kwargs):
        self._refuse_unless_drafts("changed")
        return super().update(**kwargs)

    def delete(self):
        self._refuse_unless_drafts("deleted")
        return super().delete()

    def published(self):
        return self.filter(status=VersionStatus.PUBLISHED)


class FrameworkVersion(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    notes = models.TextField(blank=True, help_text="What this version changes, for the people who use it")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    # The built-in fixture file it was loaded from ("<key>.v1.json"); blank when made in Threadline.
    fixture_name = models.CharField(max_length=200, blank=True)

    objects = FrameworkVersionQuerySet.as_manager()

    class Meta:
        ordering = ["framework__name", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="one_number_per_framework_version"),
            models.UniqueConstraint(
                fields=["fixture_name"], condition=~Q(fixture_name=""), name="one_version_per_fixture"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework.name}, version {self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding and self.pk is not None:
            stored = type(self)._base_manager.filter(pk=self.pk).first()
            if stored is not None and stored.status != VersionStatus.DRAFT:
                changed = [
                    f.name
                    for f in self._meta.concrete_fields
                    if f.name not in _CHANGEABLE_WHEN_LOCKED
                    and getattr(stored, f.attname) != getattr(self, f.attname)
                ]
                if changed or (stored.status, self.status) not in _LOCKED_TRANSITIONS:
                    raise FrameworkVersionLocked(
                        f"Version {stored.number} is {stored.get_status_display().lower()} and cannot be "
                        "changed: reviews may be pinned to it. Make a new version instead."
                    )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("frameworks:version_detail", kwargs={"pk": self.pk})

    def delete(self, *args, **kwargs):
        stored = type(self)._base_manager.filter(pk=self.pk).values_list("status", flat=True).first()
        if stored is not None and stored != VersionStatus.DRAFT:
            raise FrameworkVersionLocked(
                f"Version {self.number} is {stored} and cannot be deleted: reviews may be pinned to it"
            )
        return super().delete(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED

    @property
    def is_usable_for_new_reviews(self) -> bool:
        """Only a published version can be chosen for a new review; retired ones cannot."""
        return self.status == VersionStatus.PUBLISHED
