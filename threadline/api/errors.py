from django.http import Http404
from rest_framework.views import exception_handler as drf_exception_handler


def _flatten(data, prefix: str = ""):
    """(field, message) pairs from DRF's error data, nested fields as dotted paths:
    {"child": {"date_of_birth": [...]}} -> "child.date_of_birth", and items of a list of
    objects by position: "told[1].told_on"."""
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, int):  # a list of objects' errors, by position
                yield from _flatten(value, f"{prefix}[{key}]")
                continue
            name = key if key not in ("detail", "non_field_errors") else ""
            yield from _flatten(value, f"{prefix}.{name}" if prefix and name else (name or prefix))
    elif isinstance(data, list):
        if all(not isinstance(item, dict | list) for item in data):
            for message in data:
                yield prefix, str(message)
        else:
            for index, item in enumerate(data):
                if item:
                    yield from _flatten(item, f"{prefix}[{index}]")
    else:
        yield prefix, str(data)


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
    response.data = {
        "errors": [{"field": field or None, "message": message} for field, message in _flatten(response.data)]
    }
    return response
