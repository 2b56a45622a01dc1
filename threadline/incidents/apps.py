from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "threadline.incidents"
    label = "incidents"
    verbose_name = "Incidents"
