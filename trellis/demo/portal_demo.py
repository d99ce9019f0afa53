"""The client portal in the demo: two clients invited (fictional 555-01xx numbers), and how to get their
sign-in code on a development machine, where no text leaves it."""

import datetime as dt

from django.db import transaction

from trellis.clients.models import Client
from trellis.core import clock
from trellis.demo.telehealth_demo import make_virtual_session
from trellis.portal.models import PortalAccount
from trellis.programs.models import Organization

MOBILES = ("+15555550191", "+15555550192")


def load_portal(*, organization_name: str, seed: int, today: dt.date) -> int:
    """Returns how many demo clients were invited to the portal."""
    with transaction.atomic():
        organization = Organization.objects.get(name=organization_name)
        clients = list(
            Client.objects.filter(organization=organization, episodes__discharged_on__isnull=True)
            .distinct()
            .order_by("chart_number")[: len(MOBILES)]
        )
        for client, mobile in zip(clients, MOBILES, strict=False):
            PortalAccount.objects.create(client=client, mobile=mobile, invited_at=clock.now())
        make_virtual_session(mobiles=MOBILES, today=today)
    return len(clients)


def how_to_sign_in() -> list[str]:
    """Lines for print_logins: who can sign in at /me/ and how to see their code in development."""
    accounts = PortalAccount.objects.filter(mobile__in=MOBILES, is_active=True).select_related("client")
    lines = [
        f"  {account.client.display_name}: mobile {account.mobile}" for account in accounts.order_by("mobile")
    ]
    if not lines:
        return []
    return [
        "\nClient portal at /me/ (demo clients sign in with a one-time code):",
        *lines,
        "  Ask for a code on /me/sign-in/, then read it in var/sms/sms.jsonl,",
        "  or run `manage.py portal_code <mobile>` (DEBUG only) to issue and print one.",
    ]
