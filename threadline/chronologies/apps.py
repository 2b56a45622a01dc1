from django.apps import AppConfig


class ChronologiesConfig(AppConfig):
    name = "threadline.chronologies"
    label = "chronologies"
    verbose_name = "Chronologies"

    def ready(self):
        from threadline.core.tasks import register_daily_purge

        from . import panels  # noqa: F401 — registers the home panel
        from .services.exports import chronology_exports_purge

        register_daily_purge("chronology exports", chronology_exports_purge)
