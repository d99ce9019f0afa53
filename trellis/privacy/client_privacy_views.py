"""The client's privacy page: the accounting of disclosures (and its PDF for the client), restriction requests,
court orders and emergency disclosures, each read once, in a fixed number of queries, and audited."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.privacy import accounting, audit, documents
from trellis.privacy.consent_models import CourtOrder, RestrictionRequest, RestrictionState
from trellis.privacy.disclosure_models import EmergencyDisclosure
from trellis.privacy.part2 import labels
from trellis.privacy.restrictions import MUST_AGREE


def client_or_404(request: HttpRequest, pk: Any) -> Client:
    """A client this user may see (their organization, sites and programs), or 404."""
    queryset = Client.objects.visible_to(request.user).select_related("site")
    client: Client = get_object_or_404(queryset, pk=pk)
    return client


def _restrictions(client: Client) -> list[RestrictionRequest]:
    queryset = RestrictionRequest.objects.filter(client=client).select_related(
        "payer", "decided_by", "ended_by", "recorded_by"
    )
    return list(queryset)


def _court_orders(client: Client) -> list[tuple[CourtOrder, list[str]]]:
    orders = CourtOrder.objects.filter(client=client).select_related("recorded_by")
    return [(order, labels(order.information)) for order in orders]


def _emergencies(client: Client) -> list[tuple[EmergencyDisclosure, list[str]]]:
    found = EmergencyDisclosure.objects.filter(client=client).select_related("disclosed_by", "reviewed_by")
    return [(emergency, labels(emergency.information)) for emergency in found]


@requires(Capability.VIEW_CLIENTS)
def client_privacy_view(request: HttpRequest, pk: Any) -> HttpResponse:
    client = client_or_404(request, pk)
    user: Any = request.user
    audit.record(
        actor=user, action=audit.Action.VIEW, client_id=client.pk, obj=client, detail="privacy: accounting"
    )
    context = {
        "client": client,
        "accounting": accounting.get_accounting(client=client),
        "restrictions": _restrictions(client),
        "awaiting": RestrictionState.REQUESTED,
        "agreed": RestrictionState.AGREED,
        "must_agree": MUST_AGREE,
        "court_orders": _court_orders(client),
        "emergencies": _emergencies(client),
        # The nature of an emergency is clinical: shown to clinical staff and the privacy officer only.
        "sees_emergencies": user.can(Capability.VIEW_CLINICAL) or user.can(Capability.MANAGE_PRIVACY),
        "can_decide": user.can(Capability.MANAGE_PRIVACY),
        "can_break_glass": user.can(Capability.VIEW_CLINICAL),
    }
    return render(request, "privacy/client_privacy.html", context)


@requires(Capability.VIEW_CLIENTS)
def accounting_pdf_view(request: HttpRequest, pk: Any) -> HttpResponse:
    """The accounting as a PDF to hand to the client: a copy for them, not a disclosure to anyone else."""
    client = client_or_404(request, pk)
    document = documents.render_accounting_pdf(accounting=accounting.get_accounting(client=client))
    audit.record(
        actor=request.user,
        action=audit.Action.EXPORT,
        client_id=client.pk,
        obj=client,
        detail="privacy: accounting of disclosures PDF",
    )
    response = HttpResponse(document, content_type="application/pdf")
    filename = f"accounting-of-disclosures-{client.chart_number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
