from django.apps import AppConfig


class AlumniConfig(AppConfig):
    name = "trellis.alumni"
    label = "alumni"

    def ready(self) -> None:
        from trellis.alumni.timeline import alumni_events
        from trellis.core import timeline

        timeline.register("alumni", alumni_events)
