"""`{% discharge_link episode %}`: the way to discharge an open episode, or to its summary and PDF once closed."""

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html

from trellis.accounts.roles import Capability

register = template.Library()


@register.simple_tag(takes_context=True)
def discharge_link(context: dict[str, Any], episode: Any) -> str:
    """No queries: it reads only the episode's own fields and the user's role."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.can(Capability.MANAGE_ENROLLMENT):
        return ""
    if episode.is_open:
        return format_html(
            '<a class="btn small" href="{}">Discharge…</a>',
            reverse("episodes:discharge", kwargs={"pk": episode.pk}),
        )
    return format_html(
        '<a href="{}">Discharge summary</a> · <a href="{}">PDF</a>',
        reverse("episodes:discharge_summary", kwargs={"pk": episode.pk}),
        reverse("episodes:discharge_pdf", kwargs={"pk": episode.pk}),
    )
