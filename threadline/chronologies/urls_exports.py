"""Routes of the exports pages; folded into urls.py."""

urlpatterns: list = []
