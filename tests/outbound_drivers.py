"""Drivers for the registry test of outbound paths (trellis.privacy.paths.OUTBOUND_PATHS): one per path, each
performing the real release through the real page or API with Django's test client.

The contract, for every driver in DRIVERS:

    drive(world, client, actor) -> DriveResult

- `world` is the root conftest's World, `client` the client whose records are to leave, `actor` the member of
  staff who releases them (a clinician or the director: they hold the capabilities every page here needs).
- The driver prepares what the path needs that is not about consent (a signed treatment plan, a discharge with
  an aftercare referral, a registered outside system) through the real services, then releases. It never makes
  or changes a consent: the registry test does that, before calling it.
- Each driver sends to a recipient a TPO consent covers by general designation, for a TPO purpose (its
  RECIPIENTS entry says which), so `tests.part2.tpo_consent(client, actor)` is the consent that lets it through;
  a named consent to that recipient's name and kind does too.
- It returns a DriveResult: `refused` True with the gate's `message` (naming what is missing) and an empty
  `payload` when nothing left; otherwise `refused` False, the bytes that left in `payload` (a PDF, or the API
  answer's JSON) and in `attached` the notice as it travelled with them, whitespace collapsed: the text of the
  PDF's first page, or for the API the `X-Part2-Notice` header and the answer's `disclosure.notice`.
- One call releases to one recipient once: with a covering consent it writes exactly one Disclosure row.

The billing paths drive the real export command (claims_export) and the biller's packet page (review_packet).
"""

import datetime as dt
import io
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client as Browser
from django.urls import reverse
from pypdf import PdfReader
from rest_framework.test import APIClient

from trellis.accounts import outside_systems
from trellis.accounts.models import User
from trellis.accounts.roles import Role
from trellis.core import clock
from trellis.episodes.choices import DischargeReason, LevelOfCare
from trellis.episodes.discharge import Aftercare, discharge_with_aftercare
from trellis.episodes.models import AftercarePlan, Episode
from trellis.plans.models import TreatmentPlan
from trellis.plans.tests.given import signed_plan
from trellis.privacy import paths
from trellis.privacy.part2 import InfoKind, Purpose, RecipientKind
from trellis.referrals import services as referral_services
from trellis.referrals.choices import NeedDomain, ResourceKind
from trellis.referrals.models import Resource


@dataclass(frozen=True)
class DriveResult:
    refused: bool
    message: str = ""  # the gate's refusal, as the person releasing saw it
    payload: bytes = b""  # what left the program; empty when refused
    attached: str = ""  # the notice as it travelled with the payload, whitespace collapsed


# The recipient each driver sends to (kind, name) and why: covered by a TPO consent's general designation.
RECIPIENTS: dict[str, tuple[str, str, str]] = {
    paths.PLAN_PDF: (RecipientKind.PROVIDER, "Hillside Family Clinic", Purpose.TREATMENT),
    paths.DISCHARGE_PDF: (RecipientKind.PROVIDER, "Hillside Family Clinic", Purpose.TREATMENT),
    paths.AFTERCARE_REFERRAL: (RecipientKind.PROVIDER, "Lakeshore Outpatient", Purpose.TREATMENT),
    paths.OUTSIDE_API: (RecipientKind.HEALTH_PLAN, "Blue Ridge Health Plan", Purpose.PAYMENT),
    paths.CLAIMS_EXPORT: (RecipientKind.HEALTH_PLAN, "Blue Ridge Health Plan", Purpose.PAYMENT),
    paths.REVIEW_PACKET: (RecipientKind.HEALTH_PLAN, "Blue Ridge Health Plan", Purpose.PAYMENT),
    paths.REFERRAL: (RecipientKind.PROVIDER, "Lakeshore Outpatient", Purpose.TREATMENT),
    # Not a TPO recipient: CONSENTS below names the consent that lets this path through.
    paths.FAMILY_PORTAL: (RecipientKind.FAMILY, "Fran Test", Purpose.FAMILY),
}
# The billing paths bill a November day under the November authorization the billing factories make.
BILLED_DAY = dt.date(2026, 11, 2)
REFERRAL_LINE = "Lakeshore Outpatient, 555-0142, first visit in a week"


def _squash(text: str) -> str:
    return " ".join(text.split())


def _browser(actor: Any) -> Browser:
    browser = Browser()
    browser.force_login(actor)
    return browser


def _pdf_result(response: Any) -> DriveResult:
    """A PDF that left, with its first page's text; or the page's refusal."""
    if response.get("Content-Type") == "application/pdf":
        first_page = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
        return DriveResult(refused=False, payload=response.content, attached=_squash(first_page))
    if response.status_code == 403 and response.context and response.context.get("refusal"):
        return DriveResult(refused=True, message=str(response.context["refusal"]))
    raise AssertionError(f"neither a PDF nor a refusal: {response.status_code}")


def _episode(client: Any) -> Episode:
    episode: Episode | None = Episode.objects.filter(client=client).order_by("-admitted_on").first()
    assert episode is not None, "the client needs an episode of care"
    return episode


