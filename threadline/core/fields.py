"""Identifying details encrypted at rest, and blind indexes to find them without decrypting."""

import hashlib
import hmac
import json
import unicodedata

from django.conf import settings
from django.db import models

from .crypto import decrypt_text, encrypt_text


class EncryptedTextField(models.TextField):
    """Stored as a Fernet token; read back as the plain text. Never filter on it: use a
    blind index beside it."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt_text(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(str(value))


class EncryptedJSONField(models.TextField):
    """JSON (a dict or a list) serialised, then stored as a Fernet token; read back as the
    dict or list. For case content kept outside the case records (a draft of the child's
    name, say). Never filter on it.

    A value written before the column was encrypted (plain JSON text) still reads back, so
    a database part-way through the migration that encrypts existing rows keeps working.
    """

    description = "JSON encrypted at rest"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return self._loads(value)

    def to_python(self, value):
        if isinstance(value, str):
            return self._loads(value) if value else None
        return value

    def get_prep_value(self, value):
        if value is None:
            return value
        return encrypt_text(json.dumps(value))

    def value_to_string(self, obj):
        # Serialisers (dumpdata) get the value itself, as for a JSONField.
        return self.value_from_object(obj)

    @staticmethod
    def _loads(text: str):
        try:
            # Written before the column was encrypted. A Fernet token is never JSON: it is
            # URL-safe base64 starting "gAAAAA", without quotes.
            return json.loads(text)
        except ValueError:
            return json.loads(decrypt_text(text))


def _index_key() -> bytes:
    explicit = getattr(settings, "BLIND_INDEX_KEY", "")
    material = explicit or (settings.FIELD_ENCRYPTION_KEYS[-1] if settings.FIELD_ENCRYPTION_KEYS else "")
    return hashlib.sha256(b"threadline-blind-index:" + material.encode()).digest()


def normalise_for_matching(text: str) -> str:
    """Case, accents, punctuation and spacing do not make a different child."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def blind_index(*parts: str) -> str:
    message = "\x1f".join(normalise_for_matching(p) for p in parts)
    return hmac.new(_index_key(), message.encode(), hashlib.sha256).hexdigest()
