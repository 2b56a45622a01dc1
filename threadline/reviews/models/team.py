"""The review team and the agencies involved with the child (issue 5 item 5; seed 004 review
team; seed 001 independence of reviewers)."""

from django.db import models
from django.utils import timezone


class InvolvedAgency(models.Model):
    """An organisation that worked with the child or family: it is asked for its account, and
    its people are not independent reviewers of the case."""

    review = models.ForeignKey("reviews.Review", on_delete=models.PROTECT, related_name="involved_agencies")
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    involvement = models.TextField(blank=True, help_text="What its contact with the child or family was")
    added_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["review", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "organisation"],
                condition=models.Q(removed_at__isnull=True),
                name="one_current_involvement_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} involved in {self.review_id}"


class TeamRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    LEAD_REVIEWER = "lead-reviewer", "Lead reviewer"
    TEAM_MEMBER = "team-member", "Team member"
    ADMINISTRATOR = "administrator", "Review administrator"
    QUALITY_ASSURER = "quality-assurer", "Quality assurer"


class Independence(models.TextChoices):
    UNDECLARED = "undeclared", "Not yet declared"
    INDEPENDENT = "independent", "Independent of the case"
    CONFLICT = "conflict", "Declared a conflict of interest"


class ReviewTeamMember(models.Model):
    """One person on the team, in one role. A member who leaves keeps their row (`removed_at`):
    the team's history is part of the review's record."""

    review = models.ForeignKey("reviews.Review", on_delete=models.PROTECT, related_name="team")
    role = models.CharField(max_length=30, choices=TeamRole.choices)
    person = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="review_memberships"
    )
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    line_managed_case = models.BooleanField(
        default=False, help_text="They managed the practitioners or the case under review"
    )
    independence = models.CharField(
        max_length=20, choices=Independence.choices, default=Independence.UNDECLARED
    )
    declaration = models.TextField(blank=True, help_text="Their declaration, in their words")
    declared_on = models.DateField(null=True, blank=True)
    conflict_handling = models.TextField(blank=True, help_text="How the chair handles the conflict")
    conflict_handled_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    conflict_handled_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)
    removal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["review", "added_at", "pk"]

    def __str__(self) -> str:
        return f"{self.name}, {self.get_role_display()}"
