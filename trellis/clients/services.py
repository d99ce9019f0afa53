import datetime as dt
import secrets
from typing import Any

from django.db import transaction

from trellis.clients.models import Client, ClientContact
from trellis.core import plausible_dates
from trellis.core.errors import reject
from trellis.privacy import audit
from trellis.programs.choices import Population
from trellis.programs.models import Site

EDITABLE_FIELDS = (
    "legal_first_name",
    "legal_last_name",
    "preferred_name",
    "pronouns",
    "date_of_birth",
    "gender_identity",
    "phone",
    "email",
    "address",
    "populations",
)


def _new_chart_number() -> str:
    return f"T{secrets.token_hex(4).upper()}"


def _check_date_of_birth(*, site: Site, born: dt.date | None) -> None:
    plausible_dates.check_birth_date(
        field="date_of_birth", born=born, today=plausible_dates.today_at(site.timezone)
    )


def _check_populations(populations: list[str]) -> None:
    unknown = sorted(set(populations) - set(Population.values))
    if unknown:
        reject("populations", f"Unknown population: {', '.join(unknown)}.")


@transaction.atomic
def register_client(
    *,
    site: Site,
    legal_first_name: str,
    legal_last_name: str,
    registered_by: Any,
    date_of_birth: dt.date | None = None,
    preferred_name: str = "",
    pronouns: str = "",
    gender_identity: str = "",
    phone: str = "",
    email: str = "",
    address: str = "",
    populations: list[str] | None = None,
) -> Client:
    if not legal_first_name.strip() or not legal_last_name.strip():
        reject("legal_last_name", "A client needs a legal first and last name.")
    _check_date_of_birth(site=site, born=date_of_birth)
    _check_populations(populations or [])
    client = Client.objects.create(
        organization_id=site.organization_id,
        site=site,
        chart_number=_new_chart_number(),
        legal_first_name=legal_first_name.strip(),
        legal_last_name=legal_last_name.strip(),
        preferred_name=preferred_name,
        pronouns=pronouns,
        date_of_birth=date_of_birth,
        gender_identity=gender_identity,
        phone=phone,
        email=email,
        address=address,
        populations=populations or [],
    )
    audit.record(
        actor=registered_by, action=audit.Action.CREATE, client_id=client.pk, obj=client, detail="client"
    )
    return client


@transaction.atomic
def update_client(*, client: Client, changed_by: Any, **changes: Any) -> Client:
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        reject(unknown[0], "This field cannot be changed here.")
    if "date_of_birth" in changes:
        _check_date_of_birth(site=client.site, born=changes["date_of_birth"])
    _check_populations(changes.get("populations", []))
    changed = [name for name, value in changes.items() if getattr(client, name) != value]
    for name in changed:
        setattr(client, name, changes[name])
    if changed:
        client.save(update_fields=[*changed, "updated_at"])
        # Field names only: the audit trail must not copy PHI.
        audit.record(
            actor=changed_by,
            action=audit.Action.UPDATE,
            client_id=client.pk,
            obj=client,
            detail="changed " + ", ".join(changed),
        )
    return client


@transaction.atomic
def add_contact(
    *, client: Client, name: str, relationship: str, phone: str, is_emergency_contact: bool, added_by: Any
) -> ClientContact:
    if not name.strip():
        reject("name", "A contact needs a name.")
    contact = ClientContact.objects.create(
        client=client,
        name=name.strip(),
        relationship=relationship,
        phone=phone,
        is_emergency_contact=is_emergency_contact,
    )
    audit.record(
        actor=added_by, action=audit.Action.CREATE, client_id=client.pk, obj=contact, detail="contact"
    )
    return contact
