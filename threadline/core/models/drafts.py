from django.db import models

from ..fields import EncryptedJSONField


class Draft(models.Model):
    """What a person has typed into a long form and not yet saved, kept on the server.

    Written while they type and when they submit, so that a timed-out session, a lost
    connection or a closed tab never loses their words. What they typed can be case content
    (the notification wizard keeps the child's name, date of birth and identifiers here), so
    it is encrypted at rest like the child's record, and a draft nobody has touched for
    DRAFT_RETENTION_DAYS is deleted (`services.drafts_purge`, run daily by `core.tasks`).
    """

    user = models.ForeignKey("core.User", on_delete=models.CASCADE, related_name="drafts")
    key = models.CharField(max_length=300)
    data = EncryptedJSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_draft_per_form")]

    def __str__(self) -> str:
        return f"Draft of {self.key} by {self.user_id}"
