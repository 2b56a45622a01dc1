import html
import re

import pytest

from threadline.frameworks.models import FrameworkVersion
from threadline.frameworks.services import framework_version_copy, frameworks_load_builtin

KEYS = (
    "yjs-serious-incident-review",
    "national-youth-justice-incident",
    "english-practice-review",
    "local-board-learning-review",
    "scottish-learning-review",
)


@pytest.fixture
def builtin(db):
    """The five built-in frameworks' version 1, keyed by framework. The data migration loads
    them; loading again here is a no-op, and puts them back if a transactional test flushed."""
    frameworks_load_builtin()
    versions = FrameworkVersion.objects.filter(fixture_name__endswith=".v1.json").select_related("framework")
    return {version.framework.key: version for version in versions}


@pytest.fixture
def yjs(builtin):
    return builtin["yjs-serious-incident-review"]


@pytest.fixture
def draft(yjs, sysadmin):
    """An editable copy of the YJS framework's version 1."""
    return framework_version_copy(actor=sysadmin, version=yjs)


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def page_title(response) -> str:
    match = re.search(r"<title>(.*?)</title>", page_text(response), re.S)
    assert match, "the page has no <title>"
    return match.group(1).strip()


def field_error(response, field_id: str) -> str:
    """The GOV.UK inline error next to one field ('' when there is none)."""
    pattern = rf'<p id="{re.escape(field_id)}-error" class="govuk-error-message">(.*?)</p>'
    match = re.search(pattern, page_text(response), re.S)
    if not match:
        return ""
    return re.sub(r"<[^>]+>", "", match.group(1)).replace("Error:", "").strip()


def error_summary(response) -> list[str]:
    match = re.search(r'<div class="govuk-error-summary".*?<ul[^>]*>(.*?)</ul>', page_text(response), re.S)
    if not match:
        return []
    return [
        re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", match.group(1), re.S)
    ]
