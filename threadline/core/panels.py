"""Core's own home-page panels."""

from django.urls import reverse

from . import policies, selectors
from .home import Panel, register
from .models import AuditAction, Role


@register
def your_organisations(actor):
    items = []
    for organisation in actor.organisations():
        roles = sorted(Role(r).label for r in actor.roles_in(organisation))
        items.append(
            {"text": organisation.name, "href": organisation.get_absolute_url(), "hint": ", ".join(roles)}
        )
    return Panel(
        title="Your organisations and roles",
        empty_text="You do not belong to an organisation yet. Ask your system administrator to add you "
        "to your organisation with your roles; your work will then appear here.",
        items=items,
        order=90,
    )


@register
def people_awaiting_set_up(actor):
    if not policies.can_manage_people(actor):
        return None
    people = selectors.people_awaiting_set_up(actor)[:20]
    return Panel(
        title="People who have not finished setting up their account",
        empty_text="Everyone has chosen a password and set up two-factor sign-in. People you add "
        "appear here until they have.",
        items=[{"text": p.full_name, "href": p.get_absolute_url(), "hint": p.email} for p in people],
        link={"text": "Add a person", "href": reverse("core:person_create")},
        order=10,
    )


@register
def recent_refusals(actor):
    if not policies.can_view_audit_log(actor):
        return None
    events = selectors.audit_events_visible_to(actor).filter(
        action__in=[AuditAction.FAILED_SIGN_IN, AuditAction.PERMISSION_DENIED]
    )[:10]
    return Panel(
        title="Recent failed sign-ins and refused access",
        empty_text="No failed sign-ins or refused access to report. They appear here so you can "
        "spot misuse early.",
        items=[
            {
                "text": f"{e.get_action_display()}: {e.actor_label or 'unknown'}",
                "hint": f"{e.target_label} {e.at:%d %b %Y %H:%M}".strip(),
                "href": "",
            }
            for e in events
        ],
        link={"text": "Search the audit log", "href": reverse("core:audit_log")},
        order=20,
    )
