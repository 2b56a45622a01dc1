"""Meetings and events of a review (issue 5 item 7): panels, learning and practitioner events,
team meetings, "Understanding our Learning", governance boards."""

import uuid

from django.db import models
from django.utils import timezone


class MeetingKind(models.TextChoices):
    PANEL = "panel", "Panel meeting"
    LEARNING_EVENT = "learning-event", "Learning event"
    PRACTITIONER_EVENT = "practitioner-event", "Practitioner event"
    TEAM_MEETING = "team-meeting", "Review team meeting"
    UNDERSTANDING_OUR_LEARNING = "understanding-our-learning", "Understanding our Learning meeting"
    GOVERNANCE_BOARD = "governance-board", "Governance board meeting"
    FAMILY_MEETING = "family-meeting", "Meeting with the family"
    OTHER = "other", "Other meeting"


class Meeting(models.Model):
    """A meeting: when and where, its agenda, minutes, decisions and actions arising.

    `version` counts saves of the texts (agenda, minutes, decisions, actions) for safe
    concurrent editing; `uid` and `sequence` identify the calendar invitation, so that a
    changed or cancelled meeting updates the entry people already have."""

    review = models.ForeignKey("reviews.Review", on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(max_length=40, choices=MeetingKind.choices)
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField(max_length=300, blank=True)
    agenda = models.TextField(blank=True)
    minutes = models.TextField(blank=True)
    decisions = models.TextField(blank=True)
    actions_arising = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancellation_reason = models.TextField(blank=True, help_text="Kept on the record; never sent")
    created_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["review", "starts_at", "pk"]
        indexes = [models.Index(fields=["review", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%d %B %Y})"


class MeetingRevision(models.Model):
    """Each saved version of a meeting's texts: the base of a merge, and the history."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="revisions")
    version = models.PositiveIntegerField()
    data = models.JSONField(default=dict)
    saved_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting", "version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="one_revision_per_meeting_version")
        ]

    def __str__(self) -> str:
        return f"version {self.version} of meeting {self.meeting_id}"


class MeetingAttendee(models.Model):
    """Someone invited to a meeting: a Threadline person or anyone with an e-mail address."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendees")
    person = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    organisation_name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=200, blank=True)
    attended = models.BooleanField(null=True, blank=True)
    invited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "name", "pk"]

    def __str__(self) -> str:
        return self.name
