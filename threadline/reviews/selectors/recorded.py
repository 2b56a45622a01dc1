"""What the review's parts with pages of their own hold of the items a stage lists
(domain/records.LINKED_ITEMS): each part's selectors answer `recorded_items(review)`."""

from importlib import import_module

from django.urls import reverse

from ..domain.records import LINKED_ITEMS, PART_PAGES

# Each part's selectors module is threadline.reviews.selectors.<part>; its page, reviews:<part>.


def recorded_elsewhere(review, keys=None) -> dict[str, str]:
    """A summary of each linked item that is recorded, by item key; only the parts `keys`
    (item keys) need are asked."""
    wanted = set(LINKED_ITEMS if keys is None else keys) & set(LINKED_ITEMS)
    found: dict[str, str] = {}
    for part in sorted({LINKED_ITEMS[key] for key in wanted}):
        module = import_module(f"{__package__}.{part}")
        found.update({k: v for k, v in module.recorded_items(review).items() if k in wanted and v})
    return found


def part_page(review, part: str) -> tuple[str, str]:
    """The page of a part, and its name: ("/reviews/3/team/", "Review team and agencies involved")."""
    return reverse(f"reviews:{part}", kwargs={"pk": review.pk}), PART_PAGES[part]
