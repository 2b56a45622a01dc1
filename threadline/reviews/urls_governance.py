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
]
