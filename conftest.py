import pytest

from threadline.core.models import Role
from threadline.core.testing import make_organisation, make_person


@pytest.fixture
def organisation(db):
    return make_organisation("Northbridge Youth Justice Service")


@pytest.fixture
def other_organisation(db):
    return make_organisation("Southport Youth Justice Service")


@pytest.fixture
def admin_org(db):
    return make_organisation("Threadline Support", type="other")


@pytest.fixture
def sysadmin(admin_org):
    return make_person(
        admin_org, Role.SYSTEM_ADMINISTRATOR, full_name="Sam Admin", email="sysadmin@example.test"
    )


@pytest.fixture
def manager(organisation):
    return make_person(
        organisation, Role.SERVICE_MANAGER, full_name="Mia Manager", email="manager@example.test"
    )


@pytest.fixture
def practitioner(organisation):
    return make_person(
        organisation, Role.PRACTITIONER, full_name="Pat Practitioner", email="pat@example.test"
    )


@pytest.fixture
def stranger(other_organisation):
    return make_person(
        other_organisation, Role.SERVICE_MANAGER, full_name="Sol Stranger", email="sol@example.test"
    )


# Shared two-core machines are noisy: a property is judged by its examples, not by how fast
# one example ran.
from hypothesis import settings as hypothesis_settings  # noqa: E402

hypothesis_settings.register_profile("threadline", deadline=None)
hypothesis_settings.load_profile("threadline")
