"""Home page panels: what needs each person's attention, by role.

Each app registers panels in its AppConfig.ready(); a panel returns None when it does
not apply to the person, otherwise a title, the items, and what appears when it is empty.
"""

from dataclasses import dataclass, field
from typing import Callable


@dataclass
class Panel:
    title: str
    empty_text: str
    items: list[dict] = field(default_factory=list)
    link: dict | None = None
    order: int = 100


PANELS: list[Callable] = []


def register(panel_builder: Callable) -> Callable:
    PANELS.append(panel_builder)
    return panel_builder


def panels_for(actor) -> list[Panel]:
    built = [p for p in (builder(actor) for builder in PANELS) if p is not None]
    return sorted(built, key=lambda p: p.order)
