"""Who may see and change frameworks."""

from threadline.core import policies as core_policies
from threadline.core.models import User


def can_view_frameworks(actor: User) -> bool:
    """Frameworks are public rules, not case records: anyone signed in may read them."""
    return core_policies.is_signed_in(actor)


def can_manage_frameworks(actor: User) -> bool:
    return core_policies.is_signed_in(actor) and actor.is_system_administrator


def can_view_draft_versions(actor: User) -> bool:
    """Drafts are work in progress of the system administrators."""
    return can_manage_frameworks(actor)
