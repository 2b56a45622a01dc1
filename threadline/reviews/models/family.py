"""The family and the child (issue 5 item 8; seed 004 family liaison strategy).

What the family say is the most sensitive text Threadline holds: it is encrypted at rest."""

from django.db import models
from django.utils import timezone

from threadline.core.fields import EncryptedTextField


class FamilyLiaisonStrategy(models.Model):
    """How the review involves the family: who liaises, how, when. `version` counts saves."""

    review = models.OneToOneField("reviews.Review", on_delete=models.PROTECT, related_name="family_strategy")
    liaison_people = EncryptedTextField(blank=True, help_text="Who liaises with the family")
    strategy = EncryptedTextField(blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Family liaison strategy of {self.review_id}"


class ContactMethod(models.TextChoices):
    IN_PERSON = "in-person", "In person"
    PHONE = "phone", "Telephone"
    VIDEO = "video", "Video call"
    LETTER = "letter", "Letter"
    EMAIL = "email", "E-mail"
    THROUGH_SOMEONE = "through-someone", "Through someone else (advocate, solicitor)"
    OTHER = "other", "Other"


class FamilyContact(models.Model):
    """One contact with the family: who, when, how, and what they said."""

    review = models.ForeignKey("reviews.Review", on_delete=models.PROTECT, related_name="family_contacts")
    contacted_on = models.DateField()
    family_member = EncryptedTextField(help_text="Who in the family, e.g. the child's mother")
    made_by = models.CharField(max_length=200, help_text="Who made the contact, with their role")
    method = models.CharField(max_length=30, choices=ContactMethod.choices)
    what_was_said = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["review", "-contacted_on", "-pk"]

    def __str__(self) -> str:
        return f"Contact with the family on {self.contacted_on:%d %B %Y}"


class FamilyView(models.Model):
    """The child's or a family member's views in their own words; they flow into the report."""

    review = models.ForeignKey("reviews.Review", on_delete=models.PROTECT, related_name="family_views")
    whose = EncryptedTextField(help_text="Whose words: the child, or who in the family")
    is_the_child = models.BooleanField(default=False)
    words = EncryptedTextField()
    captured_on = models.DateField()
    how_captured = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["review", "captured_on", "pk"]

    def __str__(self) -> str:
        return f"Views captured on {self.captured_on:%d %B %Y}"


class ConsentSubject(models.TextChoices):
    TAKING_PART = "taking-part", "Taking part in the review"
    SHARING_INFORMATION = "sharing-information", "Sharing information held about them"
    VIEWS_IN_REPORT = "views-in-report", "Their views being quoted in the report"
    PUBLICATION = "publication", "Publication of the report"
    OTHER = "other", "Other"


class ConsentStatus(models.TextChoices):
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


class FamilyConsent(models.Model):
    """A consent given, refused or withdrawn; the latest for a person and subject stands."""

    review = models.ForeignKey("reviews.Review", on_delete=models.PROTECT, related_name="family_consents")
    person = EncryptedTextField(help_text="Who gave or refused it")
    subject = models.CharField(max_length=40, choices=ConsentSubject.choices)
    status = models.CharField(max_length=20, choices=ConsentStatus.choices)
    on = models.DateField()
    note = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["review", "-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_subject_display()}: {self.get_status_display()}"


class DraftReportFeedback(models.Model):
    """The family's feedback on the draft report, and what the review did with it."""

    review = models.ForeignKey("reviews.Review", on_delete=models.PROTECT, related_name="family_feedback")
    from_whom = EncryptedTextField()
    received_on = models.DateField()
    feedback = EncryptedTextField()
    response = EncryptedTextField(blank=True, help_text="What was done with it")
    responded_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["review", "received_on", "pk"]

    def __str__(self) -> str:
        return f"Feedback received on {self.received_on:%d %B %Y}"
