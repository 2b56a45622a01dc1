from django.db import models
from django.utils import timezone


class AuditAction(models.TextChoices):
    VIEW = "view", "Viewed"
    CREATE = "create", "Created"
    CHANGE = "change", "Changed"
    DELETE = "delete", "Deleted"
    EXPORT = "export", "Exported"
    SIGN_IN = "sign-in", "Signed in"
    SIGN_OUT = "sign-out", "Signed out"
    FAILED_SIGN_IN = "failed-sign-in", "Failed sign-in"
    PERMISSION_DENIED = "permission-denied", "Permission denied"


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or remove an audit row."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("the audit log is append-only: rows cannot be changed")

    def delete(self):
        raise AuditLogIsAppendOnly("the audit log is append-only: rows cannot be deleted")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditLogIsAppendOnly("the audit log is append-only: rows cannot be changed")


class AuditEvent(models.Model):
    """One row per thing that happened. Rows are never changed or removed.

    The links to people and organisations carry no database constraint, so that a
    row outlives what it describes and nothing cascades into it.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        "core.User",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(max_length=320, blank=True)
    organisation = models.ForeignKey(
        "core.Organisation",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    action = models.CharField(max_length=20, choices=AuditAction.choices, db_index=True)
    target_type = models.CharField(max_length=100, blank=True, db_index=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    path = models.CharField(max_length=500, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["organisation", "at"]),
            models.Index(fields=["actor", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogIsAppendOnly("the audit log is append-only: rows cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("the audit log is append-only: rows cannot be deleted")
