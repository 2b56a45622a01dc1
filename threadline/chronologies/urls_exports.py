"""Routes of the exports pages; folded into urls.py."""

from django.urls import path

from .views import exports

urlpatterns: list = [
    path("review/<int:review_pk>/export/", exports.chronology_export, name="export"),
    path("exports/<int:pk>/", exports.chronology_export_status, name="export_status"),
    path("exports/<int:pk>/download/", exports.chronology_export_download_file, name="export_download"),
]