def _discharged(client: Any, actor: Any) -> Episode:
    """The client's latest episode, discharged with an aftercare referral if it was still open."""
    episode = _episode(client)
    if episode.is_open:
        discharge_with_aftercare(
            episode=episode,
            discharged_on=max(clock.today_in(client.site.timezone), episode.admitted_on),
            reason=DischargeReason.COMPLETED,
            summary="Completed the program; cravings rare.",
            aftercare=Aftercare(next_level_of_care=LevelOfCare.OUTPATIENT, referrals=REFERRAL_LINE),
            discharged_by=actor,
        )
    elif not AftercarePlan.objects.filter(episode=episode).exists():
        AftercarePlan.objects.create(episode=episode, referrals=REFERRAL_LINE, recorded_by=actor)
    return episode


def drive_plan_pdf(world: Any, client: Any, actor: Any) -> DriveResult:
    episode = _episode(client)
    plan = TreatmentPlan.objects.filter(episode=episode).first() or signed_plan(episode=episode, author=actor)
    kind, name, purpose = RECIPIENTS[paths.PLAN_PDF]
    response = _browser(actor).post(
        reverse("plans:release", kwargs={"pk": plan.pk}),
        {"recipient": "", "recipient_name": name, "recipient_kind": kind, "purpose": purpose},
    )
    return _pdf_result(response)


def drive_discharge_pdf(world: Any, client: Any, actor: Any) -> DriveResult:
    episode = _discharged(client, actor)
    kind, name, purpose = RECIPIENTS[paths.DISCHARGE_PDF]
    response = _browser(actor).post(
        reverse("episodes:discharge_release", kwargs={"pk": episode.pk}),
        {"recipient": "", "recipient_name": name, "recipient_kind": kind, "purpose": purpose},
    )
    return _pdf_result(response)


def drive_aftercare_referral(world: Any, client: Any, actor: Any) -> DriveResult:
    episode = _discharged(client, actor)
    plan = AftercarePlan.objects.get(episode=episode)
    _, name, _ = RECIPIENTS[paths.AFTERCARE_REFERRAL]
    response = _browser(actor).post(
        reverse("episodes:referral", kwargs={"pk": episode.pk}),
        {"referral": plan.referral_lines()[0], "provider": name},
    )
    return _pdf_result(response)


