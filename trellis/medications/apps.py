from django.apps import AppConfig


class MedicationsConfig(AppConfig):
    name = "trellis.medications"
    label = "medications"

    def ready(self) -> None:
        from trellis.core import timeline
        from trellis.episodes import discharge_steps
        from trellis.medications.discharge import STEP
        from trellis.medications.timeline import medication_events

        timeline.register("medications", medication_events)
        discharge_steps.register(STEP)
