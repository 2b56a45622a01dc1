from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "threadline.learning"
    label = "learning"
    verbose_name = "Learning: findings, recommendations and actions"

    def ready(self) -> None:
        from threadline.core.navigation import NAVIGATION, Section

        from . import panels, policies  # noqa: F401  (panels registers the home page panels)

        if not any(section.url_name == "learning:tracker" for section in NAVIGATION):
            NAVIGATION.append(Section("Actions", "learning:tracker", policies.can_list_learning, order=25))
