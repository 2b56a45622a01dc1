from django.contrib.auth import logout
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ..access import policy, public
from ..guide import GUIDES
from ..policies import is_signed_in


@public
@never_cache
def healthz(request):
    """For load balancers and monitoring: answers 200 only when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 — any failure means unhealthy
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@public
def accessibility(request):
    return render(request, "core/pages/accessibility.html")


@public
def privacy(request):
    return render(request, "core/pages/privacy.html")


@policy(is_signed_in)
def guide(request):
    return render(request, "core/pages/guide.html", {"guides": GUIDES})


@policy(is_signed_in)
def guide_role(request, role):
    entry = next((g for g in GUIDES if g.slug == role), None)
    if entry is None:
        raise Http404
    return render(request, "core/pages/guide_role.html", {"entry": entry})


@public
@require_http_methods(["GET", "POST"])
def signed_out(request):
    """The page after signing out. The idle timeout signs the person out by POSTing here (with
    the CSRF token) before showing it: a link from elsewhere to this page signs no one out."""
    if request.method == "POST":
        if request.user.is_authenticated:
            logout(request)
        return redirect(f"{reverse('core:signed_out')}?{request.GET.urlencode()}")
    timed_out = request.GET.get("reason") == "timeout"
    next_path = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_path, allowed_hosts={request.get_host()}):
        next_path = ""
    return render(request, "core/pages/signed_out.html", {"timed_out": timed_out, "next_path": next_path})
