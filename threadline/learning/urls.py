from . import urls_actions, urls_chasing, urls_embed, urls_findings, urls_tracker

app_name = "learning"

urlpatterns = [
    *urls_findings.urlpatterns,
    *urls_actions.urlpatterns,
    *urls_tracker.urlpatterns,
    *urls_chasing.urlpatterns,
    *urls_embed.urlpatterns,
]
