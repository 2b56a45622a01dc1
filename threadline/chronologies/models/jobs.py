"""Imports and exports that may take a while: each is a row with its progress, run by a
background task (django-tasks) and watched from a page that refreshes itself."""

from django.db import models
from django.utils import timezone

from threadline.core.fields import EncryptedJSONField
from threadline.reviews.models.documents import private_storage


class ImportStatus(models.TextChoices):
    CHECKING = "checking", "Being checked"
    INVALID = "invalid", "Has problems"
    READY = "ready", "Checked: ready to import"
    IMPORTING = "importing", "Importing"
    IMPORTED = "imported", "Imported"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


def import_path(instance, filename: str) -> str:
    return f"chronologies/imports/{instance.chronology_id}/{instance.sha256}"


class ChronologyImport(models.Model):
    """One file an agency imports: checked row by row first (the preview and the report), then
    imported all or nothing into the chronology's open version."""

    chronology = models.ForeignKey(
        "chronologies.AgencyChronology", on_delete=models.PROTECT, related_name="imports"
    )
    version = models.ForeignKey(
        "chronologies.ChronologyVersion", on_delete=models.PROTECT, related_name="imports"
    )
    file = models.FileField(storage=private_storage, upload_to=import_path, max_length=300)
    original_name = models.CharField(max_length=255)
    file_kind = models.CharField(max_length=10, help_text="csv, xlsx or docx")
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=20, choices=ImportStatus.choices, default=ImportStatus.CHECKING)
    total_rows = models.PositiveIntegerField(default=0)
    done_rows = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, help_text='[{"row": 3, "column": "Date", "message": "..."}]')
    problem_count = models.PositiveIntegerField(default=0)
    # The first rows as they will be imported: case content, encrypted like the entries.
    preview = EncryptedJSONField(default=list)
    new_rows = models.PositiveIntegerField(default=0)
    already_there = models.PositiveIntegerField(default=0, help_text="Rows a previous import brought in")
    failure = models.TextField(blank=True)
    uploaded_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["chronology", "-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"Import of {self.original_name}"


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", "Excel (.xlsx)"
    DOCX = "docx", "Word (.docx)"
    PDF = "pdf", "PDF"


class JobStatus(models.TextChoices):
    WAITING = "waiting", "Waiting"
    RUNNING = "running", "Being prepared"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


def export_path(instance, filename: str) -> str:
    return f"chronologies/exports/{instance.review_id}/{instance.pk or 'new'}-{filename}"


class ChronologyExport(models.Model):
    """The merged chronology written to a file, with the filters it was asked with."""

    review = models.ForeignKey("reviews.Review", on_delete=models.PROTECT, related_name="+")
    file_format = models.CharField(max_length=10, choices=ExportFormat.choices)
    filters = models.JSONField(default=dict)
    status = models.CharField(max_length=20, choices=JobStatus.choices, default=JobStatus.WAITING)
    total_rows = models.PositiveIntegerField(default=0)
    done_rows = models.PositiveIntegerField(default=0)
    file = models.FileField(storage=private_storage, upload_to=export_path, max_length=300, blank=True)
    failure = models.TextField(blank=True)
    requested_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["review", "-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_file_format_display()} export of {self.review_id}"
