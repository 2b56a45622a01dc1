"""A stand-in case record, only installed for tests, that proves the isolation mechanism
every real case record (incidents, reviews, ...) inherits."""

from django.db import models
from django.urls import reverse

from threadline.core.models import OrganisationScoped


class Casefile(OrganisationScoped):
    title = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("isolation:casefile", kwargs={"pk": self.pk})
