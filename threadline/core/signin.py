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


def _first_set_up_counts_as_recent(sender, request, method, user, **kwargs):
    """A person setting up two-factor for the first time has just typed their password:
    allauth would ask for it again before showing the set-up page. Their sign-in counts as
    the recent confirmation, but only until an authenticator exists."""
    if method != "password" or request is None:
        return
    from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
    from allauth.mfa.models import Authenticator

    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        return
    records = list(request.session.get(AUTHENTICATION_METHODS_SESSION_KEY, []))
    if records:
        records[-1] = {**records[-1], "reauthenticated": True}
        request.session[AUTHENTICATION_METHODS_SESSION_KEY] = records


def _connect_allauth_signals():
    from allauth.account.signals import authentication_step_completed

    authentication_step_completed.connect(
        _first_set_up_counts_as_recent, dispatch_uid="threadline.first_set_up_counts_as_recent"
    )


_connect_allauth_signals()
