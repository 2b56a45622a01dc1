from django.apps import AppConfig


class ChronologiesConfig(AppConfig):
    name = "threadline.chronologies"
    label = "chronologies"
    verbose_name = "Chronologies"

    def ready(self):
        from . import panels  # noqa: F401 — registers the home panel
