from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "threadline.learning"
    label = "learning"
    verbose_name = "Learning: findings, recommendations and actions"

    def ready(self) -> None:
        from threadline.core.navigation import NAVIGATION, Section
        from threadline.reviews.extensions import register_action_plan

        from . import panels, policies  # noqa: F401  (panels registers the home page panels)
        from .selectors.plan import action_plan_snapshot
        from .views.plan import action_plan_pdf

        # Every report a review sends to a board carries its action plan (issue 7 item 6).
        register_action_plan(snapshot=action_plan_snapshot, pdf=action_plan_pdf)

        if not any(section.url_name == "learning:tracker" for section in NAVIGATION):
            NAVIGATION.append(Section("Actions", "learning:tracker", policies.can_list_learning, order=25))
