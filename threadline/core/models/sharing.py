from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q


class Share(models.Model):
    """An organisation or a person explicitly added to a record led by another organisation."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    organisation = models.ForeignKey(
        "core.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="shares"
    )
    person = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.CASCADE, related_name="shares"
    )
    added_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(organisation__isnull=False, person__isnull=True)
                    | Q(organisation__isnull=True, person__isnull=False)
                ),
                name="share_with_an_organisation_or_a_person",
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id", "organisation"],
                condition=Q(organisation__isnull=False),
                name="share_once_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id", "person"],
                condition=Q(person__isnull=False),
                name="share_once_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id} shared with {self.organisation or self.person}"


class OrganisationScoped(models.Model):
    """Base for every case record: led by one organisation, shared only by explicit `Share`s."""

    lead_organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    shares = GenericRelation(Share)

    class Meta:
        abstract = True
