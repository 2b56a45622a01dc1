"""The service navigation: each person sees the sections their roles use.

Apps add their own sections by appending to NAVIGATION in their AppConfig.ready().
"""

from dataclasses import dataclass
from typing import Callable

from django.urls import reverse

from . import policies


@dataclass(frozen=True)
class Section:
    text: str
    url_name: str
    allowed: Callable
    order: int = 100


NAVIGATION: list[Section] = [
    Section("Home", "core:home", policies.is_signed_in, order=0),
    Section("Organisations", "core:organisation_list", policies.can_list_organisations, order=80),
    Section("Bank holidays", "core:calendar_list", policies.can_manage_calendars, order=84),
    Section("People", "core:person_list", policies.can_manage_people, order=85),
    Section("Audit log", "core:audit_log", policies.can_view_audit_log, order=90),
    Section("Your account", "core:account", policies.is_signed_in, order=95),
]


def navigation_for(request) -> list[dict]:
    user = request.user
    path = request.path
    items = []
    for section in sorted(NAVIGATION, key=lambda s: s.order):
        if not section.allowed(user):
            continue
        href = reverse(section.url_name)
        current = path == href if href == "/" else path.startswith(href)
        items.append({"text": section.text, "href": href, "current": current})
    return items
