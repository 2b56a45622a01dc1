"""The audit log page and its CSV export: who may read which rows, how searching works,
and that a download is itself recorded."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tests.isolation.models import Casefile
from threadline.core.models import AuditAction, AuditEvent
from threadline.core.services import audit_record

from .support import error_summary, field_error, page_text, page_title

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
HEADER = [
    "when",
    "who",
    "organisation",
    "action",
    "record type",
    "record id",
    "record",
    "ip address",
    "page",
    "detail",
]


@pytest.fixture
def events(manager, stranger, organisation, other_organisation):
    """Rows for two organisations on different days."""
    ours = Casefile.objects.create(lead_organisation=organisation, title="Northbridge casefile")
    theirs = Casefile.objects.create(lead_organisation=other_organisation, title="Southport casefile")
    with time_machine.travel(datetime(2026, 3, 2, 10, 0, tzinfo=LONDON), tick=False):
        audit_record(actor=manager, action=AuditAction.CREATE, target=ours)
    with time_machine.travel(datetime(2026, 3, 20, 10, 0, tzinfo=LONDON), tick=False):
        audit_record(actor=manager, action=AuditAction.VIEW, target=ours)
        audit_record(actor=stranger, action=AuditAction.CREATE, target=theirs)


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="threadline-audit-')
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_a_service_manager_sees_the_audit_rows_of_their_own_organisation_only(client, manager, events):
    client.force_login(manager)
    page = page_text(client.get(reverse("core:audit_log")))
    assert "Northbridge casefile" in page
    assert "Southport casefile" not in page
    # the two rows about the casefile, and the manager's own sign-in
    assert "3 events" in page


def test_a_system_administrator_sees_every_organisations_audit_rows(client, sysadmin, events):
    client.force_login(sysadmin)
    page = page_text(client.get(reverse("core:audit_log")))
    assert "Northbridge casefile" in page and "Southport casefile" in page


def test_a_practitioner_is_refused_the_audit_log_and_its_export(client, practitioner, events):
    client.force_login(practitioner)
    assert client.get(reverse("core:audit_log")).status_code == 403
    assert client.get(reverse("core:audit_export")).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_searching_by_text_finds_the_matching_record(client, sysadmin, events):
    client.force_login(sysadmin)
    page = page_text(client.get(reverse("core:audit_log"), {"q": "southport"}))
    assert "Southport casefile" in page and "Northbridge casefile" not in page


def test_searching_by_action_shows_only_that_action(client, manager, events):
    client.force_login(manager)
    page = page_text(client.get(reverse("core:audit_log"), {"action": "view"}))
    assert "1 event<" in page
    assert "Viewed" in page


def test_searching_by_organisation_shows_only_that_organisations_rows(
    client, sysadmin, events, other_organisation
):
    client.force_login(sysadmin)
    page = page_text(client.get(reverse("core:audit_log"), {"organisation": other_organisation.pk}))
    assert "Southport casefile" in page and "Northbridge casefile" not in page


def test_a_manager_cannot_widen_the_search_to_another_organisation(
    client, manager, events, other_organisation
):
    client.force_login(manager)
    response = client.get(reverse("core:audit_log"), {"organisation": other_organisation.pk})
    page = page_text(response)
    assert "Southport casefile" not in page
    assert "No events match your search." in page
    assert field_error(response, "id_organisation").startswith("Select a valid choice")


def test_searching_by_date_range_includes_both_end_days(client, manager, events):
    client.force_login(manager)
    in_range = {
        "since_0": "1",
        "since_1": "3",
        "since_2": "2026",
        "until_0": "2",
        "until_1": "3",
        "until_2": "2026",
    }
    page = page_text(client.get(reverse("core:audit_log"), in_range))
    assert "1 event<" in page and "Created" in page
    after = {
        "since_0": "3",
        "since_1": "3",
        "since_2": "2026",
        "until_0": "31",
        "until_1": "3",
        "until_2": "2026",
    }
    page = page_text(client.get(reverse("core:audit_log"), after))
    assert "1 event<" in page and "Viewed" in page


def test_a_date_that_does_not_exist_is_shown_as_an_error(client, manager, events):
    client.force_login(manager)
    response = client.get(reverse("core:audit_log"), {"since_0": "31", "since_1": "2", "since_2": "2026"})
    assert response.status_code == 200
    assert error_summary(response) == ["The from date must be a real date"]
    assert field_error(response, "id_since") == "The from date must be a real date"
    assert page_title(response).startswith("Error: ")
    assert "No events match your search." in page_text(response)


def test_a_date_missing_its_year_says_what_is_missing(client, manager):
    client.force_login(manager)
    response = client.get(reverse("core:audit_log"), {"until_0": "3", "until_1": "3", "until_2": ""})
    assert error_summary(response) == ["The to date must include a year"]


def test_a_to_date_before_the_from_date_is_shown_as_an_error(client, manager, events):
    client.force_login(manager)
    dates = {
        "since_0": "20",
        "since_1": "3",
        "since_2": "2026",
        "until_0": "2",
        "until_1": "3",
        "until_2": "2026",
    }
    response = client.get(reverse("core:audit_log"), dates)
    assert field_error(response, "id_until") == "The to date must be the same as or after the from date"
    assert "There is a problem" in page_text(response)
    assert page_title(response) == "Error: Audit log – Threadline"


def test_the_export_starts_with_a_header_and_holds_the_visible_rows(client, manager, events):
    client.force_login(manager)
    rows = csv_rows(client.get(reverse("core:audit_export")))
    assert rows[0] == HEADER
    records = [r[6] for r in rows[1:]]
    assert records.count("Northbridge casefile") == 2
    assert "Southport casefile" not in records


def test_the_export_applies_the_search_filters(client, sysadmin, events):
    client.force_login(sysadmin)
    rows = csv_rows(client.get(reverse("core:audit_export"), {"action": "create"}))
    assert sorted(r[6] for r in rows[1:]) == ["Northbridge casefile", "Southport casefile"]
    assert {r[3] for r in rows[1:]} == {"create"}
    rows = csv_rows(client.get(reverse("core:audit_export"), {"q": "northbridge", "action": "view"}))
    assert [(r[3], r[6]) for r in rows[1:]] == [("view", "Northbridge casefile")]


def test_the_export_neutralises_spreadsheet_formulas(client, manager, organisation):
    sneaky = Casefile.objects.create(
        lead_organisation=organisation, title='=HYPERLINK("http://x.test","open")'
    )
    audit_record(actor=manager, action=AuditAction.VIEW, target=sneaky)
    for title in ("+1+1", "-2", "@SUM(A1)"):
        audit_record(
            actor=manager,
            action=AuditAction.VIEW,
            target=Casefile.objects.create(lead_organisation=organisation, title=title),
        )
    client.force_login(manager)
    records = [r[6] for r in csv_rows(client.get(reverse("core:audit_export")))[1:]]
    assert '\'=HYPERLINK("http://x.test","open")' in records
    assert {"'+1+1", "'-2", "'@SUM(A1)"} <= set(records)
    assert not any(r.startswith(("=", "+", "-", "@")) for r in records)


def test_exporting_writes_an_export_row_with_the_filters_used(client, sysadmin, events):
    client.force_login(sysadmin)
    csv_rows(client.get(reverse("core:audit_export"), {"action": "create", "q": "casefile"}))
    exports = list(AuditEvent.objects.filter(action=AuditAction.EXPORT))
    assert len(exports) == 1
    assert exports[0].actor == sysadmin
    assert exports[0].detail == {"export": "audit log", "filters": {"text": "casefile", "action": "create"}}


def test_the_page_links_to_an_export_of_the_same_search(client, manager, events):
    client.force_login(manager)
    page = page_text(client.get(reverse("core:audit_log"), {"q": "casefile", "action": "view", "page": "1"}))
    assert f'href="{reverse("core:audit_export")}?q=casefile&action=view"' in page
