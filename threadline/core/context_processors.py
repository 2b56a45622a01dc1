from django.conf import settings

from .navigation import navigation_for


def service(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "service_name": "Threadline",
        "phase": settings.THREADLINE_PHASE,
        "navigation": navigation_for(request) if signed_in else [],
        "session_idle_seconds": settings.SESSION_IDLE_SECONDS,
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
        "session_idle_minutes": max(1, settings.SESSION_IDLE_SECONDS // 60),
        "session_warning_minutes": max(1, settings.SESSION_WARNING_SECONDS // 60),
    }
