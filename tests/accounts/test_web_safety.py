"""Web safety: security headers on pages, API answers, static files and error pages; a strict
Content-Security-Policy the templates can live with (no inline script, style or event handler); a
CSRF token in every POST form; cookie flags; no traceback on a 500 page; the API docs served from
the hub itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import include, path

from praxhub import config
from praxhub.web.middleware import CONTENT_SECURITY_POLICY

from .helpers import PASSWORD

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "praxhub" / "web" / "templates"
HEADERS = ("Content-Security-Policy", "Referrer-Policy", "X-Content-Type-Options", "Permissions-Policy",
           "Cross-Origin-Opener-Policy")


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("internal detail that must not reach the visitor: /srv/praxhub/secret.py")


# A test-only URLconf: the hub's own pages plus a view that fails.
urlpatterns = [path("boom", boom), path("", include("praxhub.web.urls"))]
handler500 = "praxhub.web.views.pages.server_error"
handler404 = "praxhub.web.views.pages.not_found"


def csp(response) -> dict[str, list[str]]:
    policy = {}
    for directive in response["Content-Security-Policy"].split(";"):
        name, *values = directive.split()
        policy[name] = values
    return policy


def assert_secure_headers(response) -> None:
    for name in HEADERS:
        assert response.has_header(name), f"{name} missing on {response.status_code} {response.get('Content-Type')}"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_the_policy_is_strict():
    class Fake(dict):
        def __getitem__(self, key):
            return CONTENT_SECURITY_POLICY

    policy = csp(Fake())
    assert policy["default-src"] == ["'self'"] and policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY and "'unsafe-eval'" not in CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("url", ["/", "/events", "/practices", "/search?q=prevention", "/accounts/login/",
                                 "/api/events", "/api/openapi.json", "/api/docs", "/healthz",
                                 "/static/praxhub/app.css", "/no-such-page"])
def test_headers_on_pages_api_static_and_errors(client, url):
    response = client.get(url)
    assert response.status_code in (200, 404)
    assert_secure_headers(response)
    assert "'unsafe-inline'" not in csp(response)["script-src"]


def test_the_500_page_has_no_traceback_and_the_headers(settings):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    response = client.get("/boom")
    text = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in text and "The error has been logged" in text
    assert "Traceback" not in text and "RuntimeError" not in text and "secret.py" not in text
    assert_secure_headers(response)


def test_debug_is_off_by_default():
    assert config.load().debug is False


def test_the_api_docs_need_no_inline_script_and_nothing_from_elsewhere(client):
    page = client.get("/api/docs")
    html = page.content.decode()
    assert page.status_code == 200
    assert "cdn." not in html and "https://" not in html
    scripts = re.findall(r"<script\b([^>]*)>", html)
    assert scripts
    for attributes in scripts:
        assert "src=" in attributes or 'type="application/json"' in attributes, attributes
    for asset in re.findall(r'(?:src|href)="(/static/ninja/[^"]+)"', html):
        assert client.get(asset).status_code == 200, asset


def test_cookie_flags(client, ana, settings):
    page = client.get("/accounts/login/")
    csrf_cookie = page.cookies["csrftoken"]
    assert csrf_cookie["samesite"] == "Lax" and not csrf_cookie["secure"]
    response = client.post("/accounts/login/", {"username": "ana", "password": PASSWORD})
    session = response.cookies["sessionid"]
    assert session["httponly"] is True and session["samesite"] == "Lax" and not session["secure"]

    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    other = Client()
    assert other.get("/accounts/login/").cookies["csrftoken"]["secure"] is True
    response = other.post("/accounts/login/", {"username": "ana", "password": PASSWORD})
    assert response.cookies["sessionid"]["secure"] is True


def test_secure_cookies_setting(monkeypatch, settings):
    assert config.load().secure_cookies is False and settings.SESSION_COOKIE_SECURE is False
    monkeypatch.setenv("PRAXHUB_SECURE_COOKIES", "1")
    assert config.load().secure_cookies is True


# --------------------------------------------------------------------------- the templates


def templates() -> list[Path]:
    found = sorted(TEMPLATES.rglob("*.html"))
    assert found
    return found


def test_every_post_form_has_a_csrf_token():
    missing = []
    for template in templates():
        text = template.read_text()
        for form in re.finditer(r"<form\b[^>]*>", text, re.I):
            if not re.search(r"""method\s*=\s*["']?post""", form.group(0), re.I):
                continue
            end = text.find("</form>", form.end())
            if "{% csrf_token %}" not in text[form.end():end if end != -1 else len(text)]:
                missing.append(f"{template.relative_to(TEMPLATES)}:{text.count(chr(10), 0, form.start()) + 1}")
    assert not missing, f"POST forms without {{% csrf_token %}}: {missing}"


def test_no_inline_script_style_or_event_handler():
    problems = []
    for template in templates():
        text = template.read_text()
        name = str(template.relative_to(TEMPLATES))
        for attributes in re.findall(r"<script\b([^>]*)>", text, re.I):
            if "src=" not in attributes and "application/ld+json" not in attributes:
                problems.append(f"{name}: inline <script{attributes}>")
        if re.search(r"<style\b", text, re.I):
            problems.append(f"{name}: <style> block")
        for attribute in re.findall(r"""\s(on[a-z]+|hx-on[:\w-]*|style)\s*=""", text, re.I):
            problems.append(f"{name}: {attribute}= attribute")
        if re.search(r"""href\s*=\s*["']\s*javascript:""", text, re.I):
            problems.append(f"{name}: javascript: link")
    assert not problems, problems
