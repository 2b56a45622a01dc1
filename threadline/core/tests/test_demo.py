"""`make run` loads the invented demo data: every app's part, and again without doubling."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from threadline.core.models import Organisation, User
from threadline.incidents.models import Incident
from threadline.reviews.models import Review

# Real commits, as under `make run`: the e-mails of on_commit callbacks are what is checked.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_demo_loads_once_and_a_second_load_adds_nothing():
    call_command("load_demo", stdout=StringIO())
    counts = (
        Organisation.objects.count(),
        User.objects.count(),
        Incident.objects.count(),
        Review.objects.count(),
    )
    assert counts[0] >= 14 and counts[1] >= 11
    assert Incident.objects.values("framework_version__framework").distinct().count() == 5
    assert counts[3] >= 1
    assert mail.outbox == [], "the demo people already have passwords: no set-up e-mails"
    call_command("load_demo", stdout=StringIO())
    assert (
        Organisation.objects.count(),
        User.objects.count(),
        Incident.objects.count(),
        Review.objects.count(),
    ) == counts
