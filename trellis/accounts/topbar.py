"""The top bar of every staff page, rendered once per what it shows and kept in this process's memory.

Rendered afresh it cost each page about a third of the layout: a URL reversed per link, a capability check per
link, the active section looked up per link. What it shows is a function of a few values (`Shown`): the
staff member's own name and role, the links their capabilities open, the active section, the unread count,
whether the sign-in is held at its second step. Those values, read per request, are the key, and the
template (templates/topbar.html) reads nothing else, so a kept bar is exactly what rendering it now would
give. It holds no client data, only the reader's own name; the key holds the reader's id, so no one is shown
a bar kept for someone else. Its forms' CSRF token is never kept: each `{% csrf_token %}` holds a random slot
(kept_pages.render_with_token_slot) that every request fills with its own token.
"""

import threading
from dataclasses import dataclass
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString, mark_safe

from trellis.core.kept_pages import fill_token_slot, render_with_token_slot

TEMPLATE = "topbar.html"
# A bar is about 3 kB; the oldest goes first once this many are kept (a server's staff, each in a few sections).
MAX_KEPT = 4096

_kept: dict["Shown", tuple[str, str]] = {}
_writing = threading.Lock()


@dataclass(frozen=True)
class Shown:
    """Everything the top bar shows or links to, and so the key of a kept bar."""

    user_id: Any
    user_label: str
    role_label: str
    capabilities: tuple[str, ...]
    inbox_unread: str
    second_step_pending: bool
    on_today: bool
    section: str
    script_prefix: str
    urlconf: str

    def as_context(self) -> dict[str, Any]:
        return {
            "user_label": self.user_label,
            "role_label": self.role_label,
            "can": dict.fromkeys(self.capabilities, True),
            "inbox_unread": self.inbox_unread,
            "second_step_pending": self.second_step_pending,
            "on_today": self.on_today,
            "section": self.section,
        }


def shown(context: Any) -> Shown:
    """What the bar shows on this page, from the layout's context (accounts and messaging context processors)."""
    request, user = context.get("request"), context["user"]
    can = context.get("can") or {}
    capabilities = tuple(sorted(name for name, allowed in can.items() if allowed))
    pending = bool(context.get("second_step_pending"))
    # The count is read only where the bar shows it, as the layout did; its text is what the badge shows.
    unread = context.get("inbox_unread") if "answer_messages" in capabilities and not pending else None
    return Shown(
        user_id=user.pk,
        user_label=user.get_full_name() or user.username,
        role_label=user.get_role_display(),
        capabilities=capabilities,
        inbox_unread=str(unread) if unread else "",
        second_step_pending=pending,
        on_today=getattr(request, "path", None) == reverse("today"),
        section=getattr(getattr(request, "resolver_match", None), "app_name", "") or "",
        script_prefix=get_script_prefix(),
        urlconf=str(get_urlconf() or ""),
    )


def topbar_html(context: Any) -> SafeString:
    """The bar for this page, with this request's CSRF token."""
    key = shown(context)
    kept = _kept.get(key)
    if kept is None:
        # Without the request: no context processor runs, so the template can read nothing but the key.
        html, slot = render_with_token_slot(TEMPLATE, key.as_context(), None)
        kept = (html.strip(), slot)
        _keep(key, kept)
    html, slot = kept
    # The layout's own token where it has one (the csrf context processor's: masked once for the whole page).
    token = str(context.get("csrf_token") or "")
    if token and token != "NOTPROVIDED":
        filled = html.replace(slot, token)
    elif context.get("request") is not None:
        filled = fill_token_slot(html, slot, context["request"])
    else:  # rendered outside a request: no token, as the csrf_token tag gives none
        filled = html.replace(slot, "")
    return mark_safe(filled)  # our template, escaped as it rendered


def _keep(key: Shown, kept: tuple[str, str]) -> None:
    with _writing:
        if len(_kept) >= MAX_KEPT:
            _kept.pop(next(iter(_kept)))
        _kept[key] = kept


@receiver(setting_changed)
def _forget_on_settings_change(**kwargs: Any) -> None:
    """Tests that change settings (static files, URLs) get bars rendered under their settings."""
    with _writing:
        _kept.clear()
