"""An agency's entries (issue 6 item 2): typed on the chronology's pages by the agency's writers,
checked by the entry rules (each mistake by its field, nothing typed lost), facts shown apart
from opinion, supporting documents linked, and nobody else writing or even seeing them."""

# ruff: noqa: F811 — the fixtures imported from other modules are used by name, as arguments

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from threadline.chronologies.models import ChronologyEntry
from threadline.chronologies.services.entries import (
    EntryConflict,
    chronology_entry_change,
    chronology_entry_document_add,
    chronology_entry_remove,
)
from threadline.core.access import NotAllowed
from threadline.core.models import AuditAction, AuditEvent, Draft, Role
from threadline.core.testing import assert_isolated, make_person
from threadline.frameworks.tests.conftest import error_summary, field_error, page_text
from threadline.reviews.domain.errors import ReviewRuleError
from threadline.reviews.models import ReviewDocument
from threadline.reviews.tests.conftest import chair, incident, on, review, reviewer, yjs  # noqa: F401

from .fixtures_requests import (  # noqa: F401
    VISIT,
    add,
    ask,
    chronology,
    health,
    health_lead,
    police,
    police_lead,
    police_officer,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def url(name, chronology, **kwargs):
    return reverse(f"chronologies:{name}", kwargs={"pk": chronology.pk, **kwargs})


def form_data(**changes) -> dict:
    data = {**VISIT, **changes}
    significant = data.pop("significant")
    if significant:
        data["significant"] = "on"
    return data


def row_of(response, entry) -> str:
    match = re.search(
        rf'<tr class="govuk-table__row" id="entry-{entry.pk}">(.*?)</tr>', page_text(response), re.S
    )
    assert match, f"no row for entry {entry.pk}"
    return match.group(1)


def cells(row: str) -> list[str]:
    found = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in found]


# --- typing entries on the page


def test_an_agency_writer_adds_entries_and_sees_facts_apart_from_opinion(client, police_officer, chronology):
    client.force_login(police_officer)
    with on(date(2025, 3, 12)):
        added = client.post(url("entry_add", chronology), form_data(then="another"))
        assert added.status_code == 302 and added["Location"] == url("entry_add", chronology)
        client.post(
            url("entry_add", chronology),
            form_data(
                date="March 2024",
                time="",
                what_happened="Referral from school",
                opinion="",
                significant=False,
            ),
        )
        client.post(
            url("entry_add", chronology),
            form_data(
                date="12/03/2024",
                time="09:15",
                what_happened="Strategy discussion",
                opinion="",
                significant=False,
            ),
        )
        page = client.get(url("chronology", chronology))
    visit, month, timed = (
        ChronologyEntry.objects.get(what_happened__isnull=False, position=n) for n in (1, 2, 3)
    )
    assert (visit.precision, month.precision, timed.precision) == ("day", "month", "time")
    assert visit.created_by == police_officer and visit.version.number == 1
    body = page_text(page)
    # In order: the month first, then the day, then the time on that day.
    assert body.index("March 2024") < body.index("Referral from school")
    assert [m.group(1) for m in re.finditer(r'id="entry-(\d+)"', body)] == [
        str(e.pk) for e in (month, visit, timed)
    ]
    when, source, facts, opinion, actions = cells(row_of(page, visit))
    assert when == "12 March 2024 Significant"
    assert source == "Police national database Recorded by: Police constable"
    assert facts.startswith("Child reported missing by mother at 22:00")
    assert (
        "Present: Mother, two officers" in facts
        and "The child's voice: Said she did not want to go home." in facts
    )
    assert "Risk of exploitation" not in facts and opinion == "Risk of exploitation not assessed."
    assert "Change" in actions and "Remove" in actions
    assert cells(row_of(page, timed))[0] == "12 March 2024 at 09:15"
    assert cells(row_of(page, month))[3] == "None recorded"


