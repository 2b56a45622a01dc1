"""How pages, the API and services ask policies, and what they do with a "no".

Two answers exist for a refusal. A record the person may not see does not exist for
them: 404, so its existence never leaks. A page or action their role does not allow
answers 403, and both are written to the audit log.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

Policy = Callable[..., bool]


class NotAllowed(PermissionDenied):
    """A service refused an action the actor's roles do not permit."""


def require(allowed: bool, message: str = "You do not have permission to do that") -> None:
    if not allowed:
        raise NotAllowed(message)


def policy(check: Policy):
    """Guard a view with a policy taking the signed-in person; marks the view for the route test."""

    def decorate(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                from .models import AuditAction
                from .services.audit import audit_record

                audit_record(
                    actor=request.user,
                    action=AuditAction.PERMISSION_DENIED,
                    detail={"policy": check.__name__},
                )
                raise PermissionDenied
            return view(request, *args, **kwargs)

        guarded.policy = check
        return guarded

    return decorate


def public(view):
    """Mark a view as deliberately open to people who are not signed in."""
    view.policy = "public"
    return view


def object_or_404(actor, visible, *, model, pk):
    """Fetch `pk` from what the actor may see; record a refusal when it exists elsewhere."""
    try:
        return visible.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        existing = model._default_manager.filter(pk=pk).first() if str(pk).isdigit() else None
        if existing is not None:
            from .models import AuditAction
            from .services.audit import audit_record

            audit_record(actor=actor, action=AuditAction.PERMISSION_DENIED, target=existing)
        raise Http404 from None
