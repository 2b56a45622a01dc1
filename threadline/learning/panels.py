"""The "Your actions" panel of the home page: the person's own open actions, overdue first."""

from django.urls import reverse

from threadline.core.home import Panel, register

from .selectors.actions import open_actions_of


@register
def your_actions(actor):
    found = open_actions_of(actor)
    if not found:
        return None
    items = [
        {
            "text": row.action.description[:80],
            "href": reverse("learning:action", kwargs={"pk": row.action.pk}),
            "hint": ("Overdue: was due " if row.overdue else "Due ") + f"{row.action.due_on:%-d %B %Y}",
            "overdue": row.overdue,
        }
        for row in found[:10]
    ]
    return Panel(
        title="Your actions",
        empty_text="You have no open actions.",
        items=items,
        link={"text": "All your actions", "href": reverse("learning:my_actions")},
        order=40,
    )
