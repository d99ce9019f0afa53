from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "trellis.billing"
    label = "billing"
    verbose_name = "Billing"

    def ready(self) -> None:
        from trellis.attendance import corrections
        from trellis.billing.corrections import charge_locks, hold_corrected_charges
        from trellis.billing.face_sheet_panel import diagnoses_panel
        from trellis.billing.timeline import claim_events
        from trellis.clients import face_sheet_panels
        from trellis.core import timeline

        timeline.register("billing", claim_events)
        face_sheet_panels.register("billing", diagnoses_panel)
        corrections.register("billing", lock_check=charge_locks, after_correction=hold_corrected_charges)
