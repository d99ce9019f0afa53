from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "trellis.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from trellis.clients import face_sheet_panels
        from trellis.notifications.face_sheet_panel import reminders_panel

        face_sheet_panels.register("notifications", reminders_panel)
