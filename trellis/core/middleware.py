import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from trellis.core import context
from trellis.core.client_ip import client_ip


class RequestContextMiddleware:
    """Gives every request an id (echoed in X-Request-ID) and records its address for the audit trail."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = str(uuid.uuid4())
        ip_address = client_ip(request)
        context.set_current(
            context.RequestContext(request_id=request_id, ip_address=ip_address, path=request.path)
        )
        try:
            response = self.get_response(request)
        finally:
            context.set_current(None)
        response["X-Request-ID"] = request_id
        return response
