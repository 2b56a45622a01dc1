"""Routes of the merged chronology, its analysis and its timeline; folded into urls.py."""

from django.urls import path

from .views import matches, merged, timeline

REVIEW = "review/<int:review_pk>/"

urlpatterns: list = [
    path(REVIEW, merged.merged_chronology, name="merged"),
    path(f"{REVIEW}timeline/", timeline.merged_timeline, name="timeline"),
    path(f"{REVIEW}gaps/", merged.merged_gap_setting, name="gap_setting"),
    path(f"{REVIEW}episodes/", merged.merged_episodes, name="episodes"),
    path(f"{REVIEW}episodes/<int:episode_pk>/remove/", merged.merged_episode_remove, name="episode_remove"),
    path(f"{REVIEW}notes/new/", merged.merged_note_add, name="note_add"),
    path(f"{REVIEW}matches/", matches.merged_matches, name="matches"),
    path(f"{REVIEW}matches/refresh/", matches.merged_matches_refresh, name="matches_refresh"),
    path(f"{REVIEW}matches/<int:match_pk>/", matches.merged_match, name="match"),
]
