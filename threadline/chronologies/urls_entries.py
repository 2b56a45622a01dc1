"""Routes of an agency's chronology page and its entries; folded into urls.py."""

from django.urls import path

from .views import entries

urlpatterns = [
    path("<int:pk>/", entries.chronology_page, name="chronology"),
    path("<int:pk>/entries/add/", entries.entry_add, name="entry_add"),
    path("<int:pk>/entries/<int:entry_pk>/change/", entries.entry_change, name="entry_change"),
    path("<int:pk>/entries/<int:entry_pk>/remove/", entries.entry_remove, name="entry_remove"),
    path(
        "<int:pk>/entries/<int:entry_pk>/documents/add/",
        entries.entry_document_add,
        name="entry_document_add",
    ),
    path(
        "<int:pk>/documents/<int:document_pk>/",
        entries.entry_document_download,
        name="entry_document_download",
    ),
]