def test_each_mistake_is_shown_by_its_field_and_everything_typed_is_kept(client, police_lead, chronology):
    client.force_login(police_lead)
    typed = form_data(
        date="31/02/2024",
        time="25:00",
        what_happened="",
        source="s" * 301,
        opinion="A view worth keeping",
        childs_voice="‘I want to stay with my nan’",
    )
    with on(date(2025, 3, 12)):
        refused = client.post(url("entry_add", chronology), typed)
        wrong_time = client.post(url("entry_add", chronology), form_data(time="25:00"))
        outside = client.post(url("entry_add", chronology), form_data(date="02/2022"))
    assert refused.status_code == 200
    assert field_error(refused, "id_date") == "‘31/02/2024’ is not a real date"
    assert field_error(refused, "id_what_happened") == "Enter what happened"
    assert field_error(refused, "id_source") == "Source must be 300 characters or fewer"
    assert field_error(refused, "id_opinion") == ""
    assert field_error(refused, "id_time") == "‘25:00’ is not a time: use the 24-hour clock, like 14:30"
    assert error_summary(refused) == [
        "‘31/02/2024’ is not a real date",
        "‘25:00’ is not a time: use the 24-hour clock, like 14:30",
        "Enter what happened",
        "Source must be 300 characters or fewer",
    ]
    body = page_text(refused)
    assert 'value="31/02/2024"' in body and "s" * 301 in body
    assert "A view worth keeping</textarea>" in body and "‘I want to stay with my nan’</textarea>" in body
    assert 'id="id_significant" name="significant" type="checkbox" value="on" checked' in body
    assert field_error(wrong_time, "id_time") == "‘25:00’ is not a time: use the 24-hour clock, like 14:30"
    assert field_error(wrong_time, "id_date") == ""
    assert 'value="25:00"' in page_text(wrong_time)
    assert field_error(outside, "id_date") == (
        "The date must be within the chronology's period, 1 March 2022 to 1 March 2025"
    )
    assert not ChronologyEntry.objects.exists()


def test_typing_is_kept_as_a_draft_until_the_entry_is_saved(client, police_lead, chronology):
    client.force_login(police_lead)
    add_url = url("entry_add", chronology)
    with on(date(2025, 3, 12)):
        client.post(add_url, form_data(date="", what_happened="Half-written account of the visit"))
        assert Draft.objects.filter(user=police_lead, key=add_url).exists()
        again = page_text(client.get(add_url))
        assert "We kept what you typed" in again and "Half-written account of the visit</textarea>" in again
        client.post(add_url, form_data(what_happened="Finished account of the visit"))
    assert not Draft.objects.filter(user=police_lead, key=add_url).exists()
    assert ChronologyEntry.objects.get().what_happened == "Finished account of the visit"


def test_changing_an_entry_shows_it_as_saved_and_audits_the_parts_changed_not_their_text(
    client, police_lead, chronology
):
    entry = add(police_lead, chronology)
    client.force_login(police_lead)
    change_url = url("entry_change", chronology, entry_pk=entry.pk)
    with on(date(2025, 3, 13)):
        shown = client.get(change_url)
        body = page_text(shown)
        assert 'value="12/03/2024"' in body and "Risk of exploitation not assessed.</textarea>" in body
        seen = re.search(r'name="seen" value="([^"]+)"', body).group(1)
        saved = client.post(
            change_url, form_data(seen=seen, date="March 2024", opinion="Exploitation risk missed")
        )
    assert saved.status_code == 302
    entry.refresh_from_db()
    assert (entry.precision, entry.occurred_on, entry.opinion) == (
        "month",
        date(2024, 3, 1),
        "Exploitation risk missed",
    )
    assert entry.updated_by == police_lead
    event = AuditEvent.objects.filter(action=AuditAction.CHANGE, target_id=str(chronology.pk)).get()
    assert event.detail["changed"] == ["occurred_on", "precision", "precision_rank", "opinion"]
    assert event.detail["entry"] == entry.pk and "Exploitation" not in str(event.detail)
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, detail__entry=entry.pk).exists()


