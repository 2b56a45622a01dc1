from django.urls import path

from . import views

app_name = "frameworks"

urlpatterns = [
    path("", views.framework_list, name="framework_list"),
    path("versions/<int:pk>/", views.version_detail, name="version_detail"),
    path("versions/<int:pk>/copy", views.version_copy, name="version_copy"),
    path("versions/<int:pk>/publish", views.version_publish, name="version_publish"),
    path("versions/<int:pk>/retire", views.version_retire, name="version_retire"),
    path("versions/<int:pk>/delete", views.version_discard, name="version_discard"),
    path("versions/<int:pk>/stages/new", views.stage_add, name="stage_add"),
    path("stages/<int:pk>/edit", views.stage_edit, name="stage_edit"),
    path("stages/<int:pk>/remove", views.stage_remove, name="stage_remove"),
    path("stages/<int:pk>/move", views.stage_move, name="stage_move"),
]
