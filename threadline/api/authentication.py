from django.utils import timezone
from rest_framework import authentication, exceptions

from .models import ApiToken, hash_token


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer tl_…` for partner systems."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode(errors="ignore")
        if not header.startswith(self.keyword + " "):
            return None
        raw = header[len(self.keyword) + 1 :].strip()
        token = (
            ApiToken.objects.select_related("person")
            .filter(key_hash=hash_token(raw), revoked_at__isnull=True)
            .first()
        )
        if token is None or not token.person.is_active:
            raise exceptions.AuthenticationFailed("The API token is not valid")
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.person, token

    def authenticate_header(self, request):
        return self.keyword
