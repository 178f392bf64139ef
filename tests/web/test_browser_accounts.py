"""Accounts in a real browser: a member with two-step sign-in signs in with password and code, the
account pages pass axe-core, and the main pages, the map and the API docs (Swagger UI) run under
the Content-Security-Policy without a single violation reported in the console."""

from pathlib import Path

import pyotp
import pytest

from praxhub.accounts.models import TOTPDevice
from praxhub.accounts.services import create_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
PAGES = ("/", "/search?q=prevention", "/events", "/practices", "/map", "/trends", "/recommendations",
         "/organisations", "/experts", "/accounts/security/",
         "/api/docs")


def test_sign_in_with_a_code_and_no_csp_violation(live_server, browser, make_document):
    base = live_server.url
    make_document("Prevention newsletter", "A workshop on prevention took place in Vienna on 3 May 2024.",
                  countries=("AT",), themes=("prisons",))
    ana = create_user("ana", "a long member passphrase")
    secret = pyotp.random_base32()
    TOTPDevice.objects.create(user=ana, secret=secret, confirmed=True)

    # No bypass_csp: the browser enforces the hub's policy and reports what it blocks.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    reports: list[str] = []
    page.on("console", lambda message: reports.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text else None)
    page.on("pageerror", lambda error: reports.append(f"{page.url}: page error {error}"))

    page.goto(f"{base}/accounts/login/?next=/events")
    page.get_by_label("User name").fill("ana")
    page.get_by_label("Password").fill("a long member passphrase")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/login/code/")
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Continue").click()
    page.get_by_text("That code is not valid").wait_for()
    page.get_by_label("Code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/events")
    assert page.get_by_role("button", name="Sign out").is_visible()
    assert page.get_by_role("link", name="Account security").is_visible()

    for path in PAGES:
        response = page.goto(f"{base}{path}")
        assert response.status == 200, f"{path} → {response.status}"
        if path == "/api/docs":
            page.locator(".swagger-ui .info .title").wait_for()  # Swagger UI ran under the policy
            page.locator(".opblock").first.wait_for()
        page.wait_for_load_state("networkidle")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "api-docs.png"), full_page=False)
    page.goto(f"{base}/accounts/security/")
    page.screenshot(path=str(ARTIFACTS / "account-security.png"), full_page=True)

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{base}/")
    assert page.get_by_role("link", name="Sign in").is_visible()
    context.close()
    assert not reports, "\n".join(reports)


def test_account_pages_pass_axe(live_server, page, accessibility):
    ana = create_user("ana", "a long member passphrase")
    page.goto(f"{live_server.url}/accounts/login/")
    problems = {"login": accessibility()}
    page.get_by_label("User name").fill("ana")
    page.get_by_label("Password").fill("a long member passphrase")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/accounts/security/")
    problems["security (set up)"] = accessibility()
    secret = TOTPDevice.objects.get(user=ana).secret
    assert page.locator("#totp-secret").inner_text().replace(" ", "") == secret
    page.get_by_label("Code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    page.get_by_text("Two-step sign-in is on.").first.wait_for()
    problems["security (on)"] = accessibility()
    page.get_by_role("button", name="Sign out").click()
    for path in ("/accounts/password-reset/", "/accounts/password-reset/sent/"):
        page.goto(f"{live_server.url}{path}")
        problems[path] = accessibility()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("User name").fill("ana")
    page.get_by_label("Password").fill("a long member passphrase")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/login/code/")
    problems["code"] = accessibility()
    assert not any(problems.values()), problems
