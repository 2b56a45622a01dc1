"""Routes of the review's meetings pages; folded into urls.py."""

from django.urls import path

from .views import meetings

MEETING = "<int:pk>/meetings/<int:meeting_pk>"

urlpatterns: list = [
    path("<int:pk>/meetings/", meetings.review_meetings, name="meetings"),
    path("<int:pk>/meetings/add/", meetings.meeting_add, name="meeting_add"),
    path(f"{MEETING}/", meetings.meeting_detail, name="meeting"),
    path(f"{MEETING}/record/", meetings.meeting_edit_texts, name="meeting_edit_texts"),
    path(f"{MEETING}/change/", meetings.meeting_change, name="meeting_change"),
    path(f"{MEETING}/cancel/", meetings.meeting_cancel, name="meeting_cancel"),
    path(f"{MEETING}/attendance/", meetings.meeting_attendance, name="meeting_attendance"),
    path(f"{MEETING}/meeting.ics", meetings.meeting_ics, name="meeting_ics"),
]
