from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "trellis.notes"
    label = "notes"

    def ready(self) -> None:
        from trellis.core import timeline
        from trellis.notes.timeline import note_events

        timeline.register("notes", note_events)
