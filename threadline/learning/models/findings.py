"""Findings, their themes, and the recommendations made from them (issue 7 items 1-2)."""

from django.db import models
from django.utils import timezone


class Theme(models.Model):
    """A managed taxonomy: the nine areas of seed 000 §9 and common practice themes to start
    with; system administrators add, rename and retire themes (never delete a used one)."""

    key = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=120, blank=True)
    order = models.PositiveIntegerField(default=0)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class FindingKind(models.TextChoices):
    LEARNING = "learning", "Learning"
    GOOD_PRACTICE = "good-practice", "Good practice"


class Finding(models.Model):
    """What the review learned, with the evidence behind it: entries of the merged chronology
    (by uid: they stay the same across an agency's versions), documents and meetings."""

    review = models.ForeignKey("reviews.Review", on_delete=models.PROTECT, related_name="findings")
    kind = models.CharField(max_length=20, choices=FindingKind.choices, default=FindingKind.LEARNING)
    title = models.CharField(max_length=200)
    text = models.TextField()
    themes = models.ManyToManyField(Theme, blank=True, related_name="findings")
    chronology_entries = models.JSONField(default=list, blank=True, help_text="uids of chronology entries")
    documents = models.ManyToManyField("reviews.ReviewDocument", blank=True, related_name="+")
    meetings = models.ManyToManyField("reviews.Meeting", blank=True, related_name="+")
    order = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["review", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Recommendation(models.Model):
    """A recommendation in CLEAR form (seed 004): each part its own field. `overrides` keeps,
    for each flag of the checker the author went past, the reason they gave."""

    review = models.ForeignKey("reviews.Review", on_delete=models.PROTECT, related_name="recommendations")
    findings = models.ManyToManyField(Finding, blank=True, related_name="recommendations")
    title = models.CharField(max_length=200)
    case_for_change = models.TextField(blank=True)
    learning = models.TextField(blank=True)
    evidence = models.TextField(blank=True)
    responsible_organisations = models.ManyToManyField("core.Organisation", blank=True, related_name="+")
    responsibility = models.TextField(blank=True, help_text="Who within them, and any shared responsibility")
    outcome = models.TextField(blank=True, help_text="The outcome sought and how it will be measured")
    review_by = models.DateField(null=True, blank=True)
    overrides = models.JSONField(default=dict, blank=True, help_text='{"flag key": "reason given"}')
    order = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["review", "order", "pk"]

    def __str__(self) -> str:
        return self.title
