from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "trellis.support"
    label = "support"
    verbose_name = "Case management and peer support"

    def ready(self) -> None:
        from trellis.plans import review_panels
        from trellis.support.review_panel import meetings_since_review

        review_panels.register("support", meetings_since_review)
