from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "threadline.reviews"
    label = "reviews"
    verbose_name = "Reviews"

    def ready(self):
        from threadline.core.navigation import NAVIGATION, Section

        from . import panels, panels_governance, policies  # noqa: F401 — the panels register themselves

        if not any(section.url_name == "reviews:review_list" for section in NAVIGATION):
            NAVIGATION.append(Section("Reviews", "reviews:review_list", policies.can_list_reviews, order=20))
