"""Why a request for a chronology was withdrawn. The request's row stays (its entries and
versions are part of the review's record); each withdrawal is kept here with its reason, so a
request asked again later still shows that it was once withdrawn, by whom and why."""

from django.db import models
from django.utils import timezone


class ChronologyWithdrawal(models.Model):
    chronology = models.ForeignKey(
        "chronologies.AgencyChronology", on_delete=models.PROTECT, related_name="withdrawals"
    )
    reason = models.TextField()
    withdrawn_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    withdrawn_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "chronologies"
        ordering = ["chronology", "-withdrawn_at", "-pk"]

    def __str__(self) -> str:
        return f"Withdrawal of chronology {self.chronology_id}"
