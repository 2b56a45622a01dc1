"""Chasing actions: reminders to the owner, escalations to managers and the board, and each
board's monthly digest. Run by the background sweeps (`tasks`) and `send_action_reminders`;
no person acts, so the audit rows name the sweep, with counts only.

The e-mails name a review by its incident's reference and the child's pseudonym, never the
child's name, and link to the action or the in-app list.
"""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from threadline.core.models import AuditAction
from threadline.core.services import audit_record

from ..domain import chasing as rules
from ..domain.actions import long
from ..models import ActionReminderSent, BoardDigestSent
from ..selectors.chasing import (
    PlannedChase,
    board_members,
    chase_recipients,
    chases_planned,
    digest_of,
    digests_planned,
)

logger = logging.getLogger(__name__)

SWEEP_ACTOR_LABEL = "action chasing (background task)"
DIGEST_ACTOR_LABEL = "board digest (background task)"
DIGEST_TEMPLATE = "learning/email/board_digest.txt"


def _link(name: str, **kwargs) -> str:
    base = (getattr(settings, "THREADLINE_BASE_URL", "") or "").rstrip("/")
    try:
        return f"{base}{reverse(name, kwargs=kwargs or None)}"
    except NoReverseMatch:  # the in-app list, until its route is mounted
        return ""


def _review_label(review) -> str:
    return f"{review.incident.reference} ({review.incident.child.pseudonym})"


def _subject(planned: PlannedChase) -> str:
    chase, review = planned.chase, planned.action.review
    label = _review_label(review)
    if chase.kind == rules.DUE_SOON:
        left = chase.working_days_left
        return f"Threadline: an action for {label} is due in {left} working day{'s' if left != 1 else ''}"
    if chase.kind == rules.DUE_TODAY:
        return f"Threadline: an action for {label} is due today"
    late = chase.working_days_late
    return f"Threadline: an action for {label} is overdue by {late} working day{'s' if late != 1 else ''}"


def _body(planned: PlannedChase, person) -> str:
    action, chase = planned.action, planned.chase
    template = (
        "learning/email/action_escalation.txt"
        if chase.is_escalation
        else "learning/email/action_reminder.txt"
    )
    return render_to_string(
        template,
        {
            "person": person,
            "review": _review_label(action.review),
            "action": action,
            "chase": chase,
            "to_board": chase.kind == rules.OVERDUE_BOARD,
            "due": long(chase.due_on),
            "link": _link("learning:action", pk=action.pk),
            "list_link": _link("learning:chasing"),
        },
    )


def _send(subject: str, bodies: list[tuple[object, str]]) -> None:
    """One e-mail per person, so no one sees who else was told."""
    messages = [
        EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[person.email])
        for person, body in bodies
    ]
    get_connection(fail_silently=False).send_messages(messages)


def action_chases_send(*, today: date) -> list[ActionReminderSent]:
    """Send every reminder and escalation due on `today` not sent yet.

    Each is claimed by inserting its unique `ActionReminderSent` row and sent in the same
    transaction: a second worker skips it, and a failed send rolls the claim back to try again.
    """
    sent = []
    for planned in chases_planned(today=today, unsent_only=True):
        action, chase = planned.action, planned.chase
        people = chase_recipients(action, chase.kind)
        if not people:
            logger.warning("no one to receive the %s chase of action %s", chase.kind, action.pk)
            continue  # nothing recorded, so it goes once someone can receive it
        try:
            with transaction.atomic():
                row = ActionReminderSent.objects.create(action=action, kind=chase.kind, due_on=chase.due_on)
                audit_record(
                    actor=None,
                    actor_label=SWEEP_ACTOR_LABEL,
                    action=AuditAction.CREATE,
                    target=row,
                    organisation=action.owner_organisation,
                    detail={
                        "action": action.pk,
                        "review": action.review_id,
                        "kind": chase.kind,
                        "due_on": chase.due_on.isoformat(),
                        "recipients": len(people),
                    },
                )
                _send(_subject(planned), [(person, _body(planned, person)) for person in people])
        except IntegrityError:
            continue  # another worker claimed it first and has sent it
        except OSError:
            logger.exception("could not send the %s chase of action %s", chase.kind, action.pk)
            continue
        sent.append(row)
    return sent


def board_digests_send(*, today: date) -> list[BoardDigestSent]:
    """Send this month's digest to each lead organisation's governance board once, from the
    month's first working day on that organisation's calendar."""
    sent = []
    for organisation in digests_planned(today=today):
        people = board_members(organisation)
        if not people:
            logger.warning("no governance board members to send organisation %s's digest to", organisation.pk)
            continue
        groups = digest_of(organisation, today=today)
        count = sum(len(g.rows) for g in groups)
        overdue = sum(g.overdue for g in groups)
        subject = (
            f"Threadline: {count} open action{'s' if count != 1 else ''} across "
            f"{organisation.name}'s reviews, {overdue} overdue ({today:%B %Y})"
        )
        context = {
            "organisation": organisation,
            "month": f"{today:%B %Y}",
            "groups": [
                (_review_label(g.review), [(r, _link("learning:action", pk=r.action.pk)) for r in g.rows])
                for g in groups
            ],
            "count": count,
            "overdue": overdue,
            "list_link": _link("learning:chasing"),
        }
        try:
            with transaction.atomic():
                row = BoardDigestSent.objects.create(
                    organisation=organisation, month=rules.month_key(today), actions=count
                )
                audit_record(
                    actor=None,
                    actor_label=DIGEST_ACTOR_LABEL,
                    action=AuditAction.CREATE,
                    target=row,
                    organisation=organisation,
                    detail={
                        "month": rules.month_key(today).isoformat(),
                        "reviews": len(groups),
                        "actions": count,
                        "overdue": overdue,
                        "recipients": len(people),
                    },
                )
                _send(
                    subject,
                    [
                        (person, render_to_string(DIGEST_TEMPLATE, context | {"person": person}))
                        for person in people
                    ],
                )
        except IntegrityError:
            continue
        except OSError:
            logger.exception("could not send organisation %s's board digest", organisation.pk)
            continue
        sent.append(row)
    return sent
