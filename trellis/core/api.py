"""API conventions shared by every app: JSON errors that name the field, bounded pages."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from trellis.core.versions import StaleEdit, stale_body


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Service-layer ValidationErrors become 400s with the same {field: [messages]} shape as serializers;
    a save from a stale version becomes 409 Conflict, saying what is stored now."""
    if isinstance(exc, StaleEdit):
        return Response(stale_body(exc), status=409)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    return drf_exception_handler(exc, context)


# Offsets past this read nothing anyway; larger ones overflow SQLite's 64-bit integers (a 500).
MAX_OFFSET = 10_000_000


class Pagination(LimitOffsetPagination):
    """Offset pages of 50 by default; no caller may ask for more than 200 rows at once."""

    default_limit = 50
    max_limit = 200

    def get_offset(self, request: Request) -> int:
        return min(super().get_offset(request), MAX_OFFSET)


class ScopedRelatedField(serializers.PrimaryKeyRelatedField[Any]):
    """A reference the requesting user may use; anything else reads as 'does not exist', never 'forbidden'."""

    def scope(self, user: Any) -> Any:
        raise NotImplementedError

    def get_queryset(self) -> Any:
        return self.scope(self.context["request"].user)
