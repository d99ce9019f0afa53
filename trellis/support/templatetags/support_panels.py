"""The chart's case-management and peer-support panel: the latest contact, the unsigned count, and the
outside meetings of the last 30 days. Three queries; the chart has checked access and written the audit event.
"""

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.urls import reverse

from trellis.accounts.roles import Capability
from trellis.core import clock
from trellis.privacy import audit
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


@register.simple_tag(takes_context=True)
def support_today_panel(context: dict[str, Any]) -> str:
    """The reader's own unsigned contacts: a peer specialist has no worklist, so Today is where they are
    chased (the worklist lists them too, for those who have one). One query."""
    request = context["request"]
    user = request.user
    if not readable_kinds(user):
        return ""
    drafts = list(
        SupportContact.objects.visible_to(user)
        .unsigned()
        .filter(author=user)
        .select_related("client")
        .order_by("service_date", "starts_at")
    )
    if not drafts:
        return ""
    audit.record_views(actor=user, client_ids={c.client_id for c in drafts}, detail="today: contacts to sign")
    return render_to_string("support/today_panel.html", {"drafts": drafts}, request=request)
