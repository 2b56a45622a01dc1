from rest_framework.permissions import BasePermission

from threadline.core.policies import is_signed_in


class SignedInWithTwoFactor(BasePermission):
    """Session users must have finished two-factor set-up; token users are partner systems."""

    message = "Set up two-factor sign-in before using the API"

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated and is_signed_in(user)):
            return False
        if request.auth is not None:
            return True
        from allauth.mfa.models import Authenticator

        return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def policy_permission(check):
    """A DRF permission built from an app policy, so the route test can see which one guards it."""

    class PolicyPermission(SignedInWithTwoFactor):
        policy = check

        def has_permission(self, request, view):
            if not super().has_permission(request, view):
                return False
            if check(request.user):
                return True
            # As on the pages (threadline.core.access.policy): a refusal is in the audit log.
            from threadline.core.models import AuditAction
            from threadline.core.services import audit_record

            audit_record(
                actor=request.user, action=AuditAction.PERMISSION_DENIED, detail={"policy": check.__name__}
            )
            return False

    PolicyPermission.__name__ = f"Policy_{check.__name__}"
    return PolicyPermission
