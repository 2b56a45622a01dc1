import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from threadline.core.testing import make_organisation, make_person

@pytest.mark.django_db(transaction=True)
def test_trace(open_browser):
    org = make_organisation("X")
    p = make_person(org, email="a@example.test", two_factor=False)
    v = open_browser()
    v.page.on("response", lambda r: print(r.request.method, r.url, r.status, r.headers.get("location")) if r.request.resource_type == "document" else None)
    from allauth.account.models import EmailAddress
    print("start", list(EmailAddress.objects.values()))
    v.visit(f"/account/password/reset/key/{user_pk_to_url_str(p)}-{default_token_generator.make_token(p)}/")
    v.page.locator("input[name=password1]").fill("lanterns over quiet harbours")
    v.page.locator("input[name=password2]").fill("lanterns over quiet harbours")
    from allauth.account.models import EmailAddress
    print("before", list(EmailAddress.objects.values()))
    v.press("Save password")
    print("after", list(EmailAddress.objects.values()))
    v.follow("Sign in")
    v.page.locator("input[name=login]").fill("a@example.test")
    v.page.locator("input[name=password]").fill("lanterns over quiet harbours")
    try:
        v.press("Continue")
    except Exception as e:
        print(e)
    v._problems.clear(); v._loads.clear()
