"""Units spent on authorizations, read from the charges in one query and counted by the one rule
(`rules.authorizations.units_used`) that capture's holds, the authorization page and the review packet share."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from trellis.billing.models import Charge
from trellis.billing.rules import authorizations as auth_rules


def units_used_by_authorization(
    authorization_ids: Iterable[Any], *, excluding: Q | None = None
) -> dict[Any, int]:
    """Units used on each authorization (absent: none); `excluding` leaves out charges a capture run is about
    to decide again, so they are not counted twice."""
    charges = Charge.objects.filter(authorization_id__in=list(authorization_ids))
    if excluding is not None:
        charges = charges.exclude(excluding)
    rows = charges.values_list("authorization_id", "status", "units")
    return auth_rules.units_used(auth_rules.SpentCharge(*row) for row in rows)
