"""What notes tell attendance corrections: a signed group note stands on its session's attendance
(registered in NotesConfig.ready)."""

from typing import Any

from trellis.attendance.models import AttendanceRecord
from trellis.notes.models import GroupNote


def signed_note_locks(records: list[AttendanceRecord]) -> dict[Any, str]:
    sessions = {record.session_id for record in records}
    signed = set(
        GroupNote.objects.filter(session_id__in=sessions, signed_at__isnull=False).values_list(
            "session_id", flat=True
        )
    )
    return {record.pk: "its group note is signed" for record in records if record.session_id in signed}
