"""The ways a reminder leaves: e-mail through Django's mail API, text messages through an SMS provider.

A provider is chosen by settings (TRELLIS_SMS_BACKEND): "file" (the default, one JSON line per message under
the var dir, for development and demos) or "twilio" (Twilio's Messages REST API, or any provider that copies
its shape). Sending raises ChannelError on any failure so the caller can retry; the error text carries
status codes only, never the message or the number.
"""

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail

from trellis.core import clock


class ChannelError(Exception):
    pass


@dataclass(frozen=True)
class Accepted:
    message_id: str
    delivered: bool = False  # a channel that knows at once (e-mail handed to the server counts as sent only)


class SmsProvider(Protocol):
    def send(self, *, to: str, body: str) -> Accepted: ...


class FileSmsProvider:
    """Appends each message to sms.jsonl: nothing leaves the machine."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def send(self, *, to: str, body: str) -> Accepted:
        self.directory.mkdir(parents=True, exist_ok=True)
        message_id = f"file-{uuid.uuid4().hex}"
        line = {"id": message_id, "to": to, "body": body, "at": clock.now().isoformat()}
        with (self.directory / "sms.jsonl").open("a", encoding="utf-8") as out:
            out.write(json.dumps(line) + "\n")
        return Accepted(message_id=message_id)


class TwilioSmsProvider:
    """POST /2010-04-01/Accounts/{sid}/Messages.json with To, From, Body and StatusCallback; basic auth."""

    def __init__(
        self, *, base_url: str, account_sid: str, auth_token: str, sender: str, status_callback: str
    ) -> None:
        self.url = f"{base_url.rstrip('/')}/2010-04-01/Accounts/{account_sid}/Messages.json"
        credentials = base64.b64encode(f"{account_sid}:{auth_token}".encode()).decode()
        self.authorization = f"Basic {credentials}"
        self.sender = sender
        self.status_callback = status_callback

    def send(self, *, to: str, body: str) -> Accepted:
        fields = {"To": to, "From": self.sender, "Body": body}
        if self.status_callback:
            fields["StatusCallback"] = self.status_callback
        request = urllib.request.Request(
            self.url,
            data=urllib.parse.urlencode(fields).encode(),
            headers={"Authorization": self.authorization, "Accept": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                answer = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            raise ChannelError(f"SMS provider answered {error.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise ChannelError(f"SMS provider unreachable ({type(error).__name__})") from None
        except ValueError:
            raise ChannelError("SMS provider answered with something other than JSON") from None
        sid = str(answer.get("sid", ""))
        if not sid:
            raise ChannelError("SMS provider gave no message id")
        return Accepted(message_id=sid, delivered=answer.get("status") == "delivered")


def status_callback_url() -> str:
    base = str(getattr(settings, "TRELLIS_SMS_WEBHOOK_BASE_URL", ""))
    return f"{base.rstrip('/')}/notifications/sms/status/" if base else ""


def sms_provider() -> SmsProvider:
    if settings.TRELLIS_SMS_BACKEND == "twilio":
        return TwilioSmsProvider(
            base_url=settings.TRELLIS_SMS_API_BASE,
            account_sid=settings.TRELLIS_SMS_ACCOUNT_SID,
            auth_token=settings.TRELLIS_SMS_AUTH_TOKEN,
            sender=settings.TRELLIS_SMS_FROM,
            status_callback=status_callback_url(),
        )
    return FileSmsProvider(Path(settings.TRELLIS_SMS_FILE_DIR))


def send_email(*, to: str, subject: str, body: str) -> Accepted:
    """Django's mail API: console or file backend in development, SMTP in production (EMAIL_* settings)."""
    try:
        send_mail(subject, body, None, [to], fail_silently=False)
    except OSError as error:  # smtplib's errors are OSErrors
        raise ChannelError(f"Mail server refused or unreachable ({type(error).__name__})") from None
    return Accepted(message_id="")
