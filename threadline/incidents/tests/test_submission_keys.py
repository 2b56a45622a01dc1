"""A submission key gives back the submitter's own incident, never someone else's."""

import pytest

from threadline.core.models import Role
from threadline.core.testing import make_person

from ..models import Incident
from ..services import IncidentRuleError, SubmissionKeyReused, incident_notify
from .builders import details, framework_version, notify

pytestmark = pytest.mark.django_db


def test_the_same_person_submitting_twice_gets_the_same_incident(manager, organisation):
    first = notify(actor=manager, organisation=organisation, key="form-123")
    again = notify(actor=manager, organisation=organisation, key="form-123")
    assert again.pk == first.pk
    assert Incident.objects.count() == 1


def test_another_person_reusing_a_key_is_refused_and_sees_nothing(manager, organisation):
    notify(actor=manager, organisation=organisation, key="form-123")
    colleague = make_person(organisation, Role.PRACTITIONER)
    with pytest.raises(IncidentRuleError, match="already been sent by someone else"):
        notify(actor=colleague, organisation=organisation, key="form-123")
    assert Incident.objects.count() == 1


def test_the_same_key_with_a_different_fingerprint_is_refused(manager, organisation):
    version = framework_version()
    first = incident_notify(
        actor=manager,
        organisation=organisation,
        framework_version=version,
        details=details(version),
        submission_key="api-key-1",
        submission_fingerprint="a" * 64,
    )
    same = incident_notify(
        actor=manager,
        organisation=organisation,
        framework_version=version,
        details=details(version),
        submission_key="api-key-1",
        submission_fingerprint="a" * 64,
    )
    assert same.pk == first.pk
    with pytest.raises(SubmissionKeyReused, match="different notification"):
        incident_notify(
            actor=manager,
            organisation=organisation,
            framework_version=version,
            details=details(version, what_happened="Something else"),
            submission_key="api-key-1",
            submission_fingerprint="b" * 64,
        )
    assert Incident.objects.count() == 1
