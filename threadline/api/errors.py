from django.http import Http404
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """Errors as {"errors": [{"field": ..., "message": ...}]}, so partner systems can show
    each message next to the right field as people do on the pages."""
    if isinstance(exc, Http404):
        exc_response = drf_exception_handler(exc, context)
        exc_response.data = {"errors": [{"field": None, "message": "Not found"}]}
        return exc_response
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    errors = []
    if isinstance(data, dict):
        for field, messages in data.items():
            if not isinstance(messages, list):
                messages = [messages]
            for message in messages:
                errors.append(
                    {
                        "field": None if field in ("detail", "non_field_errors") else field,
                        "message": str(message),
                    }
                )
    elif isinstance(data, list):
        errors = [{"field": None, "message": str(m)} for m in data]
    response.data = {"errors": errors}
    return response
