from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.urls import reverse

from .crypto import decrypt_text, encrypt_text


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # People are created by system administrators, who give them their roles.
        return False

    def get_login_redirect_url(self, request) -> str:
        from .drafts import pending_return_path

        return pending_return_path(request) or super().get_login_redirect_url(request)

    def get_logout_redirect_url(self, request) -> str:
        return reverse("core:signed_out")


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return encrypt_text(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt_text(encrypted_text)

    def can_delete_authenticator(self, authenticator) -> bool:
        # Two-factor sign-in is required for everyone, so the last app cannot be removed.
        return False
