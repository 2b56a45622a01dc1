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


class ReviewCost(models.Model):
    """What one heading of a review costs, estimated and (once known) actual, in pence."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="costs")
    heading = models.CharField(max_length=40)
    estimated_pence = models.PositiveBigIntegerField(default=0)
    actual_pence = models.PositiveBigIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    updated_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["review", "heading"]
        constraints = [
            models.UniqueConstraint(fields=["review", "heading"], name="one_cost_per_review_heading")
        ]

    def __str__(self) -> str:
        return f"{self.heading} of {self.review_id}: {self.estimated_pence}p"


class CostApportionment(models.Model):
    """How the partners share the review's costs (seed 001 §1.2): the option and each
    organisation's involvement points (Option 1) or percentage (Option 2)."""

    review = models.OneToOneField(Review, on_delete=models.PROTECT, related_name="apportionment")
    option = models.CharField(max_length=40)
    shares = models.JSONField(default=list, help_text='[{"organisation": id, "amount": points or percent}]')
    agreed_by = models.TextField(blank=True, help_text="Who agreed the split, and when")
    updated_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.option} for {self.review_id}"


class ProceedingKind(models.TextChoices):
    POLICE_INVESTIGATION = "police-investigation", "Police investigation"
    CRIMINAL_TRIAL = "criminal-trial", "Criminal trial"
    INQUEST = "inquest", "Inquest"
    DISCIPLINARY = "disciplinary", "Disciplinary proceedings"
    OTHER = "other", "Other proceedings"


class ProceedingStatus(models.TextChoices):
    ONGOING = "ongoing", "Ongoing"
    ENDED = "ended", "Ended"


class ParallelProceeding(models.Model):
    """Proceedings running alongside the review (issue 5 item 9; seed 004): who liaises with
    them, and the pause of the incident's clock they caused, if any."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="proceedings")
    kind = models.CharField(max_length=40, choices=ProceedingKind.choices)
    liaison = models.CharField(max_length=300, help_text="Who liaises with the proceedings")
    status = models.CharField(
        max_length=20, choices=ProceedingStatus.choices, default=ProceedingStatus.ONGOING
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    pause = models.ForeignKey(
        "incidents.ClockPause", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["review", "-started_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.started_on:%d %B %Y}"
