from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "trellis.outcomes"
    label = "outcomes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from trellis.core import week_changes
        from trellis.outcomes.services import refresh_client_weeks

        week_changes.register("outcomes", refresh_client_weeks)
