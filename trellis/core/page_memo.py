"""Settings read once per page: a page of many panels (Today, the worklist) asks for the same program and
organization settings from several panels; inside `reading_page()` each is read once and shared.

Only settings belong here, never client data, and only for the length of one read-only page render: the
memo lives in a context variable that the block sets and clears, so nothing outlives the request and no
other request or process ever sees it.
"""

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_memo: ContextVar[dict[Hashable, object] | None] = ContextVar("page_memo", default=None)


@contextmanager
def reading_page() -> Iterator[None]:
    if _memo.get() is not None:  # nested: the outer page's memo serves
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def remember(key: Hashable, read: Callable[[], T]) -> T:
    """`read()` once per page for `key`; outside a page, every call reads."""
    memo = _memo.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]  # type: ignore[return-value]
