from django.db import models


class CalendarNation(models.TextChoices):
    ENGLAND_AND_WALES = "england-and-wales", "England and Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"


class ExtraBankHoliday(models.Model):
    """A one-off non-working day announced after the published list (e.g. a state funeral)."""

    nation = models.CharField(max_length=20, choices=CalendarNation.choices)
    date = models.DateField()
    name = models.CharField(max_length=200)
    added_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["nation", "date"], name="one_extra_holiday_per_day")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_nation_display()}, {self.date:%d %B %Y})"
