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
