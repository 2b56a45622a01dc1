"""Routes of the review's meetings pages; folded into urls.py."""

urlpatterns: list = []
