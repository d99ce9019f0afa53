from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "trellis.measures"
    label = "measures"

    def ready(self) -> None:
        from trellis.core import timeline
        from trellis.measures.timeline import measure_events

        timeline.register("measures", measure_events)