def drive_outside_api(world: Any, client: Any, actor: Any) -> DriveResult:
    """An outside system registered by a director of the client's organization reads the client's record."""
    director = User.objects.filter(organization_id=client.organization_id, role=Role.DIRECTOR).first()
    assert director is not None, "the client's organization needs a director to register the system"
    kind, name, purpose = RECIPIENTS[paths.OUTSIDE_API]
    _, secret = outside_systems.register_outside_system(
        name=name, recipient_kind=kind, purpose=purpose, registered_by=director
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    response = api.get(f"/api/v1/clients/{client.pk}/")
    if response.status_code == 403:
        return DriveResult(refused=True, message=str(response.json()["detail"]))
    assert response.status_code == 200, response.status_code
    body = response.json()
    attached = f"{response.get('X-Part2-Notice', '')} {body['disclosure']['notice']}"
    return DriveResult(refused=False, payload=json.dumps(body).encode(), attached=_squash(attached))


def _insured(world: Any, client: Any) -> Any:
    """The client insured with Blue Ridge (no consent: the registry test decides that) and one billable day."""
    from trellis.billing.models import Authorization, BillingProfile
    from trellis.billing.tests import billing_factories as billing

    if not BillingProfile.objects.filter(organization_id=client.organization_id).exists():
        billing.BillingProfileFactory.create(organization_id=client.organization_id)
    _, name, _ = RECIPIENTS[paths.CLAIMS_EXPORT]
    payer = billing.PayerFactory.create(organization_id=client.organization_id, name=name, payer_id="77001")
    billing.FeeFactory.create(payer=payer)
    billing.insure(client, payer, by=world.bill, consent=False)
    billing.billable_day(world, client, BILLED_DAY)
    return Authorization.objects.get(coverage__client=client)


def drive_claims_export(world: Any, client: Any, actor: Any) -> DriveResult:
    """Charge capture, a recheck (as the biller presses it) and `manage.py export_claims` for November."""
    from trellis.billing.capture import capture_charges, recheck_held_charges

    _insured(world, client)
    capture_charges(first=BILLED_DAY, last=BILLED_DAY, organization=client.organization)
    recheck_held_charges(organization=client.organization)
    out = Path(tempfile.mkdtemp(prefix="claims-")) / "out"
    said = io.StringIO()
    try:
        call_command(
            "export_claims", "--organization", client.organization.name, "--from", "2026-11-01",
            "--to", "2026-11-30", "--out", str(out), stdout=said,
        )  # fmt: skip
    except CommandError as refused:  # every claim held: nothing was written
        return DriveResult(refused=True, message=str(refused))
    [x12] = out.glob("*.x12")
    notice = x12.with_name(x12.name.replace(".x12", ".part2-notice.txt")).read_text()
    return DriveResult(refused=False, payload=x12.read_bytes(), attached=_squash(notice))


def drive_review_packet(world: Any, client: Any, actor: Any) -> DriveResult:
    """The biller opens the utilization review packet for the client's authorization."""
    authorization = _insured(world, client)
    response = _browser(world.bill).get(
        reverse("billing:review_packet", args=[authorization.pk]), follow=True
    )
    if response.get("Content-Type") == "application/pdf":
        return _pdf_result(response)
    page = response.content.decode()
    start = page.find("Refused:")
    return DriveResult(
        refused=True, message=_squash(page[start : page.find("<", start)]) if start >= 0 else ""
    )


def drive_referral(world: Any, client: Any, actor: Any) -> DriveResult:
    """A case manager sends a drafted referral to an outpatient provider in the directory, then opens the
    referral as it went, with its notice."""
    _, name, _ = RECIPIENTS[paths.REFERRAL]
    resource = Resource.objects.filter(organization_id=actor.organization_id, name=name).first()
    resource = resource or referral_services.save_resource(
        actor=actor, values={"name": name, "kind": ResourceKind.OUTPATIENT}
    )
    terms = referral_services.ReferralTerms(
        resource=resource, domain=NeedDomain.TREATMENT, reason="Outpatient counseling after the program.",
        records=(InfoKind.ATTENDANCE,), follow_up_on=clock.today_in(client.site.timezone),
    )  # fmt: skip
    referral = referral_services.draft_referral(actor=actor, client=client, terms=terms)
    browser = _browser(actor)
    response = browser.post(reverse("referrals:send", kwargs={"pk": referral.pk}), {"note": ""})
    if response.status_code == 403 and response.context and response.context.get("refusal"):
        return DriveResult(refused=True, message=str(response.context["refusal"]))
    letter = browser.get(reverse("referrals:letter", kwargs={"pk": referral.pk}))
    assert letter.context, f"no referral letter: {response.status_code}"
    assert letter.context.get("notice"), "the referral letter carries no notice"
    return DriveResult(refused=False, payload=letter.content, attached=_squash(str(letter.context["notice"])))


def drive_family_portal(world: Any, client: Any, actor: Any) -> DriveResult:
    """Fran, the client's sister and an invited contact, opens her family page in the portal."""
    from trellis.clients.models import ClientContact
    from trellis.portal import family_sessions, sessions
    from trellis.portal.models import FamilyAccess

    _, name, _ = RECIPIENTS[paths.FAMILY_PORTAL]
    contact, _ = ClientContact.objects.get_or_create(client=client, name=name)
    access, _ = FamilyAccess.objects.get_or_create(
        contact=contact, defaults={"client": client, "mobile": "+14135550177", "invited_at": clock.now()}
    )
    browser = Browser()
    session = browser.session  # as if her code had just signed her in
    session[family_sessions.ACCESS_KEY] = str(access.pk)
    session[sessions.STARTED_KEY] = session[sessions.SEEN_KEY] = clock.now().timestamp()
    session.save()
    response = browser.get(reverse("portal:family_home"), follow=True)
    page = response.context.get("page") if response.context else None
    if page is None:
        return DriveResult(refused=True, message=_squash(response.content.decode()))
    return DriveResult(refused=False, payload=response.content, attached=_squash(page.notice))


def _family_consent(client: Any, actor: Any) -> Any:
    from tests.part2 import named_consent

    kind, name, purpose = RECIPIENTS[paths.FAMILY_PORTAL]
    information = tuple(paths.OUTBOUND_PATHS[paths.FAMILY_PORTAL].information)
    return named_consent(
        client, actor, recipient_kind=kind, recipient_name=name, purposes=(purpose,), information=information
    )


# The consent that lets a path through, where a TPO consent (tests.part2.tpo_consent) does not.
CONSENTS: dict[str, Callable[[Any, Any], Any]] = {paths.FAMILY_PORTAL: _family_consent}


def consent_for(path: str, client: Any, actor: Any) -> Any:
    """The consent that lets `path` release the client's records: CONSENTS' own, else the TPO consent."""
    from tests.part2 import tpo_consent

    return CONSENTS[path](client, actor) if path in CONSENTS else tpo_consent(client, actor)


Driver = Callable[[Any, Any, Any], DriveResult]
DRIVERS: dict[str, Driver] = {
    paths.PLAN_PDF: drive_plan_pdf,
    paths.DISCHARGE_PDF: drive_discharge_pdf,
    paths.AFTERCARE_REFERRAL: drive_aftercare_referral,
    paths.OUTSIDE_API: drive_outside_api,
    paths.CLAIMS_EXPORT: drive_claims_export,
    paths.REVIEW_PACKET: drive_review_packet,
    paths.REFERRAL: drive_referral,
    paths.FAMILY_PORTAL: drive_family_portal,
}
