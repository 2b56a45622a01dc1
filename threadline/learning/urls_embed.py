from django.urls import path

from .views import embed as views

urlpatterns = [
    path("review/<int:review_pk>/embed/", views.embed, name="embed"),
    path("embed/", views.embed_board, name="embed_board"),
]
