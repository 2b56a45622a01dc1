"""Glue between sign-in libraries and the audit log."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import AuditAction, User
from .services.audit import audit_record


def axes_username(request, credentials):
    """allauth signs people in by e-mail; axes must count failures against that address."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("login") or credentials.get("username")
    if not value and request is not None and request.method == "POST":
        value = request.POST.get("login") or request.POST.get("email")
    return (value or "").strip().lower()


@receiver(user_logged_in)
def _audit_sign_in(sender, request, user, **kwargs):
    audit_record(actor=user, action=AuditAction.SIGN_IN, target=user)
    if request is not None:
        from .drafts import claim_pending_drafts

        claim_pending_drafts(request, user)


@receiver(user_logged_out)
def _audit_sign_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action=AuditAction.SIGN_OUT, target=user)


@receiver(user_login_failed)
def _audit_failed_sign_in(sender, credentials, request=None, **kwargs):
    attempted = axes_username(request, credentials)
    person = User.objects.filter(email__iexact=attempted).first() if attempted else None
    audit_record(
        actor=None,
        actor_label=attempted[:320],
        action=AuditAction.FAILED_SIGN_IN,
        target=person,
        detail={"attempted": attempted[:320]},
    )
