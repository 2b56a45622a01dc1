"""One incident, one record: which existing incidents are likely the same one."""

from dataclasses import dataclass
from datetime import date

# Incident dates are often misremembered by a day or two between agencies.
DUPLICATE_WINDOW_DAYS = 3


@dataclass(frozen=True)
class KnownIncident:
    pk: int
    child_match_key: str
    occurred_on: date


def likely_duplicates(*, child_match_key: str, occurred_on: date, known: list[KnownIncident]) -> list[int]:
    """The same child (by blind index of name and date of birth) with an incident within a
    few days either side, closest first."""
    matches = [
        (abs((k.occurred_on - occurred_on).days), k.pk)
        for k in known
        if k.child_match_key == child_match_key
        and abs((k.occurred_on - occurred_on).days) <= DUPLICATE_WINDOW_DAYS
    ]
    return [pk for _, pk in sorted(matches)]
