"""The JSON parser every API view uses: DRF's, refusing bodies we could not parse safely or store.

It lives apart from `core.api` because DRF imports it while building `APIView`: this module must not import
`rest_framework.views` (directly or through `core.api`), or the two would import each other.
"""

from collections.abc import Mapping
from typing import Any

from rest_framework import exceptions, parsers

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
