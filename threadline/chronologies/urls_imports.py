"""Routes of the imports pages; folded into urls.py."""

urlpatterns: list = []
