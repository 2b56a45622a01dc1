from django.urls import path

from .views import chasing as views

urlpatterns = [
    path("chasing/", views.chasing, name="chasing"),
]
