"""Routes of the review's team pages; folded into urls.py."""

urlpatterns: list = []
