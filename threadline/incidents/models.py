"""Serious incidents: one incident, one record, with the child kept apart and the clock."""

from django.db import models
from django.urls import reverse

from threadline.core.fields import EncryptedTextField
from threadline.core.models import OrganisationScoped


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Described another way"
    UNKNOWN = "unknown", "Not known"


class YesNoUnknown(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Not known"


class Ethnicity(models.TextChoices):
    # The five broad groups of the England and Wales census, as used in youth justice returns.
    ASIAN = "asian", "Asian or Asian British"
    BLACK = "black", "Black, Black British, Caribbean or African"
    MIXED = "mixed", "Mixed or multiple ethnic groups"
    WHITE = "white", "White"
    OTHER = "other", "Other ethnic group"
    UNKNOWN = "unknown", "Not known"


class ServiceStatus(models.TextChoices):
    OPEN = "open", "Open to the service"
    CLOSED_RECENTLY = "closed-recently", "Closed within the last 20 days"
    CLOSED_LONGER = "closed-longer", "Closed more than 20 days ago"
    NOT_KNOWN_TO_SERVICE = "not-known", "Not known to the service"


class Category(models.TextChoices):
    SAFEGUARDING = "safeguarding", "Safeguarding"
    PUBLIC_PROTECTION = "public-protection", "Public protection"


class NotificationKind(models.TextChoices):
    MANDATORY = "mandatory", "Mandatory"
    DISCRETIONARY = "discretionary", "Discretionary"
    NOT_APPLICABLE = "", "Not applicable"


class IncidentStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    MERGED = "merged", "Merged into another incident"


class Child(OrganisationScoped):
    """Identifying details are encrypted and shown only to people with a need; everywhere
    else the child is their pseudonym."""

    pseudonym = models.CharField(max_length=40)
    full_name = EncryptedTextField()
    date_of_birth = EncryptedTextField()
    identifiers = EncryptedTextField(blank=True, help_text="e.g. case management or police numbers")
    match_key = models.CharField(max_length=64, db_index=True, help_text="blind index of name and birth date")
    sex = models.CharField(max_length=10, choices=Sex.choices)
    ethnicity = models.CharField(max_length=10, choices=Ethnicity.choices)
    care_experienced = models.CharField(max_length=10, choices=YesNoUnknown.choices)
    placed_out_of_area = models.CharField(max_length=10, choices=YesNoUnknown.choices)
    disability = models.CharField(max_length=10, choices=YesNoUnknown.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["lead_organisation", "pseudonym"], name="one_pseudonym_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.pseudonym


class Incident(OrganisationScoped):
    reference = models.CharField(max_length=20, unique=True)
    framework_version = models.ForeignKey(
        "frameworks.FrameworkVersion", on_delete=models.PROTECT, related_name="incidents"
    )
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="incidents")
    status_with_service = models.CharField(max_length=20, choices=ServiceStatus.choices)
    case_closed_on = models.DateField(null=True, blank=True)
    occurred_at = models.DateTimeField()
    aware_at = models.DateTimeField()
    notified_at = models.DateTimeField()
    category = models.CharField(max_length=20, choices=Category.choices)
    criterion = models.ForeignKey("frameworks.Criterion", on_delete=models.PROTECT, related_name="+")
    notification_kind = models.CharField(max_length=20, choices=NotificationKind.choices, blank=True)
    what_happened = models.TextField(max_length=20000)
    immediate_actions = models.TextField(max_length=20000)
    eligible = models.BooleanField(null=True)
    eligibility_reasons = models.JSONField(default=list)
    eligibility_overridden = models.BooleanField(default=False)
    eligibility_override_rationale = models.TextField(blank=True)
    eligibility_overridden_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=IncidentStatus.choices, default=IncidentStatus.OPEN)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_duplicates"
    )
    submission_key = models.CharField(max_length=64, unique=True)
    # What was submitted under the key (a hash of the API request body): the same key sent
    # again with a different body is refused rather than answered with this incident.
    submission_fingerprint = models.CharField(max_length=64, blank=True, default="")
    notified_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-notified_at"]
        indexes = [models.Index(fields=["lead_organisation", "status"])]

    def __str__(self) -> str:
        return f"{self.reference} ({self.child.pseudonym})"

    def get_absolute_url(self) -> str:
        return reverse("incidents:detail", kwargs={"pk": self.pk})


class ToldParty(models.TextChoices):
    POLICE = "police", "Police"
    NATIONAL_BODY = "national-body", "National body (e.g. Youth Justice Board)"
    PANEL = "panel", "Child Safeguarding Practice Review Panel"
    INSPECTORATE = "inspectorate", "Inspectorate"
    CHILD_PROTECTION_COMMITTEE = "child-protection-committee", "Child protection committee"
    OTHER = "other", "Someone else"


class WhoWasTold(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="told")
    party = models.CharField(max_length=30, choices=ToldParty.choices)
    told_on = models.DateField()
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["told_on", "party"]

    def __str__(self) -> str:
        return f"{self.get_party_display()} on {self.told_on:%d %B %Y}"


class ClockEvent(models.Model):
    """A date a deadline can run from: the incident, awareness, notification, the decision
    to review, a planned publication date."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="clock_events")
    event = models.CharField(max_length=40)
    on = models.DateField()
    recorded_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["incident", "event"], name="one_date_per_clock_event")]

    def __str__(self) -> str:
        return f"{self.event} on {self.on:%d %B %Y}"


class StageCompletion(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="completions")
    stage = models.ForeignKey("frameworks.Stage", on_delete=models.PROTECT, related_name="+")
    done_on = models.DateField()
    completed_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["incident", "stage"], name="one_completion_per_stage")]

    def __str__(self) -> str:
        return f"stage {self.stage_id} done on {self.done_on:%d %B %Y}"


class ClockPause(models.Model):
    """Criminal proceedings, an inquest...: the clock stops from `started_on` and runs again
    on `ended_on`."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="pauses")
    reason = models.CharField(max_length=500)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["started_on"]

    def __str__(self) -> str:
        return f"paused from {self.started_on:%d %B %Y}: {self.reason}"


class DeadlineDelay(models.Model):
    """A revised date for one stage, with its reason; the original date is never erased."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="delays")
    stage = models.ForeignKey("frameworks.Stage", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=1000)
    revised_due = models.DateField()
    recorded_on = models.DateField()
    recorded_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_on", "recorded_at"]

    def __str__(self) -> str:
        return f"delayed to {self.revised_due:%d %B %Y}: {self.reason}"


class ReminderSent(models.Model):
    """So that a reminder for one deadline is sent once, whatever the worker does."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="reminders")
    stage = models.ForeignKey("frameworks.Stage", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20)  # "due-soon" or "missed"
    due = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "stage", "kind", "due"], name="one_reminder_per_due_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} reminder for {self.due:%d %B %Y}"
