"""Review fix: a document linked to an agency's chronology entry is kept with the review's
documents, but it is part of that agency's chronology. Through the review's documents pages it
is reached only by the review team (who read the agencies' chronologies), and only once the
agency has submitted the version it is linked to; a draft's document, or one reached by someone
who may see the review but not its chronologies, is not found (404)."""

# ruff: noqa: F811 — the fixtures imported from other modules are used by name, as arguments

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from threadline.chronologies.services.entries import chronology_entry_document_add
from threadline.chronologies.services.versions import chronology_submit
from threadline.core.models import Role
from threadline.core.testing import make_person
from threadline.reviews.tests.conftest import chair, incident, on, review, reviewer, yjs  # noqa: F401

from .fixtures_requests import add, chronology, police, police_lead  # noqa: F401

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _linked(police_lead, chronology, name="custody-log.pdf"):
    entry = add(police_lead, chronology)
    with on(date(2025, 3, 13)):
        return chronology_entry_document_add(
            actor=police_lead, entry=entry, uploaded_file=SimpleUploadedFile(name, PDF)
        )


def _urls(document):
    review_pk = document.review_id
    return (
        reverse("reviews:documents", kwargs={"pk": review_pk}),
        reverse("reviews:document_download", kwargs={"pk": review_pk, "document_pk": document.pk}),
        reverse("reviews:document_remove", kwargs={"pk": review_pk, "document_pk": document.pk}),
    )


def test_a_drafts_document_is_not_reached_through_the_reviews_documents(
    client, police_lead, reviewer, chronology
):
    document = _linked(police_lead, chronology)
    listing, download, _ = _urls(document)
    client.force_login(reviewer)
    assert "custody-log.pdf" not in client.get(listing).content.decode()
    assert client.get(download).status_code == 404


def test_someone_who_sees_the_review_but_not_its_chronologies_cannot_download_it(
    client, organisation, police_lead, chronology
):
    document = _linked(police_lead, chronology)
    with on(date(2025, 3, 14)):
        chronology_submit(actor=police_lead, chronology=chronology)
    practitioner = make_person(organisation, Role.PRACTITIONER, email="practitioner@example.test")
    listing, download, remove = _urls(document)
    client.force_login(practitioner)
    assert "custody-log.pdf" not in client.get(listing).content.decode()
    assert client.get(download).status_code == 404
    assert client.get(remove).status_code == 404


def test_the_review_team_still_downloads_a_submitted_chronologys_document(
    client, police_lead, reviewer, chronology
):
    document = _linked(police_lead, chronology)
    with on(date(2025, 3, 14)):
        chronology_submit(actor=police_lead, chronology=chronology)
    listing, download, _ = _urls(document)
    client.force_login(reviewer)
    assert "custody-log.pdf" in client.get(listing).content.decode()
    assert client.get(download).status_code == 200
