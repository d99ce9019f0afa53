"""The chart's case-management and peer-support panel: the latest contact, the unsigned count, and the
outside meetings of the last 30 days. Three queries; the chart has checked access and written the audit event.
"""

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.urls import reverse

from trellis.accounts.roles import Capability
from trellis.core import clock
from trellis.support import selectors
from trellis.support.models import SupportContact
from trellis.support.querysets import readable_kinds, reads_meetings

register = template.Library()


@register.simple_tag(takes_context=True)
def support_chart_panel(context: dict[str, Any], client: Any) -> str:
    request = context["request"]
    user = request.user
    reads_contacts = bool(readable_kinds(user))
    if not (reads_contacts or reads_meetings(user)):
        return ""
    extra: dict[str, Any] = {"client": client, "can_record_meetings": user.can(Capability.PEER_SUPPORT)}
    if reads_contacts:
        contacts = SupportContact.objects.visible_to(user).filter(client=client)
        extra["contacts_url"] = reverse("support:contacts", kwargs={"client_pk": client.pk})
        extra["last_contact"] = contacts.order_by("-service_date", "-starts_at").first()
        extra["unsigned"] = contacts.unsigned().count()
    if reads_meetings(user):
        today = clock.today_in(client.site.timezone)
        extra["summary"] = selectors.recent_meetings(client_id=client.pk, user=user, today=today)
    return render_to_string("support/chart_panel.html", extra, request=request)
