"""Telehealth seed (issue 13's Done-when story): Tali, a client at a site of her own (Westside) whose clinician
Tess also facilitates Tali's virtual group. Tali has no portal account yet, a plan and a TPO consent awaiting
her signature, and her PHQ-9 baseline owed (the shared program gives it every 14 days; admitted ten days ago).
The virtual session started five minutes before the seed and runs six hours, so it is open for joining while
the browser tests run. Ari, in the same group, is already in the portal with something on every portal page
(a consent to sign, one signed, a check-in answered) for the axe-core pass; the pages are only read. Nobody
else is on this site, so no other browser test's roster or Today changes. Synthetic."""

import datetime as dt
from typing import Any

from tests import factories
from tests.e2e.seed import PASSWORD
from trellis.accounts.roles import Role
from trellis.core import clock
from trellis.measures.choices import Source
from trellis.measures.services import record_measure
from trellis.plans.tests.given import draft_plan
from trellis.portal import signing
from trellis.portal.models import PortalAccount
from trellis.portal.tests.test_signing import tpo
from trellis.scheduling.models import GroupSession, SessionMode

TALI_MOBILE = "(217) 555-0155"
ARI_MOBILE = "+12175550144"
SESSION_MINUTES = 360


def seed(base: Any) -> None:
    site = factories.SiteFactory.create(
        organization=base.organization, name="Telehealth Westside", timezone="UTC"
    )
    tess = factories.UserFactory.create(
        username="tess", first_name="Tess", last_name="Telehealth", role=Role.CLINICIAN,
        organization=base.organization, sites=[site], programs=[base.program], password=PASSWORD,
    )  # fmt: skip
    tali = factories.ClientFactory.create(
        site=site, legal_first_name="Tali", legal_last_name="Telehealthtest", phone=TALI_MOBILE
    )
    track = factories.TrackFactory.create(program=base.program, site=site, name="Westside online")
    admitted = base.today - dt.timedelta(days=10)
    episode = factories.EpisodeFactory.create(
        client=tali, program=base.program, admitted_on=admitted, primary_clinician=tess
    )
    factories.EnrollmentFactory.create(episode=episode, track=track, phase=base.phase, starts_on=admitted)
    draft_plan(episode=episode, author=tess)
    tpo(tali, tess)
    starts = clock.now().replace(second=0, microsecond=0) - dt.timedelta(minutes=5)
    group = factories.RecurringGroupFactory.create(
        track=track, facilitator=tess, name="Online process group", weekdays=list(range(7)),
        starts_at=starts.time(), duration_minutes=SESSION_MINUTES, active_from=admitted,
        session_mode=SessionMode.VIRTUAL,
    )  # fmt: skip
    _ari(site, track, tess, base)
    GroupSession.objects.create(
        group=group, track=track, date=starts.date(), starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=SESSION_MINUTES), room=group.room, facilitator=tess,
    )  # fmt: skip


def _ari(site: Any, track: Any, tess: Any, base: Any) -> None:
    ari = factories.ClientFactory.create(site=site, legal_first_name="Ari", legal_last_name="Axetest")
    admitted = base.today - dt.timedelta(days=10)
    episode = factories.EpisodeFactory.create(
        client=ari, program=base.program, admitted_on=admitted, primary_clinician=tess
    )
    factories.EnrollmentFactory.create(episode=episode, track=track, phase=base.phase, starts_on=admitted)
    draft_plan(episode=episode, author=tess)
    tpo(ari, tess)
    signing.sign_consent(
        client=ari, consent=tpo(ari, tess), typed_name=signing.name_on_file(ari), device="seed"
    )
    record_measure(client=ari, instrument="gad7", answers=[0] * 7, administered_by=tess, source=Source.CLIENT)
    PortalAccount.objects.create(client=ari, mobile=ARI_MOBILE, invited_by=tess, invited_at=clock.now())
