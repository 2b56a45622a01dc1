"""Routes of the review's governance pages; folded into urls.py."""

urlpatterns: list = []
