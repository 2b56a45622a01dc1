"""What the core tests share: signing in as a person does, and reading a page as they see it."""

import html
import re
from contextlib import contextmanager
from types import SimpleNamespace

import pyotp
from django.db.models import Max
from django.urls import reverse

from threadline.core.models import AuditEvent
from threadline.core.testing import TEST_TOTP_SECRET

PASSWORD = "plum ferry lantern 42"


def sign_in(client, email: str, password: str = PASSWORD):
    """E-mail and password, then the code from the authenticator app; returns the last answer."""
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    assert response.status_code == 302, f"sign-in refused: {response.status_code}"
    assert response["Location"] == reverse("mfa_authenticate"), response["Location"]
    app = pyotp.TOTP(TEST_TOTP_SECRET)
    code = app.now()
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    if response.status_code == 200 and app.now() != code:
        # The 30-second window turned over between reading the code and the server checking
        # it, as it sometimes does for a person too; they type the new code.
        response = client.post(reverse("mfa_authenticate"), {"code": app.now()})
    return response


def page_text(response) -> str:
    """The page's HTML with entities decoded, so apostrophes read as a person reads them."""
    return html.unescape(response.content.decode())


def page_title(response) -> str:
    match = re.search(r"<title>(.*?)</title>", page_text(response), re.S)
    assert match, "the page has no <title>"
    return match.group(1).strip()


def field_error(response, field_id: str) -> str:
    """The GOV.UK inline error message shown next to one field ('' when there is none)."""
    match = re.search(
        rf'<p id="{re.escape(field_id)}-error" class="govuk-error-message">(.*?)</p>',
        page_text(response),
        re.S,
    )
    if not match:
        return ""
    return re.sub(r"<[^>]+>", "", match.group(1)).replace("Error:", "", 1).strip()


def error_summary(response) -> list[str]:
    text = page_text(response)
    if "govuk-error-summary" not in text:
        return []
    body = text.split('class="govuk-list govuk-error-summary__list"', 1)[1].split("</ul>", 1)[0]
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", body, re.S)]


def last_audit_pk() -> int:
    return AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0


@contextmanager
def exactly_one_audit_row():
    """Asserts that the block wrote one audit row, and hands it back as `.row`."""
    before = last_audit_pk()
    written = SimpleNamespace(row=None)
    yield written
    rows = list(AuditEvent.objects.filter(pk__gt=before).order_by("pk"))
    assert len(rows) == 1, f"expected one audit row, got {[(r.action, r.target_label) for r in rows]}"
    written.row = rows[0]


def audit_rows_since(pk: int):
    return AuditEvent.objects.filter(pk__gt=pk).order_by("pk")
