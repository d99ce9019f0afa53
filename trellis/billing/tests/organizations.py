"""A second, small organization for the billing boundary tests: Harbor Light, with its own site, program,
biller, client, payer and billing identity. Everything fictional."""

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from tests import factories
from trellis.accounts.roles import Role
from trellis.billing.tests import billing_factories as given
from trellis.demo.npi import npi_with_check_digit


@dataclass
class Harbor:
    organization: Any
    site: Any
    program: Any
    group: Any
    beth: Any  # Harbor Light's biller
    olga: Any  # Harbor Light's clinician
    olive: Any  # a Harbor Light client
    payer: Any


def harbor_light(*, payer_name: str = "Prairie Mutual (fictional)") -> Harbor:
    organization = factories.OrganizationFactory.create(name="Harbor Light Recovery")
    site = factories.SiteFactory.create(organization=organization, name="Harborside")
    program = factories.ProgramFactory.create(organization=organization, name="Harbor IOP")
    phase = factories.PhaseFactory.create(program=program, number=1, days_per_week=3)
    track = factories.TrackFactory.create(program=program, site=site, name="Harbor day")
    staff = {"sites": [site], "programs": [program], "organization": organization}
    olga = factories.UserFactory.create(username="olga", first_name="Olga", role=Role.CLINICIAN, **staff)
    beth = factories.UserFactory.create(username="beth", first_name="Beth", role=Role.BILLER, **staff)
    group = factories.RecurringGroupFactory.create(track=track, facilitator=olga, name="Harbor process group")
    olive = factories.ClientFactory.create(site=site, legal_first_name="Olive", legal_last_name="Harbors")
    factories.EnrollmentFactory.create(
        episode=factories.EpisodeFactory.create(client=olive, program=program), track=track, phase=phase
    )
    given.BillingProfileFactory.create(
        organization=organization, legal_name="Harbor Light IOP", npi=npi_with_check_digit("987654321"),
        tin="990000777", submitter_id="HARBOR77", contact_name="Beth Biller",
    )  # fmt: skip
    payer = given.PayerFactory.create(organization=organization, name=payer_name)
    given.FeeFactory.create(payer=payer)
    given.insure(olive, payer, by=beth)
    return Harbor(organization, site, program, group, beth, olga, olive, payer)


def harbor_day(harbor: Harbor, day: dt.date) -> Any:
    """A documented, signed group day for Olive at Harborside, recorded by Harbor Light's own clinician."""
    staff = SimpleNamespace(alice=harbor.olga, group_a=harbor.group)
    record = given.attend(staff, harbor.olive, day)
    given.document(record, harbor.olga)
    return record
