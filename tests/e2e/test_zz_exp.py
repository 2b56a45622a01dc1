import os
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
import pytest
from playwright.sync_api import sync_playwright

AXE = "/work/main/node_modules/axe-core/axe.min.js"

@pytest.mark.django_db(transaction=True)
def test_exp(live_server):
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = b.new_page()
        msgs = []
        page.on("console", lambda m: msgs.append((m.type, m.text)))
        r = page.goto(live_server.url + "/account/sign-in/")
        print(r.status, r.headers.get("content-security-policy"))
        try:
            page.add_script_tag(path=AXE)
            print("add_script_tag ok", page.evaluate("typeof axe"))
        except Exception as e:
            print("add_script_tag failed", str(e)[:300])
        print(msgs)
        b.close()
