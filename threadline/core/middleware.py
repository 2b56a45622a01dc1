import uuid

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse

from .drafts import stash_pending, submitted_text
from .request_context import RequestContext, reset_request_context, set_request_context


def _client_ip(request) -> str | None:
    # Only REMOTE_ADDR is trusted; a proxy in front must set it (e.g. gunicorn --forwarded-allow-ips).
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Makes who and where available to the audit log, and rescues typing after a timeout."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.headers.get("X-Request-Id", "")[:64] or uuid.uuid4().hex
        token = set_request_context(
            RequestContext(
                request_id=request_id,
                ip_address=_client_ip(request),
                user_agent=request.headers.get("User-Agent", ""),
                path=request.get_full_path(),
            )
        )
        try:
            response = self.get_response(request)
        finally:
            reset_request_context(token)
        response["X-Request-Id"] = request_id
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.user.is_authenticated:
            return None
        if getattr(view_func, "keeps_drafts", False):
            stash_pending(request, request.path, submitted_text(request.POST))
            return redirect_to_login(request.path)
        if getattr(view_func, "autosave_endpoint", False):
            path = request.POST.get("draft_key", "")
            from .drafts import path_keeps_drafts

            if path_keeps_drafts(path):
                data = submitted_text(request.POST)
                data.pop("draft_key", None)
                stash_pending(request, path, data)
        return None


TWO_FACTOR_EXEMPT_URL_NAMES = frozenset(
    {
        "mfa_activate_totp",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_reauthenticate",
        "account_reauthenticate",
        "account_logout",
        "account_change_password",
        "account_set_password",
        "healthz",
        "signed_out",
        "accessibility",
        "privacy",
        "session_keepalive",
    }
)


class TwoFactorRequiredMiddleware:
    """Every account must have an authenticator app before it can see anything else."""

    session_flag = "threadline.two_factor_ready"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or request.session.get(self.session_flag):
            return None
        match = request.resolver_match
        if match and match.url_name in TWO_FACTOR_EXEMPT_URL_NAMES:
            return None
        if request.path.startswith("/static/"):
            return None
        from allauth.mfa.models import Authenticator

        if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            request.session[self.session_flag] = True
            return None
        if request.path.startswith("/api/"):
            return None  # the API refuses such accounts itself
        return redirect(reverse("mfa_activate_totp"))
