"""Supporting documents of a review (issue 5 item 13), stored outside the web root."""

from django.core.files.storage import storages
from django.db import models
from django.utils import timezone


def private_storage():
    """The storage no web server serves: files leave it only through a checked view."""
    return storages["private"]


def document_path(instance, filename: str) -> str:
    # The stored name says nothing of the file: the original name is kept in the row.
    return f"reviews/{instance.review_id}/{instance.sha256[:2]}/{instance.sha256}"


class ReviewDocument(models.Model):
    review = models.ForeignKey("reviews.Review", on_delete=models.PROTECT, related_name="documents")
    file = models.FileField(storage=private_storage, upload_to=document_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120, help_text="As found in the content, not the name")
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    description = models.CharField(max_length=500, blank=True)
    uploaded_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    removal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["review", "-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name
