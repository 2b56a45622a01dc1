from django.db import transaction

from threadline.core import policies
from threadline.core.access import require
from threadline.core.models import AuditAction
from threadline.core.services import audit_record

from .models import ApiToken, hash_token


def api_token_issue(*, actor, person, name: str) -> tuple[ApiToken, str]:
    """Issue a token for a partner system's account. The raw token is returned once and
    only its hash is kept. `actor` None means the operator at the command line."""
    require(actor is None or policies.can_manage_people(actor))
    raw = ApiToken.new_raw_key()
    with transaction.atomic():
        token = ApiToken.objects.create(
            person=person, name=name.strip(), key_hash=hash_token(raw), prefix=raw[:8]
        )
        audit_record(
            actor=actor,
            actor_label="" if actor else "command line",
            action=AuditAction.CREATE,
            target=token,
            organisation=min(person.organisation_ids(), default=None),
            detail={"api_token_for": person.email, "name": token.name, "prefix": token.prefix},
        )
    return token, raw
