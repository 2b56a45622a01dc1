"""Supporting documents of a review (issue 5 item 13): checked by content, kept on the private
storage, downloaded only through the checked view, removed softly, and every step audited."""

import hashlib
from datetime import date

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from threadline.core.access import NotAllowed
from threadline.core.models import AuditAction, AuditEvent, Role
from threadline.core.testing import assert_isolated, make_person
from threadline.frameworks.tests.conftest import error_summary, field_error, page_text
from threadline.reviews.demo_documents import docx, load_demo_data, pdf, xlsx
from threadline.reviews.models import ReviewDocument
from threadline.reviews.selectors.documents import document_of, documents_of, recorded_items
from threadline.reviews.services import ReviewRuleError, review_start
from threadline.reviews.services.documents import review_document_remove, review_document_upload

from .conftest import notified, on

pytestmark = pytest.mark.django_db

PDF = pdf(["Agency summary for the tests"])
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5e1d6ab0000000049454e44ae426082"
)


@pytest.fixture
def practitioner_here(organisation):
    return make_person(organisation, Role.PRACTITIONER, full_name="Pat Practitioner", email="pp@example.test")


@pytest.fixture
def liaison(organisation):
    return make_person(organisation, Role.FAMILY_LIAISON, full_name="Grace Liaison", email="gl@example.test")


def add(actor, review, name="summary.pdf", content=PDF, description="Children's services summary"):
    with on(date(2025, 3, 10)):
        return review_document_upload(
            actor=actor,
            review=review,
            uploaded_file=SimpleUploadedFile(name, content),
            description=description,
        )


def stored_bytes(document) -> bytes:
    with storages["private"].open(document.file.name, "rb") as stored:
        return stored.read()


def audit_of(review, action):
    return [
        e.detail for e in AuditEvent.objects.filter(target_id=str(review.pk), action=action).order_by("pk")
    ]


# --- the services


def test_an_upload_is_kept_on_the_private_storage_under_its_hash_with_what_its_content_is(manager, review):
    document = add(manager, review)
    sha = hashlib.sha256(PDF).hexdigest()
    assert document.file.name == f"reviews/{review.pk}/{sha[:2]}/{sha}"
    assert document.file.storage is storages["private"]
    assert stored_bytes(document) == PDF
    assert (document.original_name, document.content_type, document.size, document.sha256) == (
        "summary.pdf",
        "application/pdf",
        len(PDF),
        sha,
    )
    assert document.uploaded_by == manager and document.description == "Children's services summary"
    created = audit_of(review, AuditAction.CREATE)[-1]
    assert created == {
        "document": document.pk,
        "content_type": "application/pdf",
        "size": len(PDF),
        "sha256": sha,
    }
    assert "summary" not in str(created), "the audit row carries no name or description"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", docx(["Notes"]), "The file is called report.pdf but it is a Word document"),
        (
            "chronology.docx",
            xlsx([("Date", "Event")]),
            "The file is called chronology.docx but it is an Excel",
        ),
        (
            "setup.pdf",
            b"MZ\x90\x00" + b"\x00" * 300,
            "but it is a Windows program, not a PDF, Word, Excel or image",
        ),
        ("notes.txt", b"typed notes", "notes.txt is a text file, not a PDF, Word, Excel or image file"),
        ("empty.pdf", b"", "The selected file is empty"),
    ],
)
def test_a_file_that_lies_about_its_type_or_is_empty_is_refused_and_nothing_is_kept(
    manager, review, name, content, message
):
    with pytest.raises(ReviewRuleError, match=message) as refused:
        add(manager, review, name=name, content=content)
    assert refused.value.field == "file"
    assert not ReviewDocument.objects.exists()
    assert not [detail for detail in audit_of(review, AuditAction.CREATE) if "document" in detail]


