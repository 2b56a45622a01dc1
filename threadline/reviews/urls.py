from django.urls import path

from . import urls_documents, urls_family, urls_governance, urls_meetings, urls_team, urls_terms
from .views import costs, proceedings, reviews, stages

app_name = "reviews"

urlpatterns = [
    path("", reviews.review_list, name="review_list"),
    path("start/<int:pk>/", reviews.review_start, name="start"),
    path("<int:pk>/", reviews.review_detail, name="detail"),
    path("<int:pk>/costs/", costs.review_costs, name="costs"),
    path("<int:pk>/costs/export/", costs.review_costs_export, name="costs_export"),
    path("<int:pk>/proceedings/", proceedings.review_proceedings, name="proceedings"),
    path(
        "<int:pk>/proceedings/<int:proceeding_pk>/end/",
        proceedings.review_proceeding_end,
        name="proceeding_end",
    ),
    path("<int:pk>/stages/<slug:stage_key>/", stages.stage_page, name="stage"),
    path("<int:pk>/stages/<slug:stage_key>/decision/", stages.stage_decision, name="decision"),
    path("<int:pk>/stages/<slug:stage_key>/complete/", stages.stage_complete, name="complete"),
    path("<int:pk>/stages/<slug:stage_key>/reopen/", stages.stage_reopen, name="reopen"),
    *urls_terms.urlpatterns,
    *urls_team.urlpatterns,
    *urls_meetings.urlpatterns,
    *urls_family.urlpatterns,
    *urls_governance.urlpatterns,
    *urls_documents.urlpatterns,
]
