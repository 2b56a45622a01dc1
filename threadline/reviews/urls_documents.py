"""Routes of the review's documents pages; folded into urls.py."""

urlpatterns: list = []
