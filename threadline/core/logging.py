import logging

from .request_context import current_request_id


class RequestContextFilter(logging.Filter):
    """Adds the request id to each log line so one request's lines can be followed."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id() or "-"
        return True
