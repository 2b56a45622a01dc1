"""Running on one machine for a demonstration or development: SQLite, console e-mail."""

from .base import *  # noqa: F403
from .base import BASE_DIR

DEBUG = True
SECRET_KEY = SECRET_KEY or "local-only-key-never-used-in-production-3f9a1c"  # noqa: F405
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
THREADLINE_BASE_URL = THREADLINE_BASE_URL or "http://127.0.0.1:8000"  # noqa: F405
# A fixed development key so the demo data stays readable between runs.
FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or ["i0V7dO1E0mZJfP0m7hYg0bq8y3Kk0x2mM4oQxR9vC1A="]  # noqa: F405
STATIC_ROOT = BASE_DIR / "var" / "static"
