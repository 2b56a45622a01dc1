from django.apps import AppConfig


class IsolationConfig(AppConfig):
    name = "tests.isolation"
    label = "isolation"
