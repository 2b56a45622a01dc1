"""Whether a notified incident is eligible for review under its framework, with reasons a
person can read ("eligible: closed 12 days before the incident, within 20")."""

from dataclasses import dataclass, field
from datetime import date

# seed 000 §6 and seed 002 (youth justice notifications): children open to the service, or
# whose order or intervention closed within the last 20 days.
CLOSURE_WINDOW_DAYS = 20
FRAMEWORKS_WITH_CLOSURE_WINDOW = frozenset({"yjs-serious-incident-review", "national-youth-justice-incident"})


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: tuple[str, ...] = field(default_factory=tuple)

    @property
    def summary(self) -> str:
        return ("eligible: " if self.eligible else "not eligible: ") + "; ".join(self.reasons)


class EligibilityError(ValueError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def assess_eligibility(
    *,
    framework_key: str,
    status_with_service: str,
    case_closed_on: date | None,
    incident_on: date,
    criterion_text: str,
) -> Eligibility:
    reasons = [f"meets the criterion “{criterion_text}”"]
    if framework_key not in FRAMEWORKS_WITH_CLOSURE_WINDOW:
        return Eligibility(True, tuple(reasons))
    if status_with_service == "open":
        return Eligibility(True, ("open to the service at the time of the incident", *reasons))
    if status_with_service == "not-known":
        return Eligibility(False, ("not known to the service",))
    if case_closed_on is None:
        raise EligibilityError("Enter the date the case closed", field="case_closed_on")
    if case_closed_on > incident_on:
        raise EligibilityError(
            "The date the case closed must be on or before the date of the incident",
            field="case_closed_on",
        )
    days = (incident_on - case_closed_on).days
    plural = "day" if days == 1 else "days"
    if days <= CLOSURE_WINDOW_DAYS:
        return Eligibility(
            True,
            (f"closed {days} {plural} before the incident, within {CLOSURE_WINDOW_DAYS}", *reasons),
        )
    return Eligibility(
        False, (f"closed {days} {plural} before the incident, more than {CLOSURE_WINDOW_DAYS}",)
    )
