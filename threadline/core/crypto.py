"""Encryption at rest for identifying details and two-factor secrets.

Keys come from the environment (FIELD_ENCRYPTION_KEYS, newest first), so rotating a key
means adding a new one in front; old values still decrypt until they are re-saved.
"""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is not set")
    return MultiFernet([Fernet(k.encode()) for k in keys])


def encrypt_text(plain: str) -> str:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS)).encrypt(plain.encode()).decode()


def decrypt_text(token: str) -> str:
    try:
        return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS)).decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured("An encrypted value could not be read with the configured keys") from error
