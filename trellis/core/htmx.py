from django.http import HttpRequest


def is_partial(request: HttpRequest) -> bool:
    """True when HTMX asked for a fragment rather than a whole page (boosted links want the page)."""
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.boosted