def test_a_file_over_the_size_limit_is_refused_with_the_limit(manager, review, settings):
    settings.THREADLINE_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ReviewRuleError, match="The selected file must be smaller than 1 KB"):
        add(manager, review, content=PDF + b"\n" * 1024)
    assert not ReviewDocument.objects.exists()


def test_word_excel_and_images_are_accepted_with_their_detected_type(reviewer, review):
    kinds = {
        "notes.docx": (docx(["Notes of the meeting"]), "wordprocessingml.document"),
        "chronology.xlsx": (xlsx([("Date", "Event")]), "spreadsheetml.sheet"),
        "genogram.png": (PNG, "image/png"),
    }
    for name, (content, content_type) in kinds.items():
        assert content_type in add(reviewer, review, name=name, content=content).content_type
    assert documents_of(review).count() == 3


def test_the_same_file_twice_in_a_review_is_refused_naming_the_one_already_there(manager, chair, review):
    add(manager, review, name="summary v1.pdf")
    with pytest.raises(ReviewRuleError) as refused:
        add(chair, review, name="copy of summary.pdf")
    assert str(refused.value) == (
        "This file is already in the review's documents as “summary v1.pdf”, added by Mia Manager on 10 March 2025"
    )
    assert refused.value.field == "file" and ReviewDocument.objects.count() == 1


def test_the_same_file_may_be_added_to_another_review(manager, organisation, yjs, review):
    with on(date(2025, 3, 6)):
        other = review_start(actor=manager, incident=notified(manager, organisation, yjs))
    add(manager, review)
    assert add(manager, other).review == other


def test_a_long_description_is_refused_by_its_field(manager, review):
    with pytest.raises(ReviewRuleError, match="500 characters or fewer") as refused:
        add(manager, review, description="x" * 501)
    assert refused.value.field == "description"


def test_only_people_with_a_document_role_in_the_lead_organisation_upload(
    practitioner_here, stranger, liaison, review
):
    for person in (practitioner_here, stranger):
        with pytest.raises(NotAllowed):
            add(person, review)
    assert add(liaison, review).uploaded_by == liaison


def test_removing_keeps_the_row_and_reason_deletes_the_file_and_is_audited(
    manager, review, django_capture_on_commit_callbacks
):
    document = add(manager, review)
    name = document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        removed = review_document_remove(
            actor=manager, document=document, reason="Uploaded to the wrong review"
        )
    removed.refresh_from_db()
    assert removed.removed_by == manager and removed.removal_reason == "Uploaded to the wrong review"
    assert removed.removed_at is not None and not removed.file
    assert not storages["private"].exists(name)
    assert document_of(review, document.pk) is None and not documents_of(review).exists()
    assert audit_of(review, AuditAction.DELETE) == [{"document": document.pk, "sha256": document.sha256}]
    # Once removed, the same file may be added again.
    assert add(manager, review).pk != document.pk


def test_removing_needs_a_reason_and_happens_once(manager, review):
    document = add(manager, review)
    with pytest.raises(ReviewRuleError, match="Enter why the document is being removed") as refused:
        review_document_remove(actor=manager, document=document, reason="  ")
    assert refused.value.field == "reason"
    review_document_remove(actor=manager, document=document, reason="Replaced")
    with pytest.raises(ReviewRuleError, match="already been removed"):
        review_document_remove(actor=manager, document=document, reason="Again")


def test_the_uploader_or_a_chair_or_manager_removes_a_document(manager, chair, reviewer, liaison, review):
    mine = add(liaison, review)
    with pytest.raises(NotAllowed):
        review_document_remove(actor=reviewer, document=mine, reason="Not mine to remove")
    assert review_document_remove(actor=liaison, document=mine, reason="Wrong file").removed_by == liaison
    theirs = add(reviewer, review, name="notes.docx", content=docx(["Notes"]))
    assert review_document_remove(actor=chair, document=theirs, reason="Duplicate").removed_by == chair


def test_nothing_is_recorded_for_a_stage_by_the_documents(manager, review):
    add(manager, review)
    assert recorded_items(review) == {}


