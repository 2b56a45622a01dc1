"""Submitting an agency's chronology and changing it afterwards (issue 6 item 4): a check page
first, then the version is locked; "make changes" opens the next version as a copy of every
entry, and the differences between two versions are shown entry by entry and word by word."""

# ruff: noqa: F811 — the fixtures imported from other modules are used by name, as arguments

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from threadline.chronologies.models import ChronologyEntry, ChronologyVersion
from threadline.chronologies.services.entries import (
    chronology_entry_change,
    chronology_entry_document_add,
    chronology_entry_remove,
)
from threadline.chronologies.services.versions import chronology_submit, chronology_version_open
from threadline.core.access import NotAllowed
from threadline.core.models import AuditAction, AuditEvent
from threadline.frameworks.tests.conftest import error_summary, field_error, page_text
from threadline.reviews.domain.errors import ReviewRuleError
from threadline.reviews.tests.conftest import chair, incident, on, review, reviewer, yjs  # noqa: F401

from .fixtures_requests import VISIT, add, chronology, police, police_lead, police_officer  # noqa: F401
from .test_entries import PDF, form_data

pytestmark = pytest.mark.django_db

LOCKED = (
    "Version 1 was submitted on Thursday 13 March 2025 and is locked: make changes to open version 2 first"
)


def url(name, chronology, **kwargs):
    return reverse(f"chronologies:{name}", kwargs={"pk": chronology.pk, **kwargs})


@pytest.fixture
def entries(police_lead, chronology):
    return [
        add(police_lead, chronology),
        add(
            police_lead,
            chronology,
            date="04/2024",
            what_happened="Referral to the exploitation panel",
            significant=False,
        ),
        add(police_lead, chronology, date="20/05/2024", what_happened="Arrested for possession", opinion=""),
    ]


@pytest.fixture
def submitted(police_lead, chronology, entries):
    with on(date(2025, 3, 13)):
        return chronology_submit(actor=police_lead, chronology=chronology)


# --- submitting


def test_the_lead_checks_then_submits_and_the_version_is_locked(client, police_lead, chronology, entries):
    client.force_login(police_lead)
    with on(date(2025, 3, 13)):
        check = page_text(client.get(url("submit", chronology)))
        assert "You are submitting 3 entries, 2 of them significant, as version 1" in check
        assert "Arrested for possession" in check
        done = client.post(url("submit", chronology), {"entries": "3"})
        assert done.status_code == 302
        page = page_text(client.get(url("chronology", chronology)))
    version = ChronologyVersion.objects.get(chronology=chronology)
    assert version.submitted_by == police_lead and version.submitted_at is not None
    assert "Submitted" in page and "It is locked." in page
    assert "Add an entry" not in page and ">Change<" not in page and ">Remove<" not in page
    assert "Submit the chronology" not in page and "Make changes" in page
    event = AuditEvent.objects.get(
        action=AuditAction.CHANGE, target_id=str(chronology.pk), detail__submitted=True
    )
    assert event.detail == {"review": chronology.review_id, "version": 1, "submitted": True, "entries": 3}


def test_submitting_asks_the_review_to_look_again_for_matches(police_lead, chronology, entries):
    with on(date(2025, 3, 13)):
        chronology_submit(actor=police_lead, chronology=chronology)
    assert AuditEvent.objects.filter(
        target_id=str(chronology.review_id), target_type="reviews.review", detail__matches="refresh queued"
    ).exists()


def test_after_submission_every_change_is_refused_with_a_clear_error(
    client, police_lead, chronology, entries, submitted
):
    entry = entries[0]
    with on(date(2025, 3, 14)):
        for attempt in (
            lambda: add(police_lead, chronology, day=date(2025, 3, 14)),
            lambda: chronology_entry_change(actor=police_lead, entry=entry, values=VISIT),
            lambda: chronology_entry_remove(actor=police_lead, entry=entry),
            lambda: chronology_entry_document_add(
                actor=police_lead, entry=entry, uploaded_file=SimpleUploadedFile("a.pdf", PDF)
            ),
        ):
            with pytest.raises(ReviewRuleError, match=LOCKED):
                attempt()
        with pytest.raises(
            ReviewRuleError, match="Version 1 was already submitted on Thursday 13 March 2025"
        ):
            chronology_submit(actor=police_lead, chronology=chronology)
        client.force_login(police_lead)
        refused = client.get(url("entry_add", chronology))
        assert refused.status_code == 302 and refused["Location"] == url("chronology", chronology)
        assert client.post(url("entry_change", chronology, entry_pk=entry.pk), form_data()).status_code == 302
    assert ChronologyEntry.objects.count() == 3
    assert ChronologyEntry.objects.get(pk=entry.pk).updated_at is None


