from django.urls import path

from . import incident_views, views

app_name = "api"

urlpatterns = [
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("v1/me", views.MeView.as_view(), name="me"),
    path("v1/organisations", views.OrganisationListView.as_view(), name="organisation_list"),
    path("v1/organisations/<int:pk>", views.OrganisationDetailView.as_view(), name="organisation_detail"),
    path("v1/incidents", incident_views.IncidentListView.as_view(), name="incident_list"),
    path("v1/incidents/<int:pk>", incident_views.IncidentDetailView.as_view(), name="incident_detail"),
]
