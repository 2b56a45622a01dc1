"""Whether a notified incident is eligible for review under its framework, with reasons a
person can read ("eligible: closed 12 days before the incident, within 20")."""

from dataclasses import dataclass, field
from datetime import date

from threadline.core.domain.errors import RuleError

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


class EligibilityError(RuleError):
    """The answers about the child's status with the service contradict each other."""


CLOSED_RECENTLY = "closed-recently"  # "Closed within the last 20 days"
CLOSED_LONGER = "closed-longer"  # "Closed more than 20 days ago"


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def closure_problem(*, status_with_service: str, case_closed_on: date, incident_on: date) -> str | None:
    """What is wrong with the date a case closed, given the status chosen, or None.

    The status and the date must tell the same story: "closed within the last 20 days" with a
    date more than 20 days before the incident (or the other way round) is a slip in one of
    them, and deciding eligibility from either would be a guess. The error belongs to the
    date (`case_closed_on`): it is the fact that can be checked, and its message names the
    status to choose if the date is right.
    """
    if case_closed_on > incident_on:
        return "The date the case closed must be on or before the date of the incident"
    days = (incident_on - case_closed_on).days
    if status_with_service == CLOSED_RECENTLY and days > CLOSURE_WINDOW_DAYS:
        return (
            f"The case closed {_days(days)} before the incident, not within the last "
            f"{CLOSURE_WINDOW_DAYS} days: check the date, or change the status to "
            f"‘Closed more than {CLOSURE_WINDOW_DAYS} days ago’"
        )
    if status_with_service == CLOSED_LONGER and days <= CLOSURE_WINDOW_DAYS:
        return (
            f"The case closed {_days(days)} before the incident, within the last "
            f"{CLOSURE_WINDOW_DAYS} days: check the date, or change the status to "
            f"‘Closed within the last {CLOSURE_WINDOW_DAYS} days’"
        )
    return None


def assess_eligibility(
    *,
    framework_key: str,
    status_with_service: str,
    case_closed_on: date | None,
    incident_on: date,
    criterion_text: str,
) -> Eligibility:
    reasons = [f"meets the criterion “{criterion_text}”"]
    closed = status_with_service in (CLOSED_RECENTLY, CLOSED_LONGER)
    if closed and case_closed_on is not None:
        problem = closure_problem(
            status_with_service=status_with_service, case_closed_on=case_closed_on, incident_on=incident_on
        )
        if problem:
            raise EligibilityError(problem, field="case_closed_on")
    if framework_key not in FRAMEWORKS_WITH_CLOSURE_WINDOW:
        return Eligibility(True, tuple(reasons))
    if status_with_service == "open":
        return Eligibility(True, ("open to the service at the time of the incident", *reasons))
    if status_with_service == "not-known":
        return Eligibility(False, ("not known to the service",))
    if case_closed_on is None:
        raise EligibilityError("Enter the date the case closed", field="case_closed_on")
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
