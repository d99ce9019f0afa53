from django.apps import AppConfig


class EpisodesConfig(AppConfig):
    name = "trellis.episodes"
    label = "episodes"

    def ready(self) -> None:
        from trellis.core import timeline
        from trellis.episodes.timeline import episode_events

        timeline.register("episodes", episode_events)
