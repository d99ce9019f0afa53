from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "trellis.referrals"
    label = "referrals"
    verbose_name = "Referrals"

    def ready(self) -> None:
        from trellis.clients import face_sheet_panels
        from trellis.episodes import discharge_steps
        from trellis.referrals.discharge import STEP
        from trellis.referrals.face_sheet_panel import referrals_panel

        face_sheet_panels.register("referrals", referrals_panel)
        discharge_steps.register(STEP)
