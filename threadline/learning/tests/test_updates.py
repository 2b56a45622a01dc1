# ruff: noqa: F811
"""Progress updates with evidence files: a bad file refuses the whole update with the file's
message, and the evidence leaves the server only through the checked, audited download."""

from datetime import date

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from threadline.core.models import AuditAction, AuditEvent
from threadline.reviews.demo_documents import pdf
from threadline.reviews.domain.errors import ReviewRuleError
from threadline.reviews.tests.conftest import chair, incident, on, review, yjs  # noqa: F401

from ..models import ActionEvidence, ActionStatus
from ..services.updates import action_update_post
from .fixtures_actions import action, partner_colleague, partner_lead, partner_owner, recommendation  # noqa: F401

pytestmark = pytest.mark.django_db

PDF = pdf(["Training register"])


def post(actor, action, files=(), **changes):
    values = {"text": "Twelve of fifteen trained", "status": "in-progress"} | changes
    with on(date(2025, 3, 25)):
        return action_update_post(actor=actor, action=action, files=files, **values)


def test_an_update_with_evidence_is_kept_on_the_private_storage(action, partner_owner, review):
    update = post(partner_owner, action, files=[SimpleUploadedFile("register.pdf", PDF)])
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS and update.status_before == ActionStatus.NOT_STARTED
    evidence = update.evidence.get()
    assert evidence.original_name == "register.pdf" and evidence.content_type == "application/pdf"
    with storages["private"].open(evidence.file.name, "rb") as stored:
        assert stored.read() == PDF
    detail = AuditEvent.objects.filter(target_id=str(review.pk)).order_by("pk").last().detail
    assert detail["update"] == update.pk and detail["evidence"] == [evidence.pk]
    assert "trained" not in str(detail)


def test_a_file_of_the_wrong_type_refuses_the_whole_update(action, partner_owner):
    with pytest.raises(ReviewRuleError) as refused:
        post(
            partner_owner, action, files=[SimpleUploadedFile("register.pdf", b"<html><body>hi</body></html>")]
        )
    assert refused.value.field == "files"
    assert "register.pdf" in str(refused.value)
    assert not action.updates.exists() and not ActionEvidence.objects.exists()


def test_a_file_too_big_is_refused_with_the_limit(action, partner_owner, settings):
    settings.THREADLINE_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ReviewRuleError, match="must be smaller than 1 KB") as refused:
        post(partner_owner, action, files=[SimpleUploadedFile("big.pdf", PDF + b"0" * 2048)])
    assert refused.value.field == "files"
    assert not action.updates.exists()


def test_text_is_required_and_the_owner_cannot_evidence(action, partner_owner):
    with pytest.raises(ReviewRuleError) as refused:
        post(partner_owner, action, text="  ", status="evidenced")
    assert dict(refused.value.problems) == {
        "text": "Enter the progress made",
        "status": "Only the review's chair or a manager can confirm the evidence or check an action back",
    }


def test_the_evidence_download_is_checked_and_audited(
    client, action, partner_owner, partner_colleague, review
):
    update = post(partner_owner, action, files=[SimpleUploadedFile("register.pdf", PDF)])
    evidence = update.evidence.get()
    url = reverse("learning:action_evidence_download", kwargs={"pk": action.pk, "evidence_pk": evidence.pk})
    client.force_login(partner_owner)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(
        actor=partner_owner, action=AuditAction.VIEW, target_id=str(review.pk), detail__evidence=evidence.pk
    ).exists()
    client.force_login(partner_colleague)
    assert client.get(url).status_code == 404
