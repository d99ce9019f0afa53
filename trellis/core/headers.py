"""Response headers that keep PHI out of caches and switch off browser features Trellis never uses.

The Content-Security-Policy itself comes from django-csp (settings CONTENT_SECURITY_POLICY); its violation
reports arrive at `csp_report_view`, which logs only which directive was broken, never the page or the text.
"""

import json
import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger("trellis.csp")

# Trellis uses none of these; a page that is tricked into asking gets a refusal without a prompt.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)
# A report is a small JSON object; anything larger is not a browser's report.
MAX_REPORT_BYTES = 16_384


def _is_static(path: str) -> bool:
    return path.startswith("/" + settings.STATIC_URL.lstrip("/"))


class PrivateResponseHeadersMiddleware:
    """Every response but a static file is `no-store`: pages, HTMX fragments, PDFs and the API carry PHI.

    Storing nothing is simpler and safer than deciding which responses hold PHI: a login page or an error
    page costs nothing to fetch again, and a shared workstation's cache then never holds a chart.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not _is_static(request.path):
            patch_cache_control(response, no_store=True, private=True)
            response.headers.pop("Expires", None)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def _violated_directive(body: bytes) -> str:
    """The directive named in a CSP report (either report format), or "unreadable"."""
    try:
        report = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return "unreadable"
    if isinstance(report, list) and report and isinstance(report[0], dict):
        report = report[0].get("body", {})  # Reporting API: a list of {"type", "body"}
    elif isinstance(report, dict):
        report = report.get("csp-report", {})  # report-uri: {"csp-report": {...}}
    if not isinstance(report, dict):
        return "unreadable"
    directive = report.get("effective-directive") or report.get("effectiveDirective")
    directive = directive or report.get("violated-directive") or "unreadable"
    return str(directive).split()[0][:40]


@csrf_exempt  # browsers send reports without a token or cookies of ours
@require_POST
def csp_report_view(request: HttpRequest) -> HttpResponse:
    """Log the directive a page broke. The blocked address and the page may hold PHI, so neither is kept."""
    body = request.read(MAX_REPORT_BYTES)
    logger.warning("content security policy violated: %s", _violated_directive(body))
    return HttpResponse(status=204)
