from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "trellis.plans"
    label = "plans"

    def ready(self) -> None:
        from trellis.core import timeline
        from trellis.episodes import discharge_steps
        from trellis.plans.discharge import STEP
        from trellis.plans.timeline import plan_events

        timeline.register("plans", plan_events)
        discharge_steps.register(STEP)
