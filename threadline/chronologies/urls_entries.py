"""Routes of the entries pages; folded into urls.py."""

urlpatterns: list = []
