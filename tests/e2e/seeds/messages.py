"""Secure messages seed: Sage, a client of Alice's invited to the portal and opted in to texts, with no
messages yet. Only test_portal_messages uses her. Synthetic."""

import datetime as dt
from typing import Any

from tests import factories
from trellis.notifications.services import record_opt_in
from trellis.portal import services

SAGE_MOBILE = "(217) 555-0133"


def seed(base: Any) -> None:
    sage = factories.ClientFactory.create(
        site=base.site, legal_first_name="Sage", legal_last_name="Messagetest", phone=SAGE_MOBILE
    )
    factories.EpisodeFactory.create(
        client=sage, program=base.program, admitted_on=base.today - dt.timedelta(days=5)
    )
    services.invite_client(client=sage, email="", mobile=SAGE_MOBILE, invited_by=base.alice)
    record_opt_in(client=sage, channel="sms", address=SAGE_MOBILE, how="verbal", recorded_by=base.alice)
