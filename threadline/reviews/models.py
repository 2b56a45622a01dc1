"""A review of one incident: what each stage records, its decisions, and its reopenings.

The review is led by the incident's organisation and follows the framework version the
incident is pinned to. Whether a stage is done lives with the incident's clock
(incidents.StageCompletion), so that the next deadline runs from it.
"""

from django.db import models
from django.urls import reverse
from django.utils import timezone

from threadline.core.models import OrganisationScoped


class ReviewStatus(models.TextChoices):
    IN_PROGRESS = "in-progress", "In progress"
    COMPLETED = "completed", "Completed"


class Review(OrganisationScoped):
    incident = models.OneToOneField("incidents.Incident", on_delete=models.PROTECT, related_name="review")
    started_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.IN_PROGRESS)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["lead_organisation", "status"])]

    def __str__(self) -> str:
        return f"Review of {self.incident}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:detail", kwargs={"pk": self.pk})

    @property
    def framework_version(self):
        return self.incident.framework_version


class StageRecord(models.Model):
    """What a stage records, as the framework lists it. `version` counts saves: a save names
    the version it started from and is refused if someone saved in between."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="stage_records")
    stage = models.ForeignKey("frameworks.Stage", on_delete=models.PROTECT, related_name="+")
    data = models.JSONField(default=dict)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "stage"], name="one_record_per_review_stage")
        ]

    def __str__(self) -> str:
        return f"{self.stage} of {self.review}, version {self.version}"


class StageRecordRevision(models.Model):
    """Each saved version of a stage record, kept: the base of a merge, and the history."""

    record = models.ForeignKey(StageRecord, on_delete=models.PROTECT, related_name="revisions")
    version = models.PositiveIntegerField()
    data = models.JSONField(default=dict)
    saved_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["record", "version"]
        constraints = [
            models.UniqueConstraint(fields=["record", "version"], name="one_revision_per_record_version")
        ]

    def __str__(self) -> str:
        return f"version {self.version} of {self.record_id}"


class Decision(models.Model):
    """One decision with its rationale (issue 5 item 2). Recording another for the same stage
    replaces it as the current decision; the earlier one is kept."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="decisions")
    stage = models.ForeignKey("frameworks.Stage", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=60, help_text="The key of the stage that records it")
    outcome = models.CharField(max_length=300, help_text="The outcome's key, or the words of a free one")
    outcome_label = models.CharField(max_length=300)
    independence = models.CharField(max_length=60, blank=True)
    independence_label = models.CharField(max_length=200, blank=True)
    outcome_detail = models.TextField(blank=True, help_text="Reasons, or the alternative approach")
    rationale = models.TextField()
    decided_on = models.DateField()
    decision_makers = models.TextField()
    recorded_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["review", "stage", "-recorded_at", "-pk"]
        indexes = [models.Index(fields=["review", "stage", "recorded_at"])]

    def __str__(self) -> str:
        return f"{self.outcome_label} ({self.decided_on:%d %B %Y})"


class StageReopening(models.Model):
    """A completed stage opened again by the chair, with the reason; never removed."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="reopenings")
    stage = models.ForeignKey("frameworks.Stage", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    was_done_on = models.DateField()
    reopened_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    reopened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["review", "-reopened_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.stage} reopened: {self.reason[:60]}"
