"""Searches by name or chart number travel by POST; the terms wait in the session under an opaque key.

A search in a query string lands in the server's access log, the browser's history and the Referer of the
next page. Instead the search form posts, the view keeps the terms in the (server-side) session and
redirects to `?s=<key>` (post/redirect/get), and the pager adds `&page=N` to that key. The address then
says which saved search to show, never what was searched for.
"""

import secrets
from collections.abc import Iterable, Mapping

from django.http import HttpRequest, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect

SESSION_KEY = "trellis_searches"
KEY_PARAMETER = "s"
# A session keeps only the newest searches; an older key then shows the unfiltered page and says so.
MAX_KEPT = 20
EXPIRED_NOTE = "That search is no longer kept (it belongs to an earlier sign-in). Please search again."


def asks_to_search(request: HttpRequest, fields: Iterable[str]) -> bool:
    """True for a posted search, and for an old-style GET link that still carries its terms in the URL."""
    return request.method == "POST" or any(name in request.GET for name in fields)


def remember_and_redirect(request: HttpRequest, *, scope: str, fields: Iterable[str]) -> HttpResponseRedirect:
    """Keep the search's terms (from the form, or from an old-style link) and send the browser to its key."""
    source: QueryDict = request.POST if request.method == "POST" else request.GET
    values = {name: source.get(name, "").strip() for name in fields}
    if not any(values.values()):
        return redirect(request.path)
    key = secrets.token_urlsafe(12)
    kept = dict(request.session.get(SESSION_KEY, {}))
    kept[key] = {"scope": scope, "values": values}
    for stale in list(kept)[:-MAX_KEPT]:
        del kept[stale]
    request.session[SESSION_KEY] = kept
    return redirect(f"{request.path}?{KEY_PARAMETER}={key}")


def recall(request: HttpRequest, *, scope: str) -> tuple[str, dict[str, str]]:
    """The key in the address and the terms kept under it; `("", {})` when the address names no search."""
    key = request.GET.get(KEY_PARAMETER, "")
    entry = request.session.get(SESSION_KEY, {}).get(key) if key else None
    if not isinstance(entry, Mapping) or entry.get("scope") != scope:
        return ("", {})
    return (key, {str(name): str(value) for name, value in entry["values"].items()})


def is_expired(request: HttpRequest, key: str) -> bool:
    """The address names a search this session no longer keeps."""
    return bool(request.GET.get(KEY_PARAMETER)) and not key