def test_a_chronology_with_no_entries_cannot_be_submitted(client, police_lead, chronology):
    with on(date(2025, 3, 13)):
        with pytest.raises(ReviewRuleError, match="Add at least one entry before submitting the chronology"):
            chronology_submit(actor=police_lead, chronology=chronology)
        client.force_login(police_lead)
        assert "Submit the chronology" not in page_text(client.get(url("chronology", chronology)))
        refused = client.post(url("submit", chronology), {"entries": "0"})
    assert "Add at least one entry before submitting the chronology" in error_summary(refused)
    assert ChronologyVersion.objects.get().submitted_at is None


def test_an_entry_added_while_the_lead_was_checking_stops_the_submission(
    police_lead, police_officer, chronology, entries
):
    add(police_officer, chronology, what_happened="Added meanwhile")
    with on(date(2025, 3, 13)), pytest.raises(ReviewRuleError, match="it now holds 4 entries"):
        chronology_submit(actor=police_lead, chronology=chronology, expected_entries=3)
    assert ChronologyVersion.objects.get().submitted_at is None


def test_only_the_agencys_lead_or_manager_submits(
    client, manager, chair, police_officer, chronology, entries
):
    for person in (police_officer, manager, chair):
        with on(date(2025, 3, 13)), pytest.raises(NotAllowed):
            chronology_submit(actor=person, chronology=chronology)
    client.force_login(police_officer)
    assert client.get(url("submit", chronology)).status_code == 403
    assert "Submit the chronology" not in page_text(client.get(url("chronology", chronology)))
    client.force_login(manager)
    assert client.post(url("submit", chronology), {"entries": "3"}).status_code == 403
    assert ChronologyVersion.objects.get().submitted_at is None


# --- changes after submission: the next version


def test_making_changes_opens_the_next_version_with_a_copy_of_every_entry(
    police_lead, chronology, entries, submitted
):
    with on(date(2025, 3, 20)):
        with pytest.raises(ReviewRuleError, match="Enter why the chronology needs changing") as refused:
            chronology_version_open(actor=police_lead, chronology=chronology, reason=" ")
        assert refused.value.field == "reason"
        second = chronology_version_open(
            actor=police_lead, chronology=chronology, reason="Two contacts were missed"
        )
        with pytest.raises(ReviewRuleError, match="Version 2 has not been submitted yet"):
            chronology_version_open(actor=police_lead, chronology=chronology, reason="Again")
    assert second.number == 2 and second.reason == "Two contacts were missed" and second.submitted_at is None
    old = list(ChronologyEntry.objects.filter(version=submitted).order_by("position"))
    new = list(ChronologyEntry.objects.filter(version=second).order_by("position"))
    assert [e.uid for e in new] == [e.uid for e in old] and {e.pk for e in new}.isdisjoint(
        {e.pk for e in old}
    )
    fields = (
        "position",
        "occurred_on",
        "precision",
        "what_happened",
        "opinion",
        "childs_voice",
        "significant",
    )
    assert [[getattr(e, f) for f in fields] for e in new] == [[getattr(e, f) for f in fields] for e in old]
    event = AuditEvent.objects.get(action=AuditAction.CREATE, target_id=str(chronology.pk), detail__version=2)
    assert event.detail["copied_entries"] == 3


def test_documents_linked_to_entries_come_with_the_copy(police_lead, chronology, entries):
    with on(date(2025, 3, 13)):
        document = chronology_entry_document_add(
            actor=police_lead, entry=entries[0], uploaded_file=SimpleUploadedFile("log.pdf", PDF)
        )
        chronology_submit(actor=police_lead, chronology=chronology)
    with on(date(2025, 3, 20)):
        second = chronology_version_open(actor=police_lead, chronology=chronology, reason="Corrections")
    copy = ChronologyEntry.objects.get(version=second, uid=entries[0].uid)
    assert list(copy.documents.all()) == [document]


