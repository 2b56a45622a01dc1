"""Routes of the review's terms pages; folded into urls.py."""

urlpatterns: list = []
