"""The review's work on the merged chronology: the same event reported by two agencies (a
person confirms or rejects each suggestion; nothing is merged silently), key practice
episodes, gaps, and the reviewers' analysis, kept apart from the agencies' facts."""

from django.db import models
from django.utils import timezone

from threadline.core.fields import EncryptedTextField


class MergeSettings(models.Model):
    review = models.OneToOneField("reviews.Review", on_delete=models.PROTECT, related_name="+")
    gap_days = models.PositiveIntegerField(default=90, help_text="A gap is longer than this with no contact")
    updated_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Gaps over {self.gap_days} days in {self.review_id}"


class MatchStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    CONFIRMED = "confirmed", "Confirmed: the same event"
    REJECTED = "rejected", "Not the same event"


class EntryMatch(models.Model):
    """Two agencies' entries that may be the same event, by the entries' `uid` (which stays
    the same across versions). `entry_a` is the one of the agency first by name."""

    review = models.ForeignKey("reviews.Review", on_delete=models.PROTECT, related_name="+")
    entry_a = models.UUIDField()
    entry_b = models.UUIDField()
    score = models.FloatField()
    reasons = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=MatchStatus.choices, default=MatchStatus.SUGGESTED)
    decided_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    found_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["review", "-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "entry_a", "entry_b"], name="one_match_per_pair")
        ]

    def __str__(self) -> str:
        return f"Possible match ({self.score:.2f})"


class PracticeEpisode(models.Model):
    """A key practice episode the reviewers mark on the merged chronology (seed 004)."""

    review = models.ForeignKey("reviews.Review", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    starts_on = models.DateField()
    ends_on = models.DateField()
    description = EncryptedTextField(blank=True)
    created_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["review", "starts_on", "pk"]

    def __str__(self) -> str:
        return self.title


class AnalysisNote(models.Model):
    """A reviewer's analysis, about an entry (by uid), an episode or the period as a whole;
    never written into an agency's entry."""

    review = models.ForeignKey("reviews.Review", on_delete=models.PROTECT, related_name="+")
    entry_uid = models.UUIDField(null=True, blank=True)
    episode = models.ForeignKey(
        PracticeEpisode, null=True, blank=True, on_delete=models.PROTECT, related_name="notes"
    )
    text = EncryptedTextField()
    author = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["review", "created_at", "pk"]
        indexes = [models.Index(fields=["review", "entry_uid"])]

    def __str__(self) -> str:
        return f"Analysis note {self.pk}"
