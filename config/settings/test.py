"""The test suite: fast hashing, in-memory e-mail, tasks run where a test says so."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key-5b1e0f2a"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
FIELD_ENCRYPTION_KEYS = ["Hk3nN0dQm1d1m8bG9tYzq0Wz2VvF5kq7Jm0yXcR4bS8="]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True
ACCOUNT_RATE_LIMITS = False
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
LOGGING = {"version": 1, "disable_existing_loggers": False}
INSTALLED_APPS = [*INSTALLED_APPS, "tests.isolation"]  # noqa: F405
ROOT_URLCONF = "tests.isolation.root_urls"
# The live server of the browser tests serves static files itself.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