def test_changes_go_into_the_new_version_and_the_comparison_shows_them(
    client, police_lead, reviewer, chronology, entries, submitted
):
    with on(date(2025, 3, 20)):
        second = chronology_version_open(actor=police_lead, chronology=chronology, reason="Corrections")
        visit, referral, arrest = (ChronologyEntry.objects.get(version=second, uid=e.uid) for e in entries)
        chronology_entry_change(
            actor=police_lead,
            entry=visit,
            values={**VISIT, "opinion": "Risk of exploitation was not assessed by anyone."},
        )
        chronology_entry_remove(actor=police_lead, entry=arrest)
        add(
            police_lead,
            chronology,
            day=date(2025, 3, 20),
            date="02/06/2024",
            what_happened="Return home interview",
        )
        chronology_submit(actor=police_lead, chronology=chronology)
    # The first version is as it was.
    assert ChronologyEntry.objects.filter(version=submitted).count() == 3
    assert (
        ChronologyEntry.objects.get(version=submitted, uid=visit.uid).opinion
        == "Risk of exploitation not assessed."
    )
    for person in (police_lead, reviewer):
        client.force_login(person)
        page = client.get(url("version_compare", chronology), {"older": 1, "newer": 2})
        body = page_text(page)
        assert page.status_code == 200
        assert "1 added, 1 removed, 1 changed, 1 unchanged" in body
        assert "Return home interview" in body and "Arrested for possession" in body
        assert "Referral to the exploitation panel" not in body  # unchanged entries are not repeated
        changed = re.search(
            r"12 March 2024\s*<strong class=\"govuk-tag govuk-tag--yellow\">Changed</strong>(.*?)</dl>",
            body,
            re.S,
        )
        assert changed, "the changed entry is shown"
        assert "Professional opinion or analysis" in changed.group(1)
        marked = changed.group(1)
        assert (
            '<ins class="threadline-ins"><span class="govuk-visually-hidden">added: </span>was </ins>'
            in marked
        )
        assert (
            '<del class="threadline-del"><span class="govuk-visually-hidden">removed: </span>assessed.</del>'
            in marked
        )
        assert (
            '<ins class="threadline-ins"><span class="govuk-visually-hidden">added: </span>assessed by anyone.</ins>'
            in marked
        )
        assert "What happened" not in changed.group(1)
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, detail__versions_compared=[1, 2]).count() == 2


def test_the_review_team_reads_only_what_was_submitted(
    client, police_lead, reviewer, chronology, entries, submitted
):
    with on(date(2025, 3, 20)):
        second = chronology_version_open(actor=police_lead, chronology=chronology, reason="Corrections")
        add(police_lead, chronology, day=date(2025, 3, 20), what_happened="Not yet submitted contact")
    client.force_login(reviewer)
    page = page_text(client.get(url("chronology", chronology)))
    assert "Child reported missing" in page and "Not yet submitted contact" not in page
    assert "is changing its chronology (version 2). You read version 1" in page
    versions = page_text(client.get(url("versions", chronology)))
    assert "Version 1" in versions and "Version 2" not in versions
    assert client.get(url("version", chronology, number=second.number)).status_code == 404
    assert "nothing to compare" in page_text(client.get(url("version_compare", chronology)))
    client.force_login(police_lead)
    versions = page_text(client.get(url("versions", chronology)))
    assert "Version 2" in versions and "Because: Corrections" in versions
    assert "Not yet submitted contact" in page_text(client.get(url("version", chronology, number=2)))
    assert "Not yet submitted contact" not in page_text(client.get(url("version", chronology, number=1)))


def test_make_changes_through_the_pages(client, police_lead, police_officer, chronology, entries, submitted):
    client.force_login(police_officer)
    assert client.get(url("version_open", chronology)).status_code == 403
    client.force_login(police_lead)
    with on(date(2025, 3, 20)):
        empty = client.post(url("version_open", chronology), {"reason": ""})
        assert field_error(empty, "id_reason") == "Enter why the chronology needs changing"
        opened = client.post(url("version_open", chronology), {"reason": "A missed contact"})
        assert opened.status_code == 302
        page = page_text(client.get(url("chronology", chronology)))
    assert "Version 2:" in page and "Opened because: A missed contact" in page and "Add an entry" in page
    assert ChronologyVersion.objects.filter(chronology=chronology).count() == 2
