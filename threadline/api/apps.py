from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "threadline.api"
    label = "api"
    verbose_name = "Threadline API"
