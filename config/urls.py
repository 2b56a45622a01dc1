from django.conf import settings
from django.urls import include, path

urlpatterns = [
    path("", include("threadline.core.urls")),
    path("account/", include("threadline.core.account_urls")),
    path("frameworks/", include("threadline.frameworks.urls")),
    path("incidents/", include("threadline.incidents.urls")),
    path("reviews/", include("threadline.reviews.urls")),
    path("chronologies/", include("threadline.chronologies.urls")),
    path("learning/", include("threadline.learning.urls")),
    path("api/", include("threadline.api.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
