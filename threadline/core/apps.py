from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "threadline.core"
    label = "core"
    verbose_name = "Threadline core"

    def ready(self):
        from . import panels, signin  # noqa: F401 — registers home panels and sign-in receivers
