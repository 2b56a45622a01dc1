"""What chasing has sent: each reminder or escalation of an action once per due date, and each
board's digest once a month. The unique rows are the claims that stop a second worker sending
again."""

from django.db import models
from django.utils import timezone


class ActionReminderSent(models.Model):
    action = models.ForeignKey("learning.Action", on_delete=models.CASCADE, related_name="reminders_sent")
    kind = models.CharField(max_length=30)
    due_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["action", "due_on", "sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "kind", "due_on"], name="one_action_reminder_per_due_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} for action {self.action_id} due {self.due_on}"


class BoardDigestSent(models.Model):
    """The monthly digest of a lead organisation's governance board (its members)."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="The first day of the month the digest is for")
    actions = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation", "month"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "month"], name="one_board_digest_a_month")
        ]

    def __str__(self) -> str:
        return f"Digest for {self.organisation_id} {self.month:%Y-%m}"
