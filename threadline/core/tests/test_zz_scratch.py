import pyotp
import pytest
from threadline.core.models import AuditEvent, Role, Draft
from threadline.core.testing import make_person, TEST_TOTP_SECRET

PW = "a long enough passphrase 42"

def test_flow(client, organisation):
    p = make_person(organisation, Role.SYSTEM_ADMINISTRATOR, password=PW, email="x@example.test")
    r = client.post("/organisations/new", {"name": "Eastfield", "description": "Words I typed"})
    print(r.status_code, r.get("Location"), dict(client.session))
    r = client.post("/account/sign-in/", {"login": "x@example.test", "password": PW})
    print(r.status_code, r.get("Location"))
    r = client.post("/account/two-factor/authenticate/", {"code": pyotp.TOTP(TEST_TOTP_SECRET).now()})
    print(r.status_code, r.get("Location"))
    print(list(Draft.objects.values_list("key", "data")))
    r = client.get("/organisations/new")
    c = r.content.decode()
    print(r.status_code, "Words I typed" in c, "We kept what you typed" in c)
    client.logout()
    q = make_person(organisation, two_factor=False)
    client.force_login(q)
    for u in ["/", "/account/two-factor/totp/activate/", "/healthz", "/account/sign-out/"]:
        r = client.get(u)
        print(u, r.status_code, r.get("Location"))
