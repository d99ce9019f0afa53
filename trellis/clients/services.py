import datetime as dt
import secrets
from typing import Any

from django.db import transaction

from trellis.clients import addresses
from trellis.clients.models import Client, ClientContact
from trellis.core import plausible_dates
from trellis.core.errors import reject
from trellis.privacy import audit
from trellis.programs.choices import Population
from trellis.programs.models import Site

ADDRESS_FIELDS = ("address_line1", "address_line2", "city", "state", "postal_code")
CONTACT_PREFERENCES = (
    "phone_voicemail_ok",
    "phone_text_ok",
    "alternate_phone",
    "alternate_phone_voicemail_ok",
    "email_ok",
)
OUTSIDE_CARE_FIELDS = (
    "primary_care_name",
    "primary_care_phone",
    "primary_care_address",
    "pharmacy_name",
    "pharmacy_phone",
    "pharmacy_address",
)
EDITABLE_FIELDS = (
    "legal_first_name",
    "legal_last_name",
    "preferred_name",
    "pronouns",
    "date_of_birth",
    "gender_identity",
    "phone",
    "email",
    *ADDRESS_FIELDS,
    "living_situation",
    "populations",
    *CONTACT_PREFERENCES,
    "no_known_allergies",
    *OUTSIDE_CARE_FIELDS,
)


def _new_chart_number() -> str:
    return f"T{secrets.token_hex(4).upper()}"


def _check_date_of_birth(*, site: Site, born: dt.date | None) -> None:
    plausible_dates.check_birth_date(
        field="date_of_birth", born=born, today=plausible_dates.today_at(site.timezone)
    )


def _clean_address(values: dict[str, Any]) -> dict[str, str]:
    """The address fields among `values`, trimmed, the state upper-cased and the ZIP normalized; a state or
    ZIP that is not one is refused (USPS Publication 28)."""
    cleaned = {name: " ".join(str(values[name]).split()) for name in ADDRESS_FIELDS if name in values}
    if cleaned.get("state"):
        state = addresses.normal_state(cleaned["state"])
        if state is None:
            reject("state", "Enter the state as its two-letter postal code, such as IL.")
        cleaned["state"] = state
    if cleaned.get("postal_code"):
        postal_code = addresses.normal_postal_code(cleaned["postal_code"])
        if postal_code is None:
            reject("postal_code", "Enter a ZIP code of five digits, or ZIP+4 such as 62702-1234.")
        cleaned["postal_code"] = postal_code
    for name, limit in (("address_line1", addresses.LINE_LENGTH), ("address_line2", addresses.LINE_LENGTH),
                        ("city", addresses.CITY_LENGTH)):  # fmt: skip
        if len(cleaned.get(name, "")) > limit:
            reject(name, f"Keep this under {limit + 1} characters: claims carry no more.")
    return cleaned


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
    address_line1: str = "",
    address_line2: str = "",
    city: str = "",
    state: str = "",
    postal_code: str = "",
    populations: list[str] | None = None,
) -> Client:
    if not legal_first_name.strip() or not legal_last_name.strip():
        reject("legal_last_name", "A client needs a legal first and last name.")
    _check_date_of_birth(site=site, born=date_of_birth)
    _check_populations(populations or [])
    address = _clean_address(
        {"address_line1": address_line1, "address_line2": address_line2, "city": city, "state": state,
         "postal_code": postal_code}
    )  # fmt: skip
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
        **address,
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
    changes.update(_clean_address(changes))
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
