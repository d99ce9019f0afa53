from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "trellis.billing"
    label = "billing"
    verbose_name = "Billing"

    def ready(self) -> None:
        from trellis.billing.timeline import claim_events
        from trellis.core import timeline

        timeline.register("billing", claim_events)
