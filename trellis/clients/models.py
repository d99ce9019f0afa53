"""The client record: the root of all protected health information in Trellis."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from trellis.clients import addresses, card_images
from trellis.clients.querysets import ClientQuerySet
from trellis.core.models import TimeStampedModel
from trellis.programs.choices import Population


class LivingSituation(models.TextChoices):
    """Where the client lives now, in the words TEDS maps from (clients.teds)."""

    HOME = "home", "Home (own or family's)"
    SOBER_LIVING = "sober_living", "Sober living / supervised residence"
    UNSTABLE = "unstable", "Unstable housing or homeless"
    OTHER = "other", "Other"


class Client(TimeStampedModel):
    """A person in (or coming into) treatment. Everything optional that a client may decline to give."""

    organization = models.ForeignKey(
        "programs.Organization", on_delete=models.PROTECT, related_name="clients"
    )
    site = models.ForeignKey("programs.Site", on_delete=models.PROTECT, related_name="clients")
    chart_number = models.CharField(max_length=20, unique=True)
    legal_first_name = models.CharField(max_length=80)
    legal_last_name = models.CharField(max_length=80)
    preferred_name = models.CharField(max_length=80, blank=True)
    pronouns = models.CharField(max_length=30, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    gender_identity = models.CharField(max_length=60, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    # Consent to contact: what staff may do when the client does not answer (HIPAA 164.522(b) confidential
    # communications). Unset means no: ask before leaving anything.
    phone_voicemail_ok = models.BooleanField("May leave a voicemail", default=False)
    phone_text_ok = models.BooleanField("May send text messages", default=False)
    alternate_phone = models.CharField(max_length=30, blank=True)
    alternate_phone_voicemail_ok = models.BooleanField(
        "May leave a voicemail on the other phone", default=False
    )
    email = models.EmailField(blank=True)
    email_ok = models.BooleanField("May send e-mail", default=False)
    # Line 1 is longer than the 837's 55 characters only to keep an old one-line address that did not parse.
    address_line1 = models.CharField("Street address", max_length=200, blank=True)
    address_line2 = models.CharField("Apartment, suite, unit", max_length=55, blank=True)
    city = models.CharField(max_length=30, blank=True)
    state = models.CharField(max_length=2, blank=True, help_text="USPS two-letter code")
    postal_code = models.CharField("ZIP code", max_length=10, blank=True)
    # Explicit, unlike an empty list, which only says nobody asked.
    no_known_allergies = models.BooleanField("No known allergies", default=False)
    primary_care_name = models.CharField("Primary care provider", max_length=120, blank=True)
    primary_care_phone = models.CharField("Primary care phone", max_length=30, blank=True)
    primary_care_address = models.CharField("Primary care address", max_length=200, blank=True)
    pharmacy_name = models.CharField("Pharmacy", max_length=120, blank=True)
    pharmacy_phone = models.CharField("Pharmacy phone", max_length=30, blank=True)
    pharmacy_address = models.CharField("Pharmacy address", max_length=200, blank=True)
    living_situation = models.CharField(
        "Living situation", max_length=20, choices=LivingSituation.choices, blank=True
    )
    # Self-identified, for matching to population tracks; a list of programs.choices.Population values.
    populations = models.JSONField(default=list, blank=True)

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = ["legal_last_name", "legal_first_name"]
        indexes = [models.Index(fields=["site", "legal_last_name"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.legal_first_name
        return f"{first} {self.legal_last_name}"

    @property
    def initials(self) -> str:
        first = self.preferred_name or self.legal_first_name
        return f"{first[:1]}{self.legal_last_name[:1]}".upper()

    def age_on(self, day: dt.date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def postal_address(self) -> addresses.Address:
        return addresses.Address(
            line1=self.address_line1,
            line2=self.address_line2,
            city=self.city,
            state=self.state,
            postal_code=self.postal_code,
        )

    @property
    def address_lines(self) -> list[str]:
        """The address as it goes on an envelope: street lines, then "City, ST 12345"."""
        place = " ".join(
            part for part in (f"{self.city}," if self.city else "", self.state, self.postal_code) if part
        )
        return [line for line in (self.address_line1, self.address_line2, place.rstrip(",")) if line]

    def population_labels(self) -> list[str]:
        labels: dict[str, Any] = dict(Population.choices)
        return [str(labels[code]) for code in self.populations if code in labels]


class ClientContact(TimeStampedModel):
    """Someone connected to a client: family, emergency contact, sponsor."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=120)
    relationship = models.CharField(max_length=60, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    is_emergency_contact = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_emergency_contact", "name"]

    def __str__(self) -> str:
        return self.name


class Allergy(TimeStampedModel):
    """Something the client reacts to (a medication, food or material), as the client or a record reports it."""

    class Severity(models.TextChoices):
        MILD = "mild", "Mild"
        MODERATE = "moderate", "Moderate"
        SEVERE = "severe", "Severe"
        UNKNOWN = "unknown", "Not known"

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="allergies")
    substance = models.CharField(max_length=120)
    reaction = models.CharField(max_length=200, blank=True)
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.UNKNOWN)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["substance"]
        verbose_name_plural = "allergies"
        constraints = [models.UniqueConstraint(Lower("substance"), "client", name="allergy_once_per_client")]

    def __str__(self) -> str:
        return self.substance


