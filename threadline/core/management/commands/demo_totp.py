import base64
import hmac
import struct
import time

from django.core.management.base import BaseCommand

from threadline.core.demo import DEMO_TOTP_SECRET


def totp_now(secret: str, at: float | None = None) -> str:
    # RFC 6238 with the defaults authenticator apps use: SHA-1, 30 seconds, 6 digits.
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((at if at is not None else time.time()) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), "sha1").digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo accounts."

    def handle(self, *args, **options):
        self.stdout.write(totp_now(DEMO_TOTP_SECRET))
