from django.urls import path

from .views import actions_edit, tracker

urlpatterns = [
    path("tracker/", tracker.tracker, name="tracker"),
    path("tracker/export.xlsx", tracker.tracker_export, name="tracker_export"),
    path("actions/<int:pk>/change/", actions_edit.action_change, name="action_change"),
    path("actions/<int:pk>/remove/", actions_edit.action_remove, name="action_remove"),
]
