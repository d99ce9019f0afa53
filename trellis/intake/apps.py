from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "trellis.intake"
    label = "intake"

    def ready(self) -> None:
        from trellis.core import timeline
        from trellis.intake.timeline import assessment_events

        timeline.register("intake", assessment_events)
