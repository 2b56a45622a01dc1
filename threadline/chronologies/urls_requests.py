"""Routes of the requests pages (asking agencies, changing and withdrawing a request) and of
submitting a chronology and its versions; folded into urls.py."""

from django.urls import path

from .views import requests, versions

urlpatterns = [
    path("review/<int:review_pk>/requests/", requests.chronology_requests, name="requests"),
    path("<int:pk>/request/change/", requests.chronology_request_change, name="request_change"),
    path("<int:pk>/request/withdraw/", requests.chronology_request_withdraw, name="request_withdraw"),
    path("<int:pk>/submit/", versions.chronology_submit, name="submit"),
    path("<int:pk>/versions/", versions.chronology_versions, name="versions"),
    path("<int:pk>/versions/new/", versions.chronology_version_open, name="version_open"),
    path("<int:pk>/versions/compare/", versions.chronology_version_compare, name="version_compare"),
    path("<int:pk>/versions/<int:number>/", versions.chronology_version, name="version"),
]
