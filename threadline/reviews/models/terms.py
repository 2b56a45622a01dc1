"""Terms of reference (issue 5 items 4, 6 and 12): a living document, every saved version
kept, one version marked as agreed. The method of the review is part of it."""

from django.db import models
from django.utils import timezone


class TermsOfReference(models.Model):
    """The current text. `data` holds the parts by key ("key-lines-of-enquiry", "scope-from",
    "scope-to", "agencies", "methods", "method-rationale", "timescale"); `version` counts saves,
    and a save naming an older version is refused and merged (as stage records are)."""

    review = models.OneToOneField("reviews.Review", on_delete=models.PROTECT, related_name="terms")
    data = models.JSONField(default=dict)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"Terms of reference of {self.review_id}, version {self.version}"


class TermsOfReferenceVersion(models.Model):
    """Each saved version. The agreed one says who agreed it (a person or a body, in words)
    and on what date, and who recorded the agreement."""

    terms = models.ForeignKey(TermsOfReference, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField()
    data = models.JSONField(default=dict)
    saved_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    saved_at = models.DateTimeField(default=timezone.now)
    agreed_by = models.CharField(max_length=300, blank=True)
    agreed_on = models.DateField(null=True, blank=True)
    agreement_recorded_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreement_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["terms", "version"]
        constraints = [
            models.UniqueConstraint(fields=["terms", "version"], name="one_terms_version_per_number")
        ]

    def __str__(self) -> str:
        return f"version {self.version} of the terms of reference {self.terms_id}"

    @property
    def is_agreed(self) -> bool:
        return self.agreed_on is not None
