from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "threadline.learning"
    label = "learning"
    verbose_name = "Learning: findings, recommendations and actions"

    def ready(self) -> None:
        from . import panels  # noqa: F401  (registers the home page panels)
