"""Routes of the review's documents pages; folded into urls.py."""

from django.urls import path

from .views import documents

urlpatterns: list = [
    path("<int:pk>/documents/", documents.review_documents, name="documents"),
    path(
        "<int:pk>/documents/<int:document_pk>/download/",
        documents.review_document_download,
        name="document_download",
    ),
    path(
        "<int:pk>/documents/<int:document_pk>/remove/",
        documents.review_document_remove_page,
        name="document_remove",
    ),
]