def test_the_demo_documents_are_added_once(manager, review):
    load_demo_data([review])
    names = set(documents_of(review).values_list("original_name", flat=True))
    assert names == {
        "Police chronology v2.xlsx",
        "Learning meeting notes.docx",
        "Agency summary - Children's Services.pdf",
    }
    load_demo_data([review])
    assert documents_of(review).count() == 3


# --- the pages


def documents_url(review):
    return reverse("reviews:documents", kwargs={"pk": review.pk})


def download_url(document):
    return reverse("reviews:document_download", kwargs={"pk": document.review_id, "document_pk": document.pk})


def remove_url(document):
    return reverse("reviews:document_remove", kwargs={"pk": document.review_id, "document_pk": document.pk})


def test_the_documents_page_lists_them_and_uploads_a_file(client, manager, review):
    client.force_login(manager)
    add(manager, review, name="minutes.pdf", description="Minutes of the panel")
    body = page_text(client.get(documents_url(review)))
    assert "minutes.pdf" in body and "Minutes of the panel" in body and "Mia Manager" in body
    assert 'enctype="multipart/form-data"' in body and 'type="file"' in body
    assert "smaller than 20 MB" in body
    assert f'href="{download_url(ReviewDocument.objects.get())}"' in body
    sent = client.post(
        documents_url(review),
        {"file": SimpleUploadedFile("notes.docx", docx(["Panel notes"])), "description": "Panel notes"},
    )
    assert sent.status_code == 302
    listed = page_text(client.get(documents_url(review)))
    assert "notes.docx has been added to the documents" in listed and "Word document" in listed
    assert audit_of(review, AuditAction.VIEW)[0] == {"page": "documents"}


def test_a_lying_file_shows_the_error_by_the_field_and_keeps_the_description(client, manager, review):
    client.force_login(manager)
    response = client.post(
        documents_url(review),
        {"file": SimpleUploadedFile("report.pdf", docx(["Notes"])), "description": "Police report, final"},
    )
    assert response.status_code == 200
    assert field_error(response, "id_file") == "The file is called report.pdf but it is a Word document"
    assert error_summary(response) == ["The file is called report.pdf but it is a Word document"]
    body = page_text(response)
    assert ">Police report, final</textarea>" in body
    assert "choose it again" in body and "<title>Error: " in body
    assert not ReviewDocument.objects.exists()


def test_a_file_just_over_the_limit_gets_the_friendly_error_not_a_bad_request(
    client, manager, review, settings
):
    settings.THREADLINE_MAX_UPLOAD_BYTES = 4096
    client.force_login(manager)
    response = client.post(
        documents_url(review),
        {"file": SimpleUploadedFile("big.pdf", PDF + b"\n" * (4097 - len(PDF))), "description": "Big one"},
    )
    assert response.status_code == 200
    assert field_error(response, "id_file") == "The selected file must be smaller than 4 KB"
    assert ">Big one</textarea>" in page_text(response)


def test_a_file_just_over_the_default_limit_of_20_mb_gets_the_friendly_error(client, manager, review):
    client.force_login(manager)
    content = PDF + b"\n" * (20 * 1024 * 1024 + 1 - len(PDF))
    response = client.post(documents_url(review), {"file": SimpleUploadedFile("scan.pdf", content)})
    assert response.status_code == 200
    assert field_error(response, "id_file") == "The selected file must be smaller than 20 MB"


def test_without_a_file_or_with_a_long_description_the_page_asks_for_the_file_again(client, manager, review):
    client.force_login(manager)
    assert field_error(client.post(documents_url(review), {}), "id_file") == "Select a file"
    nothing = client.post(documents_url(review), {"description": "Forgot the file"})
    assert field_error(nothing, "id_file") == "Select a file"
    assert ">Forgot the file</textarea>" in page_text(nothing)
    long = client.post(
        documents_url(review), {"file": SimpleUploadedFile("ok.pdf", PDF), "description": "x" * 501}
    )
    assert field_error(long, "id_description") == "The description must be 500 characters or fewer"
    assert field_error(long, "id_file") == "Choose the file again"
    assert not ReviewDocument.objects.exists()


