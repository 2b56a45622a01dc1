"""What a review costs and how the partners share it (issue 5 item 10; seed 001 §1.2).

Money is whole pence. Two ways of sharing a total:

- Option 1 (by involvement): each organisation has a weight, a whole number of involvement
  points (e.g. how many episodes of contact it had with the child). Its share is
  total × weight ÷ all weights, rounded down to the penny; the pennies left over go one each
  to the largest remainders, ties to the organisation listed first, so the parts always add
  up exactly to the total.
- Option 2 (agreed percentages): whole-number percentages that add up to exactly 100, the
  highest at most 80 so that "all reviews have contributions from all three Statutory
  Partners" (seed 001 §1.2.3). Pennies are shared the same way as Option 1.
- Option 2 with one partner bearing the total cost: seed 001 §1.2.3 also lets the statutory
  partners decide that the primary responsible partner bears it all. That is its own choice,
  100% to one organisation, and the service asks who decided it; it is never a percentage
  split that slipped past the 80% cap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from .errors import ReviewRuleError

MAX_SHARE_PERCENT = 80  # seed 001 §1.2.3: "a maximum of 80% of the cost of the review"
MAX_PENCE = 100_000_000_00  # £100 million: a typing mistake beyond this


class CostRuleError(ReviewRuleError):
    """A cost or a split that breaks a rule; `field` names the form field it belongs to."""


class CostHeading(StrEnum):
    COMMISSIONING = "commissioning"
    AUTHOR = "independent-author"
    LEGAL = "legal-advice"
    MEDIA = "media"
    DISSEMINATION = "dissemination"
    OTHER = "other"

    @property
    def label(self) -> str:
        return HEADING_LABELS[self]


HEADING_LABELS = {
    CostHeading.COMMISSIONING: "Commissioning the review",
    CostHeading.AUTHOR: "Independent author",
    CostHeading.LEGAL: "Legal advice",
    CostHeading.MEDIA: "Media work",
    CostHeading.DISSEMINATION: "Dissemination of lessons",
    CostHeading.OTHER: "Other",
}


class ApportionOption(StrEnum):
    BY_INVOLVEMENT = "by-involvement"
    AGREED_PERCENTAGES = "agreed-percentages"
    ONE_PARTNER = "one-partner"

    @property
    def label(self) -> str:
        if self is ApportionOption.BY_INVOLVEMENT:
            return "Option 1: shared by agency involvement"
        if self is ApportionOption.ONE_PARTNER:
            return "Option 2: one partner bears the total cost"
        return "Option 2: agreed percentages (highest at most 80%)"

    @property
    def in_percent(self) -> bool:
        return self is not ApportionOption.BY_INVOLVEMENT


@dataclass(frozen=True)
class Share:
    """One organisation's part: involvement points (Option 1) or a percentage (Option 2)."""

    organisation_id: int
    amount: int


def pence_from_pounds(text: str, field: str = "amount") -> int:
    """'1,250.50' or '£1250.5' → 125050. Refuses negative, non-numeric or sub-penny amounts."""
    cleaned = (text or "").strip().replace(",", "").replace("£", "").strip()
    if not cleaned:
        raise CostRuleError("Enter an amount in pounds, like 1,250.50", field)
    try:
        pounds = Decimal(cleaned)
    except InvalidOperation:
        raise CostRuleError("Enter the amount as a number of pounds, like 1,250.50", field) from None
    if not pounds.is_finite():
        raise CostRuleError("Enter the amount as a number of pounds, like 1,250.50", field)
    if pounds < 0:
        raise CostRuleError("The amount cannot be negative", field)
    pence = pounds * 100
    if pence != pence.to_integral_value():
        raise CostRuleError("Enter the amount to the nearest penny, like 1,250.50", field)
    if pence > MAX_PENCE:
        raise CostRuleError("The amount must be £100,000,000 or less", field)
    return int(pence)


def pounds_text(pence: int) -> str:
    """125050 → '1,250.50'."""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    return f"{sign}{whole:,}.{part:02d}"


def _largest_remainder(total: int, weights: Sequence[int]) -> list[int]:
    whole = sum(weights)
    parts = [total * w // whole for w in weights]
    left = total - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-((total * weights[i]) % whole), i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def check_shares(option: ApportionOption, shares: Sequence[Share]) -> None:
    """Raise CostRuleError naming the first broken rule."""
    if not shares:
        raise CostRuleError("Give at least one organisation a share", "shares")
    ids = [s.organisation_id for s in shares]
    if len(set(ids)) != len(ids):
        raise CostRuleError("Each organisation can have only one share", "shares")
    if any(s.amount < 0 for s in shares):
        raise CostRuleError("A share cannot be negative", "shares")
    if option is ApportionOption.BY_INVOLVEMENT:
        if sum(s.amount for s in shares) == 0:
            raise CostRuleError("Give at least one organisation some involvement points", "shares")
        return
    if option is ApportionOption.ONE_PARTNER:
        payers = [s for s in shares if s.amount]
        if len(payers) != 1 or payers[0].amount != 100:
            raise CostRuleError(
                "Give 100% to the one partner bearing the total cost and 0% to the others", "shares"
            )
        return
    total = sum(s.amount for s in shares)
    if total != 100:
        raise CostRuleError(f"The percentages add up to {total}%: they must add up to exactly 100%", "shares")
    highest = max(s.amount for s in shares)
    if highest > MAX_SHARE_PERCENT:
        raise CostRuleError(
            f"The highest share is {highest}%: no partner may pay more than {MAX_SHARE_PERCENT}%", "shares"
        )


def apportion(total_pence: int, option: ApportionOption, shares: Sequence[Share]) -> dict[int, int]:
    """Each organisation's part of `total_pence`, in the order given; the parts add up to it."""
    if total_pence < 0:
        raise CostRuleError("A total cannot be negative", "shares")
    check_shares(option, shares)
    parts = _largest_remainder(total_pence, [s.amount for s in shares])
    return {s.organisation_id: part for s, part in zip(shares, parts, strict=True)}
