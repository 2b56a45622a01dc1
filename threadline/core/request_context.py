"""Who is asking and from where, for the audit log, without threading request through services."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    ip_address: str | None
    user_agent: str
    path: str


_current: ContextVar[RequestContext | None] = ContextVar("threadline_request", default=None)


def set_request_context(context: RequestContext | None):
    return _current.set(context)


def reset_request_context(token) -> None:
    _current.reset(token)


def current_request_context() -> RequestContext | None:
    return _current.get()


def current_request_id() -> str | None:
    context = _current.get()
    return context.request_id if context else None
