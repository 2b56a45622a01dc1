from django.db import models


class Draft(models.Model):
    """What a person has typed into a long form and not yet saved, kept on the server.

    Written while they type and when they submit, so that a timed-out session, a lost
    connection or a closed tab never loses their words.
    """

    user = models.ForeignKey("core.User", on_delete=models.CASCADE, related_name="drafts")
    key = models.CharField(max_length=300)
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_draft_per_form")]

    def __str__(self) -> str:
        return f"Draft of {self.key} by {self.user_id}"
