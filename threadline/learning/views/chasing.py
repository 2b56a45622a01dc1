"""The in-app list of overdue and escalated actions, the page the chasing e-mails link to."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from threadline.core.access import policy

from .. import policies
from ..domain import chasing as rules
from ..selectors import chasing as selectors


@require_GET
@policy(policies.can_list_learning)
def chasing(request):
    groups = selectors.chasing_list(request.user)
    escalations = selectors.escalations_of([row.action.pk for g in groups for row in g.rows])
    items = [
        (
            group,
            [
                (
                    row,
                    rules.OVERDUE_BOARD in escalations.get(row.action.pk, []),
                    rules.OVERDUE_MANAGERS in escalations.get(row.action.pk, []),
                )
                for row in group.rows
            ],
        )
        for group in groups
    ]
    return render(request, "learning/chasing.html", {"items": items})
