"""Routes of the imports pages; folded into urls.py."""

from django.urls import path

from .views import imports

urlpatterns: list = [
    path("<int:chronology_pk>/import/", imports.import_start, name="import_start"),
    path(
        "<int:chronology_pk>/import/template/<str:file_format>/",
        imports.import_template,
        name="import_template",
    ),
    path("imports/<int:pk>/", imports.import_page, name="import"),
]
