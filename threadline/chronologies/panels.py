"""The home page panel of the chronologies asked of a person's agency."""

from django.urls import reverse
from django.utils.html import format_html

from threadline.core.home import Panel, register

from .domain.requests import long_date
from .selectors.chronologies import open_requests_for


def _hint(row) -> str:
    chronology = row.chronology
    if row.overdue:
        # The panel shows hints as text; this one carries its red tag.
        return format_html(
            '<strong class="govuk-tag govuk-tag--red">Overdue</strong> Was due {}. Asked by {}.',
            long_date(chronology.due_on),
            chronology.review.lead_organisation.name,
        )
    if row.ever_submitted:
        return (
            f"Version {row.version_number} is open for changes: submit it when it is ready. "
            f"Asked by {chronology.review.lead_organisation.name}."
        )
    return f"Due {long_date(chronology.due_on)}. Asked by {chronology.review.lead_organisation.name}."


@register
def chronologies_asked_of_your_agency(actor):
    rows = open_requests_for(actor)
    if rows is None:
        return None
    items = [
        {
            "text": f"{c.review.incident.reference}: chronology of {c.organisation.name}",
            "href": reverse("chronologies:chronology", kwargs={"pk": c.pk}),
            "hint": _hint(row),
        }
        for row in rows
        for c in [row.chronology]
    ]
    return Panel(
        title="Chronologies asked of your agency",
        empty_text="No chronology is waiting for your agency. When a review asks your agency for its "
        "chronology, it appears here with its due date until it is submitted.",
        items=items,
        order=24,
    )
