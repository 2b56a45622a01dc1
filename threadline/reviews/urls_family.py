"""Routes of the review's family pages; folded into urls.py."""

urlpatterns: list = []
