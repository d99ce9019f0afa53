"""A local stand-in for Twilio's Messages API on 127.0.0.1: real sockets, scripted answers."""

import json
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class FakeSmsApi:
    answers: list[int] = field(default_factory=list)  # status codes to give, in order; then 201
    received: list[dict[str, Any]] = field(default_factory=list)
    base_url: str = ""


def _handler(api: FakeSmsApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
            api.received.append({"path": self.path, "auth": self.headers.get("Authorization"), "form": form})
            code = api.answers.pop(0) if api.answers else 201
            body = (
                {"sid": f"SM{len(api.received):032d}", "status": "queued"}
                if code == 201
                else {"code": "20500"}
            )
            payload = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


@contextmanager
def fake_sms_api() -> Iterator[FakeSmsApi]:
    api = FakeSmsApi()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(api))
    api.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()
