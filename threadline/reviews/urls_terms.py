"""Routes of the review's terms pages; folded into urls.py."""

from django.urls import path

from .views import terms

urlpatterns: list = [
    path("<int:pk>/terms/", terms.review_terms, name="terms"),
    path("<int:pk>/terms/edit/", terms.review_terms_edit, name="terms_edit"),
    path("<int:pk>/terms/versions/<int:number>/", terms.review_terms_version, name="terms_version"),
    path("<int:pk>/terms/compare/", terms.review_terms_compare, name="terms_compare"),
    path("<int:pk>/terms/agree/", terms.review_terms_agree, name="terms_agree"),
]
