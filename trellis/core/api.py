"""API conventions shared by every app: JSON errors that name the field, and JSON bodies we can store."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, parsers, serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Service-layer ValidationErrors become 400s with the same {field: [messages]} shape as serializers."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    return drf_exception_handler(exc, context)


# No request body of ours nests deeper than a few levels; 64 leaves room and keeps parsing far from
# Python's recursion limit, which a body nested ~1,000 deep would otherwise hit (a 500, not a 400).
MAX_JSON_DEPTH = 64
TOO_DEEP = f"The JSON body is nested more than {MAX_JSON_DEPTH} levels deep."
# PostgreSQL cannot store U+0000 in text or jsonb; refusing it here gives a 400 on every database.
NUL_IN_TEXT = "The JSON body contains a NUL character (\\u0000), which text fields cannot hold."


def _children(value: Any) -> list[Any]:
    if isinstance(value, Mapping):
        return [*value.keys(), *value.values()]
    if isinstance(value, list):
        return value
    return []


def check_json_body(data: Any) -> None:
    """Refuse bodies nested too deeply or carrying NUL characters; walks without recursion."""
    pending: list[tuple[Any, int]] = [(data, 0)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_JSON_DEPTH:
            raise exceptions.ParseError(TOO_DEEP)
        if isinstance(value, str) and "\x00" in value:
            raise exceptions.ParseError(NUL_IN_TEXT)
        pending.extend((child, depth + 1) for child in _children(value))


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with a depth limit and no NUL characters: odd bodies get a 400 naming the problem."""

    def parse(
        self, stream: Any, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(TOO_DEEP) from None
        check_json_body(data)
        return data


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
