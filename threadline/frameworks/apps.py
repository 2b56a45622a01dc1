from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "threadline.frameworks"
    label = "frameworks"
    verbose_name = "Threadline frameworks"

    def ready(self):
        from threadline.core.navigation import NAVIGATION, Section

        from . import policies

        if not any(section.url_name == "frameworks:framework_list" for section in NAVIGATION):
            NAVIGATION.append(
                Section("Frameworks", "frameworks:framework_list", policies.can_manage_frameworks, order=82)
            )
