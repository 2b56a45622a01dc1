"""Routes of the review's team pages; folded into urls.py."""

from django.urls import path

from .views import team

urlpatterns: list = [
    path("<int:pk>/team/", team.team, name="team"),
    path("<int:pk>/team/add/", team.team_member_add, name="team_member_add"),
    path("<int:pk>/team/<int:member_pk>/declare/", team.team_member_declare, name="team_member_declare"),
    path("<int:pk>/team/<int:member_pk>/conflict/", team.team_conflict, name="team_conflict"),
    path("<int:pk>/team/<int:member_pk>/remove/", team.team_member_remove, name="team_member_remove"),
    path(
        "<int:pk>/team/agencies/<int:agency_pk>/remove/",
        team.team_agency_remove,
        name="team_agency_remove",
    ),
]
