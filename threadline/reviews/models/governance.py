"""Governance (issue 5 item 11): what goes to which board, and its sign-off."""

from django.db import models
from django.utils import timezone


class SubmissionOutcome(models.TextChoices):
    AWAITING = "awaiting", "Awaiting the board"
    SIGNED_OFF = "signed-off", "Signed off"
    RETURNED = "returned", "Returned for changes"
    NOTED = "noted", "Noted"


class GovernanceSubmission(models.Model):
    """A report, decision or action plan routed to a board (the boards of the framework:
    domain/governance.py), and what the board did with it."""

    review = models.ForeignKey("reviews.Review", on_delete=models.PROTECT, related_name="governance")
    board = models.CharField(max_length=60)
    board_label = models.CharField(max_length=200)
    subject = models.CharField(max_length=60)
    subject_label = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    submitted_on = models.DateField()
    submitted_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(
        "reviews.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    outcome = models.CharField(
        max_length=20, choices=SubmissionOutcome.choices, default=SubmissionOutcome.AWAITING
    )
    outcome_on = models.DateField(null=True, blank=True)
    signed_off_by = models.TextField(blank=True, help_text="Who signed it off, with their role")
    comments = models.TextField(blank=True)
    outcome_recorded_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    # The review's action plan as it stood when this was submitted (threadline/reviews/
    # extensions.py), kept so the board's copy never changes; null for a subject that does not
    # carry the plan.
    action_plan = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["review", "-submitted_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.subject_label} to {self.board_label}"
