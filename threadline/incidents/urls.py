from django.urls import path

from .views import actions, incidents, merge, notify

app_name = "incidents"

urlpatterns = [
    path("", incidents.incident_list, name="incident_list"),
    path("notify/", notify.notify_start, name="notify_start"),
    path("notify/check/", notify.notify_check, name="notify_check"),
    path("notify/duplicates/", notify.notify_duplicates, name="notify_duplicates"),
    path("notify/<slug:step>/", notify.notify_step, name="notify_step"),
    path("merge/", merge.merge_start, name="merge"),
    path("<int:pk>/", incidents.incident_detail, name="detail"),
    path("<int:pk>/notified/", notify.notified, name="notified"),
    path("<int:pk>/child/", incidents.identifying_details, name="identifying_details"),
    path("<int:pk>/merge/", merge.merge, name="merge_into"),
    path("<int:pk>/eligibility/", actions.eligibility_override, name="eligibility_override"),
    path("<int:pk>/dates/", actions.event_record, name="event_record"),
    path("<int:pk>/pause/", actions.clock_pause, name="clock_pause"),
    path("<int:pk>/resume/", actions.clock_resume, name="clock_resume"),
    path("<int:pk>/stages/<int:stage>/done/", actions.stage_complete, name="stage_complete"),
    path("<int:pk>/stages/<int:stage>/delay/", actions.deadline_delay, name="deadline_delay"),
]
