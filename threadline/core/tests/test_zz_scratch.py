import pyotp
import pytest
from threadline.core.models import AuditEvent, Role
from threadline.core.testing import make_person, TEST_TOTP_SECRET

PW = "a long enough passphrase 42"


def test_flow(client, organisation):
    p = make_person(organisation, Role.SYSTEM_ADMINISTRATOR, password=PW, email="x@example.test")
    r = client.post("/account/sign-in/", {"login": "x@example.test", "password": PW})
    print(r.status_code, r.get("Location"))
    r = client.post("/account/two-factor/authenticate/", {"code": pyotp.TOTP(TEST_TOTP_SECRET).now()})
    print(r.status_code, r.get("Location"))
    r = client.get("/")
    print(r.status_code, r.get("Location"))
    print(list(AuditEvent.objects.values_list("action", "actor_label")))
    print(client.login(email="x@example.test", password=PW))


def test_fail(client, organisation):
    p = make_person(organisation, Role.SYSTEM_ADMINISTRATOR, password=PW, email="x@example.test")
    for i in range(6):
        r = client.post(
            "/account/sign-in/", {"login": "x@example.test", "password": "wrong" if i < 5 else PW}
        )
        print(i, r.status_code, r.get("Location"), "locked" in r.content.decode())
    print(list(AuditEvent.objects.values_list("action", "actor_label")))
