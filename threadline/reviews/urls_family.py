"""Routes of the review's family pages; folded into urls.py."""

from django.urls import path

from .views import family

urlpatterns: list = [
    path("<int:pk>/family/", family.family_page, name="family"),
    path("<int:pk>/family/strategy/", family.family_strategy, name="family_strategy"),
    path("<int:pk>/family/contacts/add/", family.family_contact_add, name="family_contact_add"),
    path("<int:pk>/family/views/add/", family.family_view_add, name="family_view_add"),
    path("<int:pk>/family/consent/add/", family.family_consent_add, name="family_consent_add"),
    path("<int:pk>/family/feedback/add/", family.family_feedback_add, name="family_feedback_add"),
    path(
        "<int:pk>/family/feedback/<int:feedback_pk>/respond/",
        family.family_feedback_respond,
        name="family_feedback_respond",
    ),
]
