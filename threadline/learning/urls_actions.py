from django.urls import path

from .views import actions as views
from .views import plan

urlpatterns = [
    path("review/<int:review_pk>/actions/", views.actions, name="actions"),
    path("review/<int:review_pk>/action-plan.pdf", plan.action_plan_download, name="action_plan_pdf"),
    path("recommendations/<int:rec_pk>/actions/add/", views.action_add, name="action_add"),
    path("actions/<int:pk>/", views.action, name="action"),
    path(
        "actions/<int:pk>/evidence/<int:evidence_pk>/",
        views.action_evidence_download,
        name="action_evidence_download",
    ),
    path("my-actions/", views.my_actions, name="my_actions"),
]
