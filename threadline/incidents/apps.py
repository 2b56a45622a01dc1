from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "threadline.incidents"
    label = "incidents"
    verbose_name = "Incidents"

    def ready(self):
        from threadline.core.navigation import NAVIGATION, Section

        from . import panels, policies  # noqa: F401 — panels registers the home panels

        if not any(section.url_name == "incidents:incident_list" for section in NAVIGATION):
            NAVIGATION.append(
                Section("Incidents", "incidents:incident_list", policies.can_list_incidents, order=10)
            )
