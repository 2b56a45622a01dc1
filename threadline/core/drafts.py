"""Nothing typed is lost: drafts kept on the server while a person types and when they submit.

A view decorated with `@keeps_drafts` takes part. Its page autosaves to `draft_autosave`,
re-renders with the draft after a timeout, and — when the session expired before the
submit arrived — the middleware keeps the submitted text in the new anonymous session,
sends the person to sign in, and gives the text back to them on the same form afterwards.

What is typed can be case content, so a draft is encrypted at rest (`Draft.data`) and one
nobody has changed for DRAFT_RETENTION_DAYS is deleted by a daily task (`core.tasks`).
"""

import json
from functools import wraps

from django.core.exceptions import ImproperlyConfigured
from django.forms.utils import ErrorDict
from django.urls import Resolver404, resolve

from .crypto import decrypt_text, encrypt_text
from .services.drafts import MAX_DRAFT_FIELD_CHARS, draft_discard, draft_save

PENDING_DRAFTS = "threadline.pending_drafts"
PENDING_RETURN = "threadline.pending_return"
MAX_PENDING_CHARS = 400_000


def keeps_drafts(view):
    view.keeps_drafts = True
    return view


def path_keeps_drafts(path: str, user=None) -> bool:
    """Whether the page at `path` keeps drafts (and, given a person, whether they may use it)."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    if not getattr(match.func, "keeps_drafts", False):
        return False
    check = getattr(match.func, "policy", None)
    if user is not None and callable(check):
        return bool(check(user))
    return True


def submitted_text(post) -> dict[str, str | list[str]]:
    """The text fields of a submitted form; fields with several values keep them all."""
    text: dict[str, str | list[str]] = {}
    for name, values in post.lists():
        if name == "csrfmiddlewaretoken":
            continue
        values = [v[:MAX_DRAFT_FIELD_CHARS] for v in values if isinstance(v, str)]
        text[name] = values[0] if len(values) == 1 else values
    return text


def form_from_draft(form_class, data: dict, **kwargs):
    """A form showing the draft's text, without shouting errors at someone who has not
    submitted yet."""
    form = form_class(data=data, **kwargs)
    form._errors = ErrorDict()
    return form


def stash_pending(request, path: str, data: dict[str, str]) -> None:
    """Keep what an anonymous (timed-out) person submitted until they sign in again."""
    pending = _read_pending(request.session)
    pending[path] = data
    if sum(len(str(v)) for d in pending.values() for v in d.values()) > MAX_PENDING_CHARS:
        pending = {path: data}
    # The session table is not encrypted, so the kept text is (like a Draft's).
    request.session[PENDING_DRAFTS] = encrypt_text(json.dumps(pending))
    request.session[PENDING_RETURN] = path


def _read_pending(session) -> dict:
    stored = session.get(PENDING_DRAFTS)
    if not stored:
        return {}
    try:
        return json.loads(decrypt_text(stored)) if isinstance(stored, str) else dict(stored)
    except (ValueError, ImproperlyConfigured):
        return {}


def claim_pending_drafts(request, user) -> None:
    session = getattr(request, "session", None)
    if session is None:
        return
    pending = _read_pending(session)
    session.pop(PENDING_DRAFTS, None)
    for path, data in pending.items():
        if path_keeps_drafts(path):
            draft_save(actor=user, key=path, data=data)


def pending_return_path(request) -> str | None:
    session = getattr(request, "session", None)
    path = session.pop(PENDING_RETURN, None) if session is not None else None
    return path if path and path_keeps_drafts(path) else None


class DraftedForm:
    """What a drafted form view needs: the draft's text to show, and when to save or drop it."""

    def __init__(self, request):
        from .selectors import draft_for

        self.request = request
        self.key = request.path
        self.draft = draft_for(request.user, self.key)

    @property
    def data(self) -> dict | None:
        return self.draft.data if self.draft else None

    def keep(self, post) -> None:
        text = submitted_text(post)
        if any(text.values()):
            draft_save(actor=self.request.user, key=self.key, data=text)

    def discard(self) -> None:
        draft_discard(actor=self.request.user, key=self.key)


def with_draft(view):
    """Attach `request.drafted` for views that keep drafts."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.drafted = DraftedForm(request)
        return view(request, *args, **kwargs)

    return keeps_drafts(wrapper)
