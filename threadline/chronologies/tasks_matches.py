"""The background task that keeps a review's suggested matches up to date, run by
`manage.py db_worker` (django-tasks, database backend)."""

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def refresh_entry_matches(review_id: int) -> dict:
    """Suggest the same events reported by two agencies from their latest submissions; queued
    when an agency submits (services.matches.review_matches_refresh_later)."""
    from .services.matches import review_matches_refresh

    counts = review_matches_refresh(review_id=review_id)
    logger.info("possible matches of review %d: %s", review_id, counts)
    return counts
