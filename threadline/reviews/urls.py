from django.urls import path

from .views import reviews, stages

app_name = "reviews"

urlpatterns = [
    path("", reviews.review_list, name="review_list"),
    path("start/<int:pk>/", reviews.review_start, name="start"),
    path("<int:pk>/", reviews.review_detail, name="detail"),
    path("<int:pk>/stages/<slug:stage_key>/", stages.stage_page, name="stage"),
    path("<int:pk>/stages/<slug:stage_key>/decision/", stages.stage_decision, name="decision"),
    path("<int:pk>/stages/<slug:stage_key>/complete/", stages.stage_complete, name="complete"),
    path("<int:pk>/stages/<slug:stage_key>/reopen/", stages.stage_reopen, name="reopen"),
]
