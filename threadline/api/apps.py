from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "threadline.api"
    label = "api"
    verbose_name = "Threadline API"

    def ready(self):
        from . import schema  # noqa: F401 — registers the token scheme with the OpenAPI generator
