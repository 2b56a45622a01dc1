from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import time_format
from django.views.decorators.http import require_POST

from ..access import policy
from ..drafts import path_keeps_drafts, submitted_text
from ..policies import can_keep_drafts, is_signed_in
from ..services import draft_discard, draft_save


@require_POST
def draft_autosave(request):
    """Keep what a person is typing. Answers JSON; an expired session answers 401 (the
    middleware has already kept the text for after they sign in)."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": "signed out"}, status=401)
    if not can_keep_drafts(request.user):
        return JsonResponse({"error": "not allowed"}, status=403)
    key = request.POST.get("draft_key", "")
    if not path_keeps_drafts(key):
        return JsonResponse({"error": "this form does not keep drafts"}, status=400)
    if not path_keeps_drafts(key, request.user):
        return JsonResponse({"error": "not allowed"}, status=403)
    data = submitted_text(request.POST)
    data.pop("draft_key", None)
    draft = draft_save(actor=request.user, key=key, data=data)
    return JsonResponse({"saved_at": time_format(timezone.localtime(draft.updated_at), "H:i:s")})


draft_autosave.policy = can_keep_drafts
draft_autosave.autosave_endpoint = True


@require_POST
@policy(can_keep_drafts)
def draft_discard_view(request):
    key = request.POST.get("draft_key", "")
    if path_keeps_drafts(key, request.user):
        draft_discard(actor=request.user, key=key)
        return redirect(key)
    return redirect("core:home")


@require_POST
@policy(is_signed_in)
def session_keepalive(request):
    # Any signed-in request renews the session; this one exists for "Stay signed in".
    return JsonResponse({"idle_seconds": request.session.get_expiry_age()})
