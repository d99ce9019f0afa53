from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "trellis.notes"
    label = "notes"

    def ready(self) -> None:
        from trellis.attendance import corrections
        from trellis.core import timeline
        from trellis.notes.corrections import signed_note_locks
        from trellis.notes.session_links import clinical_note_link, individual_note_link
        from trellis.notes.timeline import note_events
        from trellis.scheduling import session_links

        timeline.register("notes", note_events)
        corrections.register("notes", lock_check=signed_note_locks)
        session_links.register("notes", individual_note_link)
        session_links.register("clinical_notes", clinical_note_link)
