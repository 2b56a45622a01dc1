"""Actions that carry out a recommendation, owned across agencies, with their progress,
evidence and the measures that show whether practice changed (issue 7 items 3 and 7)."""

from django.db import models
from django.utils import timezone

from threadline.reviews.models.documents import private_storage

from ..domain import embed as embed_rules


class ActionLevel(models.TextChoices):
    STRATEGIC = "strategic", "Strategic"
    OPERATIONAL = "operational", "Operational"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not-started", "Not started"
    IN_PROGRESS = "in-progress", "In progress"
    DONE = "done", "Done: awaiting the evidence check"
    EVIDENCED = "evidenced", "Evidenced"
    CHECKED_BACK = "checked-back", "Checked back"


class Action(models.Model):
    """One action: owned by an organisation and a named person. Overdue is not stored: it is
    an open action past its due date on the owner's working-day calendar (domain)."""

    recommendation = models.ForeignKey(
        "learning.Recommendation", on_delete=models.PROTECT, related_name="actions"
    )
    review = models.ForeignKey("reviews.Review", on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    level = models.CharField(max_length=20, choices=ActionLevel.choices)
    owner_organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="actions_owned")
    due_on = models.DateField()
    success_measure = models.TextField()
    check_back_on = models.DateField()
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["review", "due_on", "pk"]
        indexes = [
            models.Index(fields=["owner_organisation", "status", "due_on"]),
            models.Index(fields=["owner", "status"]),
            models.Index(fields=["review", "status"]),
        ]

    def __str__(self) -> str:
        return self.description[:80]


def evidence_path(instance, filename: str) -> str:
    return f"learning/evidence/{instance.update.action_id}/{instance.sha256}"


class ActionUpdate(models.Model):
    """Progress the owner posts, perhaps moving the status, with evidence files."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="updates")
    text = models.TextField()
    status_before = models.CharField(max_length=20, choices=ActionStatus.choices)
    status_after = models.CharField(max_length=20, choices=ActionStatus.choices)
    posted_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    posted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["action", "posted_at", "pk"]

    def __str__(self) -> str:
        return f"Update on {self.action_id}: {self.status_after}"


class ActionEvidence(models.Model):
    """A file that evidences an update, checked by content and kept outside the web root."""

    update = models.ForeignKey(ActionUpdate, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(storage=private_storage, upload_to=evidence_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.original_name


class EmbedMeasureKind(models.TextChoices):
    INDICATOR = "indicator", "Performance indicator"
    AUDIT = "audit", "Audit result"


class EmbedMeasureShows(models.TextChoices):
    """What a reading shows, judged by whoever records it; the domain's values."""

    CHANGED = embed_rules.CHANGED, embed_rules.JUDGEMENT_LABELS[embed_rules.CHANGED]
    PARTLY = embed_rules.PARTLY, embed_rules.JUDGEMENT_LABELS[embed_rules.PARTLY]
    NOT_YET = embed_rules.NOT_YET, embed_rules.JUDGEMENT_LABELS[embed_rules.NOT_YET]
    WORSE = embed_rules.WORSE, embed_rules.JUDGEMENT_LABELS[embed_rules.WORSE]


class EmbedMeasure(models.Model):
    """An indicator reading or audit result recorded against an action (seed 003 Embed), so
    the board sees whether practice changed."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="measures")
    kind = models.CharField(max_length=20, choices=EmbedMeasureKind.choices)
    name = models.CharField(max_length=200)
    measured_on = models.DateField()
    result = models.CharField(max_length=200, help_text="The figure or the finding, e.g. 92% or 'good'")
    # Blank only on readings recorded before the question was asked: none was judged then, and
    # guessing a judgement for them would tell the board something nobody said.
    shows = models.CharField(max_length=20, choices=EmbedMeasureShows.choices, blank=True, default="")
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["action", "measured_on", "pk"]

    def __str__(self) -> str:
        return f"{self.name}: {self.result}"
