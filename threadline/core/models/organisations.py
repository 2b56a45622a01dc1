from django.db import models
from django.urls import reverse


class OrganisationType(models.TextChoices):
    YOUTH_JUSTICE_SERVICE = "youth-justice-service", "Youth justice service"
    CHILDRENS_SERVICES = "childrens-services", "Local authority children's services"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    PROBATION = "probation", "Probation"
    SAFEGUARDING_PARTNERSHIP = "safeguarding-partnership", "Safeguarding children partnership"
    CHILD_PROTECTION_COMMITTEE = "child-protection-committee", "Child protection committee"
    NATIONAL_BODY = "national-body", "National body"
    INSPECTORATE = "inspectorate", "Inspectorate"
    OTHER = "other", "Other"


# Partnerships and committees are the organisation types that group member agencies.
GROUPING_TYPES = frozenset(
    {OrganisationType.SAFEGUARDING_PARTNERSHIP, OrganisationType.CHILD_PROTECTION_COMMITTEE}
)


class Nation(models.TextChoices):
    ENGLAND = "england", "England"
    WALES = "wales", "Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    type = models.CharField(max_length=40, choices=OrganisationType.choices)
    nation = models.CharField(max_length=20, choices=Nation.choices)
    description = models.TextField(
        blank=True,
        max_length=20000,
        help_text="Who the organisation is, its safeguarding arrangements and governance.",
    )
    member_organisations = models.ManyToManyField(
        "self", symmetrical=False, related_name="partnerships", blank=True
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:organisation_detail", kwargs={"pk": self.pk})

    @property
    def groups_members(self) -> bool:
        return self.type in GROUPING_TYPES
