"""Building incidents for the service, selector, reminder and API tests.

Plain functions, not fixtures, so that each test module says what it needs:

    version = framework_version("yjs-serious-incident-review")
    incident = notify(actor=manager, organisation=organisation, version=version)
"""

import uuid
from dataclasses import replace
from datetime import date, datetime, timedelta

from django.utils import timezone

from threadline.frameworks.models import Criterion, FrameworkVersion, Stage
from threadline.frameworks.services import frameworks_load_builtin

from ..services import NotificationDetails, incident_notify

YJS = "yjs-serious-incident-review"
NATIONAL = "national-youth-justice-incident"
ENGLISH = "english-practice-review"
LOCAL = "local-board-learning-review"
SCOTTISH = "scottish-learning-review"

CHILD_NAME = "Jayden Morrow"
CHILD_BORN = date(2009, 3, 14)
CHILD_IDENTIFIERS = "CMS-448812"


def framework_version(key: str = YJS) -> FrameworkVersion:
    """Version 1 of a built-in framework (the data migration loads it; loading again is a
    no-op, and puts it back after a transactional test flushed the database)."""
    version = (
        FrameworkVersion.objects.filter(framework__key=key, number=1).select_related("framework").first()
    )
    if version is None:
        frameworks_load_builtin()
        version = FrameworkVersion.objects.select_related("framework").get(framework__key=key, number=1)
    return version


def criterion_of(version: FrameworkVersion, key: str | None = None) -> Criterion:
    criteria = Criterion.objects.filter(version=version).order_by("group", "order")
    return criteria.get(key=key) if key else criteria.first()


def stage_of(version: FrameworkVersion, key: str) -> Stage:
    return Stage.objects.get(version=version, key=key)


def london(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def details(version: FrameworkVersion, **changes) -> NotificationDetails:
    """A notification that passes every rule: an incident two days ago, known the day after."""
    now = timezone.localtime()
    criterion = changes.pop("criterion", None) or criterion_of(version)
    base = NotificationDetails(
        full_name=CHILD_NAME,
        date_of_birth=CHILD_BORN,
        identifiers=CHILD_IDENTIFIERS,
        sex="male",
        ethnicity="black",
        care_experienced="yes",
        placed_out_of_area="no",
        disability="unknown",
        status_with_service="open",
        case_closed_on=None,
        occurred_at=now - timedelta(days=2),
        aware_at=now - timedelta(days=1),
        category=criterion.category or "safeguarding",
        criterion=criterion,
        what_happened="An invented incident for the tests.",
        immediate_actions="A safety plan was agreed with the family.",
        told=[("police", (now - timedelta(days=1)).date(), "Public protection unit")],
    )
    return replace(base, **changes)


def notify(*, actor, organisation, version=None, key: str | None = None, **changes):
    version = version or framework_version()
    return incident_notify(
        actor=actor,
        organisation=organisation,
        framework_version=version,
        details=details(version, **changes),
        submission_key=key or uuid.uuid4().hex,
    )
