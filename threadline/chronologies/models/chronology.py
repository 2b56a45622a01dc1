"""An agency's chronology: requested by the review, written or imported by the agency, and
locked at each submission. Entries belong to a version; changing a submitted chronology opens
a new version holding a copy of the entries (same `uid`), so the merged chronology always
reads what the agency last submitted and the differences between versions can be shown."""

import uuid

from django.db import models
from django.utils import timezone

from threadline.core.fields import EncryptedTextField


class AgencyChronology(models.Model):
    """The request to one agency and, once it answers, its chronology (one per agency per review)."""

    review = models.ForeignKey("reviews.Review", on_delete=models.PROTECT, related_name="chronologies")
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    period_from = models.DateField()
    period_to = models.DateField()
    due_on = models.DateField()
    note = models.TextField(blank=True, help_text="What the review asks of the agency")
    requested_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["review", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["review", "organisation"], name="one_chronology_per_agency")
        ]
        indexes = [models.Index(fields=["organisation", "due_on"])]

    def __str__(self) -> str:
        return f"Chronology of {self.organisation} for {self.review_id}"


class ChronologyVersion(models.Model):
    """Version 1 is open from the request; submitting locks it; changes after that open the
    next version, which starts as a copy of the one before."""

    chronology = models.ForeignKey(AgencyChronology, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    reason = models.TextField(blank=True, help_text="Why a submitted chronology was opened again")
    created_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["chronology", "number"]
        constraints = [
            models.UniqueConstraint(fields=["chronology", "number"], name="one_chronology_version_per_number")
        ]

    def __str__(self) -> str:
        return f"version {self.number} of chronology {self.chronology_id}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Precision(models.TextChoices):
    """How exactly the agency knows when it happened (domain/entries.py orders by it)."""

    TIME = "time", "Date and time"
    DAY = "day", "Day"
    MONTH = "month", "Month"


class ChronologyEntry(models.Model):
    """One contact or event, as the agency records it. The facts and the professional opinion
    or analysis are separate fields and are never shown as one (issue 6 item 2)."""

    version = models.ForeignKey(ChronologyVersion, on_delete=models.PROTECT, related_name="entries")
    uid = models.UUIDField(default=uuid.uuid4, help_text="The same entry across versions")
    position = models.PositiveIntegerField(help_text="Order as entered or imported")
    occurred_on = models.DateField(help_text="The day; the first of the month for a month")
    occurred_time = models.TimeField(null=True, blank=True)
    precision = models.CharField(max_length=10, choices=Precision.choices)
    # Orders entries of the same day: the month first, then the day, then by time
    # (domain/entries.precision_rank), so a page of the merged chronology is one indexed query.
    precision_rank = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=300, blank=True, help_text="Record system or document")
    author_role = models.CharField(max_length=200, blank=True)
    what_happened = EncryptedTextField()
    who_was_present = EncryptedTextField(blank=True)
    childs_voice = EncryptedTextField(blank=True)
    opinion = EncryptedTextField(blank=True, help_text="Professional opinion or analysis, kept apart")
    significant = models.BooleanField(default=False)
    documents = models.ManyToManyField("reviews.ReviewDocument", blank=True, related_name="+")
    import_key = models.CharField(
        max_length=64, blank=True, help_text="A fingerprint of the imported row: re-imports skip it"
    )
    created_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["version", "occurred_on", "precision_rank", "occurred_time", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "uid"], name="one_entry_uid_per_version"),
            models.UniqueConstraint(
                fields=["version", "import_key"],
                condition=~models.Q(import_key=""),
                name="one_import_key_per_version",
            ),
        ]
        indexes = [
            models.Index(
                fields=["version", "occurred_on", "precision_rank", "occurred_time", "position"],
                name="chronology_entry_order",
            ),
            models.Index(fields=["version", "significant"], name="chronology_entry_significant"),
        ]

    def __str__(self) -> str:
        return f"Entry of {self.occurred_on:%d %B %Y}"


class ChronologyReminderSent(models.Model):
    """A reminder of a chronology's due date, sent once."""

    chronology = models.ForeignKey(AgencyChronology, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20)
    due_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["chronology", "kind", "due_on"], name="one_chronology_reminder_per_due_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} reminder for {self.chronology_id}"
