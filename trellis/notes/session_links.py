"""An individual-session appointment links to its note: the one written for that client, day and clinician,
or a new one."""

from typing import Any

from django.urls import reverse

from trellis.core import clock
from trellis.notes.models import IndividualNote


def individual_note_link(appointment: Any) -> tuple[str, str] | None:
    if appointment.kind != "individual" or appointment.client_id is None:
        return None
    day = appointment.starts_at.astimezone(clock.zone(appointment.site.timezone)).date()
    note = IndividualNote.objects.filter(
        client_id=appointment.client_id, author_id=appointment.staff_id, service_date=day
    ).first()
    if note is not None:
        return ("Open the individual note", reverse("notes:individual", args=[note.pk]))
    return ("Write the individual note", reverse("notes:individual_new", args=[appointment.client_id]))


# Appointment kinds whose note has its own page, and that page's address name.
_NOTE_PAGES = {
    "family": "notes:family_new",
    "psych_eval": "notes:psychiatric_new",
    "medication": "notes:psychiatric_new",
}


def clinical_note_link(appointment: Any) -> tuple[str, str] | None:
    """A family session or psychiatric visit opens its note prefilled from the appointment, or the note already
    written that day by that clinician."""
    page = _NOTE_PAGES.get(appointment.kind)
    if page is None or appointment.client_id is None:
        return None
    day = appointment.starts_at.astimezone(clock.zone(appointment.site.timezone)).date()
    note = IndividualNote.objects.filter(
        client_id=appointment.client_id, author_id=appointment.staff_id, service_date=day
    ).first()
    if note is not None:
        return ("Open the note", reverse("notes:individual", args=[note.pk]))
    url = reverse(page, args=[appointment.client_id]) + f"?appointment={appointment.pk}"
    return ("Write the note", url)
