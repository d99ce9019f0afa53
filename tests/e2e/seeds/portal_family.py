"""Portal family seed: Gwen, a client in no group, her father Hank on file as a contact, a signed consent naming
Hank for her schedule and family-group invitations, and a family session booked in two days. Synthetic."""

import datetime as dt
from typing import Any

from tests import factories
from tests.part2 import named_consent
from trellis.clients.models import ClientContact
from trellis.core import clock
from trellis.privacy.part2 import InfoKind, Purpose, RecipientKind
from trellis.scheduling import booking
from trellis.scheduling.appointments import Appointment

HANK_MOBILE = "+12175550138"


def seed(base: Any) -> None:
    gwen = factories.ClientFactory.create(
        site=base.site, legal_first_name="Gwen", legal_last_name="Portalfamily", phone="(217) 555-0137"
    )
    factories.EpisodeFactory.create(
        client=gwen, program=base.program, admitted_on=base.today - dt.timedelta(days=10)
    )
    ClientContact.objects.create(client=gwen, name="Hank Portalfamily", relationship="Father")
    named_consent(
        gwen,
        base.alice,
        recipient_kind=RecipientKind.FAMILY,
        recipient_name="Hank Portalfamily",
        purposes=(Purpose.FAMILY,),
        information=(InfoKind.IDENTITY, InfoKind.SCHEDULE, InfoKind.FAMILY_GROUPS),
    )
    day = clock.now().replace(hour=5, minute=10, second=0, microsecond=0) + dt.timedelta(days=2)
    booking.book_appointment(
        kind=Appointment.Kind.FAMILY,
        site=base.site,
        staff=base.alice,
        client=gwen,
        starts_at=day,
        minutes=50,
        booked_by=base.alice,
    )