def test_the_upload_still_needs_the_csrf_token(manager, review):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    response = client.post(documents_url(review), {"file": SimpleUploadedFile("a.pdf", PDF)})
    assert response.status_code == 403 and not ReviewDocument.objects.exists()


def test_a_person_who_may_only_read_sees_the_list_without_the_form(
    client, manager, practitioner_here, review
):
    add(manager, review)
    client.force_login(practitioner_here)
    body = page_text(client.get(documents_url(review)))
    assert "summary.pdf" in body and 'type="file"' not in body and "Remove<" not in body
    assert client.post(documents_url(review), {"file": SimpleUploadedFile("a.png", PNG)}).status_code == 403


def test_the_documents_page_is_isolated(client, manager, review):
    assert_isolated(client, documents_url(review), owner=manager)


def test_a_download_is_an_attachment_with_safe_headers_and_is_audited(client, manager, review):
    document = add(manager, review, name="summary.pdf")
    client.force_login(manager)
    response = client.get(download_url(document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="summary.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert {"document": document.pk, "download": True} in audit_of(review, AuditAction.VIEW)


def test_a_file_named_without_an_extension_downloads_with_the_one_of_its_content(client, manager, review):
    document = add(manager, review, name="Genogram", content=PNG)
    client.force_login(manager)
    response = client.get(download_url(document))
    assert response["Content-Disposition"] == 'attachment; filename="Genogram.png"'
    assert response["Content-Type"] == "image/png"


def test_a_download_of_another_organisation_is_not_found_and_audited(client, manager, review):
    document = add(manager, review)
    assert_isolated(client, download_url(document), owner=manager)


def test_a_removed_document_or_one_of_another_review_is_not_found(client, manager, organisation, yjs, review):
    with on(date(2025, 3, 6)):
        other = review_start(actor=manager, incident=notified(manager, organisation, yjs))
    document = add(manager, review)
    elsewhere = add(manager, other, name="other.png", content=PNG)
    client.force_login(manager)
    crossed = reverse("reviews:document_download", kwargs={"pk": review.pk, "document_pk": elsewhere.pk})
    assert client.get(crossed).status_code == 404
    crossed_remove = reverse("reviews:document_remove", kwargs={"pk": review.pk, "document_pk": elsewhere.pk})
    assert client.get(crossed_remove).status_code == 404
    review_document_remove(actor=manager, document=document, reason="Wrong review")
    assert client.get(download_url(document)).status_code == 404
    assert client.get(remove_url(document)).status_code == 404


def test_the_remove_page_asks_why_then_lists_the_document_as_removed_without_a_link(
    client, manager, review, django_capture_on_commit_callbacks
):
    document = add(manager, review, name="draft.pdf")
    client.force_login(manager)
    page = client.get(remove_url(document))
    assert page.status_code == 200 and "Remove draft.pdf" in page_text(page)
    refused = client.post(remove_url(document), {"reason": ""})
    assert field_error(refused, "id_reason") == "Enter why the document is being removed"
    with django_capture_on_commit_callbacks(execute=True):
        removed = client.post(remove_url(document), {"reason": "Replaced by version 3"})
    assert removed.status_code == 302
    body = page_text(client.get(documents_url(review)))
    assert "draft.pdf has been removed" in body
    assert "Removed documents" in body and "Replaced by version 3" in body
    assert download_url(document) not in body and remove_url(document) not in body


def test_the_remove_page_refuses_others_and_is_isolated(client, manager, reviewer, review):
    document = add(manager, review)
    client.force_login(reviewer)
    assert client.get(remove_url(document)).status_code == 403
    assert client.post(remove_url(document), {"reason": "x"}).status_code == 403
    assert_isolated(client, remove_url(document), owner=manager)
