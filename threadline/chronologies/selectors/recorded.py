"""What the chronologies hold of the items a review's stage lists ("agency-chronologies",
"combined-chronology": the local board's preparation, the Scottish learning review process):
recorded once every agency asked has submitted."""

from django.utils import timezone

from threadline.reviews.display import long_date

from .matches import matches_of
from .merged import latest_submitted_versions, merged_entries


def _count(number: int, one: str, many: str) -> str:
    return f"{number:,} {one if number == 1 else many}"


def recorded_items(review) -> dict[str, str]:
    asked = review.chronologies.filter(withdrawn_at__isnull=True).count()
    if not asked:
        return {}
    versions = list(latest_submitted_versions(review).order_by("chronology__organisation__name"))
    if len(versions) < asked:
        return {}
    agencies = "; ".join(
        f"{v.chronology.organisation.name} (version {v.number}, "
        f"{long_date(timezone.localdate(v.submitted_at))})"
        for v in versions
    )
    everyone = (
        "The one agency asked has submitted" if asked == 1 else f"All {asked} agencies asked have submitted"
    )
    entries = merged_entries(review).count()
    combined = f"{_count(entries, 'entry', 'entries')} from {_count(len(versions), 'agency', 'agencies')}"
    combined += " in date order"
    matched = matches_of(review, "confirmed").count()
    if matched:
        combined += f"; {_count(matched, 'event', 'events')} reported by two agencies confirmed"
    return {"agency-chronologies": f"{everyone}: {agencies}", "combined-chronology": combined}
