"""Identifying details encrypted at rest, and blind indexes to find them without decrypting."""

import hashlib
import hmac
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