def _card_path(card: "InsuranceCard", filename: str) -> str:
    return f"{card_images.FOLDER}/{card.client_id}/{filename}"


class InsuranceCard(TimeStampedModel):
    """A photo of the client's insurance card, front and back, as the client showed it at intake or since."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="insurance_cards")
    label = models.CharField("Plan on the card", max_length=120)
    front = models.FileField(upload_to=_card_path, max_length=200)
    back = models.FileField(upload_to=_card_path, max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label


class ChartStamp(models.Model):
    """What a client's chart looked like when last changed: a fresh stamp with every audited change to the
    client's care, in that change's transaction, so a chart kept under an older stamp is never shown again.

    Keyed by the client's id without a foreign key: the audit event that stamps may be the client's deletion.
    """

    client_id = models.UUIDField(primary_key=True)
    stamp = models.UUIDField()
    # The sites whose pages showed the client when last stamped (home site and tracks' sites), so the next
    # change renews them too: a client who moved is gone from the old site's pages at once. None: not known
    # (stamped before sites were kept), so the next change renews the whole organization.
    sites = models.JSONField(null=True, blank=True)

    def __str__(self) -> str:
        return f"chart stamp {self.stamp}"


class SetupStamp(models.Model):
    """The same for what charts show that no one client owns (programs, tracks, staff, schedules, settings):
    a fresh stamp with every audited change in the organization that names no client."""

    organization_id = models.UUIDField(primary_key=True)
    stamp = models.UUIDField()

    def __str__(self) -> str:
        return f"setup stamp {self.stamp}"


class ActivityStamp(models.Model):
    """Something no one site owns changed in the organization (its setup, staff, settings, or a client whose
    sites are not known): a fresh stamp with every such audited change, in that change's transaction. Pages
    that summarize many clients (Today, the worklist) keep what they rendered under it and the stamps of the
    reader's sites (SiteActivityStamp), so a kept page is never shown after a change it would show."""

    organization_id = models.UUIDField(primary_key=True)
    stamp = models.UUIDField()

    def __str__(self) -> str:
        return f"activity stamp {self.stamp}"


class SiteActivityStamp(models.Model):
    """A client of the site changed (their home site or a track of theirs is here): a fresh stamp with every
    audited change to such a client's care, in that change's transaction. A tap at one site leaves the kept
    pages of readers at other sites as they are."""

    site_id = models.UUIDField(primary_key=True)
    stamp = models.UUIDField()

    def __str__(self) -> str:
        return f"site activity stamp {self.stamp}"
