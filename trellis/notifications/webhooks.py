"""The SMS provider's calls to us: delivery status and texts clients send back. No session and no CSRF token
(the provider has neither); each request must carry the provider's signature over our public URL, or 403."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.utils.html import escape
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from trellis.notifications import delivery, inbound, signatures


def _public_url(request: HttpRequest) -> str:
    base = str(settings.TRELLIS_SMS_WEBHOOK_BASE_URL).rstrip("/")
    return f"{base}{request.get_full_path()}" if base else request.build_absolute_uri()


def _signed(request: HttpRequest) -> bool:
    params = {name: request.POST.get(name, "") for name in request.POST}
    return signatures.is_valid(
        url=_public_url(request), params=params, token=str(settings.TRELLIS_SMS_AUTH_TOKEN),
        signature=request.headers.get("X-Twilio-Signature", ""),
    )  # fmt: skip


def _twiml(text: str) -> HttpResponse:
    message = f"<Message>{escape(text)}</Message>" if text else ""
    body = f'<?xml version="1.0" encoding="UTF-8"?><Response>{message}</Response>'
    return HttpResponse(body, content_type="text/xml")


@csrf_exempt
@require_POST
def sms_status_view(request: HttpRequest) -> HttpResponse:
    if not _signed(request):
        return HttpResponseForbidden("Signature not valid.")
    delivery.apply_provider_status(
        message_id=request.POST.get("MessageSid", ""), provider_status=request.POST.get("MessageStatus", ""),
        error_code=request.POST.get("ErrorCode", ""),
    )  # fmt: skip
    return HttpResponse(status=204)


@csrf_exempt
@require_POST
def sms_inbound_view(request: HttpRequest) -> HttpResponse:
    if not _signed(request):
        return HttpResponseForbidden("Signature not valid.")
    reply = inbound.handle_inbound(sender=request.POST.get("From", ""), body=request.POST.get("Body", ""))
    return _twiml(reply.text)
