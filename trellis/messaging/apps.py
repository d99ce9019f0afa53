from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "trellis.messaging"
    label = "messaging"
    verbose_name = "Secure messages"

    def ready(self) -> None:
        from trellis.clients import face_sheet_panels
        from trellis.messaging.face_sheet_panel import messages_panel

        face_sheet_panels.register("messaging", messages_panel)
