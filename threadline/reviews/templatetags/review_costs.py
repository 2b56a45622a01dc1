"""Pence shown as pounds on the costs page: 125050 → 1,250.50."""

from django import template

from ..domain.costs import pounds_text

register = template.Library()


@register.filter
def pounds(pence) -> str:
    return "" if pence is None else pounds_text(int(pence))
