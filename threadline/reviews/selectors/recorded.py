"""What the review's parts with pages of their own hold of the items a stage lists
(domain/records.LINKED_ITEMS): each part's selectors answer `recorded_items(review)`."""

from importlib import import_module

from django.urls import reverse

from ..domain.records import LINKED_ITEMS, PART_PAGES

# Each part's selectors module and page: threadline.reviews.selectors.<part> and reviews:<part>,
# but for the parts another app keeps.
LEARNING = "threadline.learning.selectors.recorded"
ELSEWHERE = {
    "chronologies": ("threadline.chronologies.selectors.recorded", "chronologies:merged", "review_pk"),
    "findings": (LEARNING, "learning:findings", "review_pk"),
    "actions": (LEARNING, "learning:actions", "review_pk"),
    "embed": (LEARNING, "learning:embed", "review_pk"),
}


def _source(part: str) -> tuple[str, str, str]:
    return ELSEWHERE.get(part, (f"{__package__}.{part}", f"reviews:{part}", "pk"))


def recorded_elsewhere(review, keys=None) -> dict[str, str]:
    """A summary of each linked item that is recorded, by item key; only the parts `keys`
    (item keys) need are asked."""
    wanted = set(LINKED_ITEMS if keys is None else keys) & set(LINKED_ITEMS)
    found: dict[str, str] = {}
    # Parts kept by one module are asked once.
    for name in sorted({_source(LINKED_ITEMS[key])[0] for key in wanted}):
        module = import_module(name)
        found.update({k: v for k, v in module.recorded_items(review).items() if k in wanted and v})
    return found


def part_page(review, part: str) -> tuple[str, str]:
    """The page of a part, and its name: ("/reviews/3/team/", "Review team and agencies involved")."""
    _, url_name, kwarg = _source(part)
    return reverse(url_name, kwargs={kwarg: review.pk}), PART_PAGES[part]
