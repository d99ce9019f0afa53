from typing import Any

from django import template
from django.utils.safestring import SafeString

from trellis.accounts.topbar import topbar_html

register = template.Library()


@register.simple_tag(takes_context=True)
def kept_topbar(context: Any) -> SafeString:
    """The staff top bar, kept per what it shows (trellis/accounts/topbar.py)."""
    return topbar_html(context)
