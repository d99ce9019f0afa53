"""Headers that protect PHI in the browser: a strict CSP on every page (no inline script anywhere), no-store on
everything but static files, a Permissions-Policy, and an API schema that needs a login."""

import json
import logging
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.test import Client as Browser
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from trellis.accounts import tokens
from trellis.core.headers import PrivateResponseHeadersMiddleware
from trellis.plans.tests.given import signed_plan

TEMPLATE_ROOT = Path(settings.BASE_DIR) / "trellis"


def _as(user: Any) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


def _pages(world: Any) -> list[str]:
    return [
        reverse("today"),
        reverse("clients:list"),
        reverse("clients:chart", args=[world.carol.pk]),
        reverse("scheduling:client", args=[world.carol.pk]),
        reverse("scheduling:my_week"),
        reverse("notes:list"),
    ]


def _directives(response: Any) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in policy.split(";")) if part}


def test_it_sends_a_csp_without_inline_script_on_every_page(world: Any) -> None:
    browser = _as(world.alice)
    for url in [*_pages(world), reverse("accounts:login")]:
        directives = _directives(browser.get(url))
        assert directives["script-src"] == "script-src 'self'", url
        assert directives["default-src"] == "default-src 'self'"
        assert directives["frame-ancestors"] == "frame-ancestors 'none'"
        assert directives["object-src"] == "object-src 'none'"
        assert directives["base-uri"] == "base-uri 'none'"
        assert directives["form-action"] == "form-action 'self'"
        assert directives["img-src"] == "img-src 'self' data:"
        assert directives["report-uri"] == "report-uri /csp-report/"


def test_it_has_no_inline_script_or_event_handler_in_any_template() -> None:
    # Any of these would be blocked by script-src 'self' and break the page it is on.
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
    handler = re.compile(r"\s(on[a-z]+|hx-on[:\w-]*)\s*=", re.IGNORECASE)
    offenders = []
    for template in TEMPLATE_ROOT.rglob("templates/**/*.html"):
        text = template.read_text()
        if inline_script.search(text) or handler.search(text) or "javascript:" in text:
            offenders.append(str(template.relative_to(TEMPLATE_ROOT)))
    assert offenders == []


def test_it_tells_browsers_to_store_no_page_fragment_pdf_or_api_answer(world: Any) -> None:
    # given Alice signed in, and Carol's signed plan
    plan = signed_plan(episode=world.carol_enrollment.episode, author=world.alice)
    browser = _as(world.alice)
    _, secret = tokens.issue_token(user=world.alice)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    # when she opens pages, an HTMX fragment and the plan's PDF, and a script reads the API with a token
    responses = {
        **{url: browser.get(url) for url in _pages(world)},
        "htmx": browser.get(reverse("clients:list"), HTTP_HX_REQUEST="true"),
        "pdf": browser.get(reverse("plans:pdf", args=[plan.pk])),
        "api": api.get(reverse("api:clients")),
        "api client": api.get(reverse("api:client", args=[world.carol.pk])),
    }
    # then every answer carries PHI and says no-store
    for what, response in responses.items():
        assert response.status_code == 200, what
        assert "no-store" in response.headers["Cache-Control"], what
        assert "private" in response.headers["Cache-Control"], what
    assert responses["pdf"].headers["Content-Type"] == "application/pdf"


def test_it_lets_static_files_keep_their_caching() -> None:
    def static_file(request: HttpRequest) -> HttpResponse:
        response = HttpResponse("body { }", content_type="text/css")
        response["Cache-Control"] = "max-age=31536000, public, immutable"
        return response

    request = RequestFactory().get(f"/{settings.STATIC_URL.strip('/')}/trellis/trellis.css")
    response = PrivateResponseHeadersMiddleware(static_file)(request)
    assert response["Cache-Control"] == "max-age=31536000, public, immutable"


def test_it_switches_off_browser_features_and_keeps_referrers_in_house(world: Any) -> None:
    response = _as(world.alice).get(reverse("today"))
    features = dict(item.split("=") for item in response.headers["Permissions-Policy"].split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("name", ["api:schema", "api:docs", "api:redoc"])
def test_it_shows_the_api_schema_and_docs_to_signed_in_staff_only(world: Any, name: str) -> None:
    # given nobody signed in, then Alice with a session, then a script with Alice's token
    anonymous = Browser().get(reverse(name))
    session = _as(world.alice).get(reverse(name))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {tokens.issue_token(user=world.alice)[1]}")
    token = api.get(reverse(name))
    # then only the signed-in ones read it
    assert anonymous.status_code in (401, 403)
    assert b"Trellis API" not in anonymous.content
    assert (session.status_code, token.status_code) == (200, 200)


def test_it_serves_swagger_ui_without_inline_script(world: Any) -> None:
    browser = _as(world.alice)
    page = browser.get(reverse("api:docs")).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    start_up = re.search(r'<script src="([^"]*script[^"]*)"', page)
    assert start_up is not None
    script = browser.get(start_up.group(1).replace("&amp;", "&"))
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()


def test_it_logs_only_the_directive_a_page_broke(caplog: pytest.LogCaptureFixture, world: Any) -> None:
    # given a browser's report about a page whose address holds a chart number
    report = {
        "csp-report": {
            "document-uri": f"https://trellis.example/clients/?q={world.carol.chart_number}",
            "violated-directive": "script-src-elem",
            "blocked-uri": "inline",
            "script-sample": "Northcott",
        }
    }
    # when it arrives at the report endpoint, without a login or a CSRF token
    with caplog.at_level(logging.WARNING, logger="trellis.csp"):
        response = Browser(enforce_csrf_checks=True).post(
            reverse("csp_report"), json.dumps(report), content_type="application/csp-report"
        )
    # then it is accepted and the log names the directive, and nothing of the page
    assert response.status_code == 204
    assert "script-src-elem" in caplog.text
    assert world.carol.chart_number not in caplog.text
    assert "Northcott" not in caplog.text


def test_there_is_no_second_login_form_at_admin(world: Any) -> None:
    # Django's admin would be a password form outside the login audit, the lockout and the second factor.
    from django.test import Client

    assert Client().get("/admin/login/").status_code == 404
