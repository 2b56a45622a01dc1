from django.urls import path

from . import views

app_name = "isolation"
urlpatterns = [path("casefiles/<int:pk>/", views.casefile, name="casefile")]
