from django.urls import path

from .views import findings, recommendations, themes

urlpatterns = [
    path("review/<int:review_pk>/findings/", findings.findings, name="findings"),
    path("review/<int:review_pk>/findings/add/", findings.finding_add_page, name="finding_add"),
    path("review/<int:review_pk>/findings/<int:pk>/", findings.finding_change_page, name="finding_change"),
    path(
        "review/<int:review_pk>/recommendations/add/",
        recommendations.recommendation_add_page,
        name="recommendation_add",
    ),
    path(
        "review/<int:review_pk>/recommendations/<int:pk>/",
        recommendations.recommendation_change_page,
        name="recommendation_change",
    ),
    path("themes/", themes.themes, name="themes"),
    path("themes/<int:pk>/", themes.theme_change, name="theme_change"),
]
