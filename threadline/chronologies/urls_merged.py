"""Routes of the merged pages; folded into urls.py."""

urlpatterns: list = []