def test_two_people_changing_one_entry_the_second_is_told_and_loses_nothing(
    client, police_lead, police_officer, chronology
):
    entry = add(police_lead, chronology)
    change_url = url("entry_change", chronology, entry_pk=entry.pk)
    client.force_login(police_officer)
    with on(date(2025, 3, 13)):
        seen = re.search(r'name="seen" value="([^"]+)"', page_text(client.get(change_url))).group(1)
        chronology_entry_change(
            actor=police_lead, entry=entry, values={**VISIT, "opinion": "Lead's analysis"}, seen=seen
        )
        refused = client.post(change_url, form_data(seen=seen, opinion="Officer's analysis"))
        body = page_text(refused)
        assert refused.status_code == 200
        assert "Sarah Quinn changed this entry while you were editing it" in body
        assert "Lead's analysis" in body and "Officer's analysis</textarea>" in body
        assert ChronologyEntry.objects.get(pk=entry.pk).opinion == "Lead's analysis"
        fresh = re.search(r'name="seen" value="([^"]+)"', body).group(1)
        assert client.post(change_url, form_data(seen=fresh, opinion="Officer's analysis")).status_code == 302
    assert ChronologyEntry.objects.get(pk=entry.pk).opinion == "Officer's analysis"
    with on(date(2025, 3, 14)), pytest.raises(EntryConflict):
        chronology_entry_change(actor=police_lead, entry=entry, values=VISIT, seen=seen)


def test_removing_an_entry_asks_first_then_removes_it_and_audits(client, police_lead, chronology):
    entry = add(police_lead, chronology)
    client.force_login(police_lead)
    remove_url = url("entry_remove", chronology, entry_pk=entry.pk)
    with on(date(2025, 3, 13)):
        check = page_text(client.get(remove_url))
        assert "Remove the entry of 12 March 2024?" in check and "Child reported missing" in check
        assert client.post(remove_url).status_code == 302
    assert not ChronologyEntry.objects.exists()
    event = AuditEvent.objects.get(action=AuditAction.DELETE, target_id=str(chronology.pk))
    assert event.detail["entry"] == entry.pk and event.detail["uid"] == str(entry.uid)


def test_the_chronology_page_is_audited_as_a_view(client, police_lead, chronology):
    client.force_login(police_lead)
    client.get(url("chronology", chronology))
    event = AuditEvent.objects.filter(action=AuditAction.VIEW, target_id=str(chronology.pk)).get()
    assert event.target_type == "chronologies.agencychronology" and event.detail["version"] == 1


def test_the_import_link_appears_only_once_that_page_exists(client, police_lead, chronology):
    from django.urls import NoReverseMatch

    client.force_login(police_lead)
    body = page_text(client.get(url("chronology", chronology)))
    try:
        import_url = reverse("chronologies:import_start", args=[chronology.pk])
    except NoReverseMatch:
        assert "Import entries" not in body
    else:
        assert f'href="{import_url}"' in body


# --- who may see and write


def test_another_agency_gets_not_found_and_the_refusal_is_audited(
    client, police_lead, health_lead, chronology
):
    entry = add(police_lead, chronology)
    assert_isolated(client, url("chronology", chronology), owner=police_lead)
    assert_isolated(
        client, url("entry_change", chronology, entry_pk=entry.pk), owner=police_lead, stranger=health_lead
    )
    client.force_login(health_lead)
    assert client.get(url("entry_add", chronology)).status_code == 404
    assert client.post(url("entry_remove", chronology, entry_pk=entry.pk)).status_code == 404
    assert ChronologyEntry.objects.count() == 1


def test_the_review_team_reads_but_cannot_write(client, manager, reviewer, police_lead, chronology):
    entry = add(police_lead, chronology)
    for person in (reviewer, manager):
        client.force_login(person)
        page = client.get(url("chronology", chronology))
        assert page.status_code == 200
        body = page_text(page)
        # Nothing is submitted yet: the agency's work in progress is its own.
        assert "has not submitted its chronology yet" in body and "Child reported missing" not in body
        assert "Add an entry" not in body
        assert client.get(url("entry_add", chronology)).status_code == 403
        assert client.post(url("entry_change", chronology, entry_pk=entry.pk), form_data()).status_code == 403
        assert client.post(url("entry_remove", chronology, entry_pk=entry.pk)).status_code == 403
    for person in (reviewer, manager):
        with on(date(2025, 3, 13)), pytest.raises(NotAllowed):
            chronology_entry_remove(actor=person, entry=entry)
    assert ChronologyEntry.objects.count() == 1


