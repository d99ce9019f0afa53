from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "trellis.scheduling"
    label = "scheduling"

    def ready(self) -> None:
        from trellis.episodes import discharge_steps
        from trellis.scheduling.discharge import STEP

        discharge_steps.register(STEP)
