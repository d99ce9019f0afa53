"""Alumni seed: Jordan, discharged 30 days ago from a site of her own (Alumni Westside), so her 30-day
follow-up is open today; Alva does admissions there and sees only Westside's inquiries; Ari, her clinician,
keeps Westside's alumni events (a picnic in five days). Synthetic."""

import datetime as dt
from typing import Any

from tests import factories
from tests.e2e.seed import PASSWORD
from trellis.accounts.roles import Role
from trellis.alumni.models import AlumniEvent
from trellis.core import clock
from trellis.portal.models import PortalAccount

JORDAN_MOBILE = "+12175550146"


def seed(base: Any) -> None:
    site = factories.SiteFactory.create(
        organization=base.organization, name="Alumni Westside", timezone="UTC"
    )
    staff = {
        "organization": base.organization,
        "sites": [site],
        "programs": [base.program],
        "password": PASSWORD,
    }
    clinician = factories.UserFactory.create(
        username="ari.alumni", first_name="Ari", last_name="Clinician", role=Role.CLINICIAN, **staff
    )
    factories.UserFactory.create(
        username="alva.admissions", first_name="Alva", last_name="Admissions", role=Role.ADMISSIONS, **staff
    )
    jordan = factories.ClientFactory.create(
        site=site, legal_first_name="Jordan", legal_last_name="Alumnitest", phone="(217) 555-0146"
    )
    factories.EpisodeFactory.create(
        client=jordan,
        program=base.program,
        admitted_on=base.today - dt.timedelta(days=90),
        discharged_on=base.today - dt.timedelta(days=30),
        discharge_reason=1,
        primary_clinician=clinician,
    )
    PortalAccount.objects.create(
        client=jordan, mobile=JORDAN_MOBILE, invited_by=clinician, invited_at=clock.now()
    )
    AlumniEvent.objects.create(
        organization=base.organization, site=site, title="Westside alumni picnic",
        starts_at=clock.now() + dt.timedelta(days=5), location="Westside park pavilion", created_by=clinician,
    )  # fmt: skip
