from . import urls_entries, urls_exports, urls_imports, urls_merged, urls_requests

app_name = "chronologies"

urlpatterns = [
    *urls_requests.urlpatterns,
    *urls_entries.urlpatterns,
    *urls_imports.urlpatterns,
    *urls_merged.urlpatterns,
    *urls_exports.urlpatterns,
]
