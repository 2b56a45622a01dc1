"""Progress updates on an action (issue 7 item 3): the owner's words, perhaps a move of status,
and evidence files checked by their content and kept outside the web root. A bad file refuses
the whole update, so nothing is half-saved; the page keeps the text typed."""

from django.db import transaction
from django.utils import timezone

from threadline.core.access import require
from threadline.core.models import AuditAction
from threadline.core.services import audit_record
from threadline.core.uploads import DOCUMENT_KINDS, UploadRuleError, check_upload
from threadline.reviews.domain.errors import ReviewRuleError

from .. import policies
from ..domain import actions as rules
from ..models import Action, ActionEvidence, ActionUpdate

MAX_TEXT = 5000
MAX_FILES = 10


def action_update_post(*, actor, action: Action, text: str, status: str = "", files=()) -> ActionUpdate:
    """Post progress on `action`; `status` (optional) is where it moves to; `files` are evidence."""
    require(policies.can_update_action(actor, action))
    text = (text or "").strip()
    problems = []
    if not text:
        problems.append(("text", "Enter the progress made"))
    elif len(text) > MAX_TEXT:
        problems.append(("text", f"The update must be {MAX_TEXT:,} characters or fewer"))
    status = status or action.status
    problem = rules.owner_move_problem(action.status, status)
    if problem:
        problems.append(("status", problem))
    files = [f for f in files if f]
    if len(files) > MAX_FILES:
        problems.append(("files", f"Add {MAX_FILES} files or fewer to one update"))
    checked = []
    for uploaded in files[:MAX_FILES]:
        try:
            checked.append((uploaded, check_upload(uploaded, allowed=DOCUMENT_KINDS, field="files")))
        except UploadRuleError as error:
            problems.append(("files", str(error)))
    if problems:
        raise ReviewRuleError.from_problems(problems)
    stored = []
    try:
        with transaction.atomic():
            current = Action.objects.select_for_update().get(pk=action.pk)
            if current.removed_at is not None:
                raise ReviewRuleError("This action has been removed", "text")
            problem = rules.owner_move_problem(current.status, status)
            if problem:
                raise ReviewRuleError(problem, "status")
            update = ActionUpdate.objects.create(
                action=current, text=text, status_before=current.status, status_after=status, posted_by=actor
            )
            for uploaded, found in checked:
                evidence = ActionEvidence(
                    update=update,
                    original_name=found.name,
                    content_type=found.content_type,
                    size=found.size,
                    sha256=found.sha256,
                )
                evidence.file.save(found.name, uploaded, save=False)
                stored.append((evidence.file.storage, evidence.file.name))
                evidence.save()
            if status != current.status:
                current.status = status
                current.version += 1
            current.updated_at = timezone.now()
            current.save(update_fields=["status", "version", "updated_at"])
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                target=current.review,
                detail={
                    "action": current.pk,
                    "update": update.pk,
                    "status_before": update.status_before,
                    "status_after": status,
                    "evidence": [e.pk for e in update.evidence.all()],
                },
            )
    except BaseException:
        # The update was not kept, so neither are its files (unless another row holds the same bytes).
        for storage, name in stored:
            if not ActionEvidence.objects.filter(file=name).exists():
                storage.delete(name)
        raise
    return update
