import pytest
from django.core.cache import cache

from tests.isolation.models import Casefile


@pytest.fixture(autouse=True)
def _forget_used_codes():
    """allauth remembers used authenticator codes per account id in the cache; ids repeat
    between tests (rolled back), so each test starts with an empty cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def casefile(organisation):
    return Casefile.objects.create(lead_organisation=organisation, title="Casefile about child A")
