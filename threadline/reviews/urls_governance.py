"""Routes of the review's governance pages; folded into urls.py."""

from django.urls import path

from .views import governance

urlpatterns: list = [
    path("<int:pk>/governance/", governance.review_governance, name="governance"),
    path("<int:pk>/governance/submit/", governance.review_governance_submit_page, name="governance_submit"),
    path(
        "<int:pk>/governance/<int:submission_pk>/outcome/",
        governance.review_governance_outcome,
        name="governance_outcome",
    ),
    path(
        "<int:pk>/governance/<int:submission_pk>/action-plan/",
        governance.review_governance_action_plan,
        name="governance_action_plan",
    ),
    path(
        "<int:pk>/governance/<int:submission_pk>/action-plan.pdf",
        governance.review_governance_action_plan_pdf,
        name="governance_action_plan_pdf",
    ),
]
