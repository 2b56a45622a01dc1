from . import urls_actions, urls_findings

app_name = "learning"

urlpatterns = [*urls_findings.urlpatterns, *urls_actions.urlpatterns]
