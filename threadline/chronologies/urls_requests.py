"""Routes of the requests pages; folded into urls.py."""

urlpatterns: list = []
