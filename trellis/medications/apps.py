from django.apps import AppConfig


class MedicationsConfig(AppConfig):
    name = "trellis.medications"
    label = "medications"

    def ready(self) -> None:
        from trellis.core import timeline
        from trellis.medications.timeline import medication_events

        timeline.register("medications", medication_events)