def test_an_entry_of_another_chronology_is_not_found_under_this_one(
    client, manager, police_lead, review, chronology, health, health_lead
):
    (other,) = ask(manager, review, [health])
    theirs = add(health_lead, other)
    client.force_login(police_lead)
    assert client.get(url("entry_change", chronology, entry_pk=theirs.pk)).status_code == 404
    assert client.get(url("entry_remove", chronology, entry_pk=theirs.pk)).status_code == 404


def test_a_person_of_the_agency_without_a_writing_role_gets_not_found(client, police, chronology):
    board = make_person(police, Role.GOVERNANCE_BOARD_MEMBER)
    client.force_login(board)
    assert client.get(url("chronology", chronology)).status_code == 404


# --- supporting documents


def test_a_document_uploaded_on_an_entry_is_kept_with_the_review_and_downloaded_by_the_agency(
    client, police_lead, reviewer, chronology
):
    entry = add(police_lead, chronology)
    client.force_login(police_lead)
    upload_url = url("entry_document_add", chronology, entry_pk=entry.pk)
    with on(date(2025, 3, 13)):
        wrong = client.post(
            upload_url, {"file": SimpleUploadedFile("notes.pdf", b"just some text"), "description": "Notes"}
        )
        assert field_error(wrong, "id_file").startswith("The file is called notes.pdf but it is a text file")
        assert "Notes</textarea>" in page_text(wrong)
        done = client.post(
            upload_url, {"file": SimpleUploadedFile("custody-log.pdf", PDF), "description": "Custody log"}
        )
    assert done.status_code == 302
    document = ReviewDocument.objects.get()
    assert document.review_id == chronology.review_id and document.uploaded_by == police_lead
    assert list(entry.documents.all()) == [document]
    download = url("entry_document_download", chronology, document_pk=document.pk)
    with on(date(2025, 3, 13)):
        page = client.get(url("chronology", chronology))
        response = client.get(download)
    assert f'href="{download}"' in page_text(page) and "custody-log.pdf" in cells(row_of(page, entry))[2]
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    event = AuditEvent.objects.filter(
        action=AuditAction.CREATE, target_id=str(chronology.pk), detail__document=document.pk
    )
    assert event.exists()


def test_the_same_file_twice_is_linked_not_stored_twice(police_lead, chronology):
    first, second = add(police_lead, chronology), add(police_lead, chronology, what_happened="A second visit")
    with on(date(2025, 3, 13)):
        one = chronology_entry_document_add(
            actor=police_lead, entry=first, uploaded_file=SimpleUploadedFile("a.pdf", PDF)
        )
        two = chronology_entry_document_add(
            actor=police_lead, entry=second, uploaded_file=SimpleUploadedFile("b.pdf", PDF)
        )
        with pytest.raises(ReviewRuleError, match="already linked to this entry"):
            chronology_entry_document_add(
                actor=police_lead, entry=second, uploaded_file=SimpleUploadedFile("b.pdf", PDF)
            )
    assert one == two and ReviewDocument.objects.count() == 1


def test_a_document_of_another_chronology_is_not_downloaded_through_this_one(
    client, manager, police_lead, health_lead, review, health, chronology
):
    (other,) = ask(manager, review, [health])
    theirs = add(health_lead, other)
    with on(date(2025, 3, 13)):
        document = chronology_entry_document_add(
            actor=health_lead, entry=theirs, uploaded_file=SimpleUploadedFile("gp.pdf", PDF)
        )
    client.force_login(police_lead)
    assert client.get(url("entry_document_download", chronology, document_pk=document.pk)).status_code == 404
    client.force_login(health_lead)
    assert client.get(url("entry_document_download", other, document_pk=document.pk)).status_code == 200


def test_the_review_team_downloads_through_the_reviews_documents(client, police_lead, reviewer, chronology):
    from threadline.chronologies.services.versions import chronology_submit

    entry = add(police_lead, chronology)
    with on(date(2025, 3, 13)):
        document = chronology_entry_document_add(
            actor=police_lead, entry=entry, uploaded_file=SimpleUploadedFile("log.pdf", PDF)
        )
        chronology_submit(actor=police_lead, chronology=chronology)
    client.force_login(reviewer)
    body = page_text(client.get(url("chronology", chronology)))
    assert (
        reverse("reviews:document_download", kwargs={"pk": chronology.review_id, "document_pk": document.pk})
        in body
    )
