from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "trellis.portal"
    label = "portal"
    verbose_name = "Client portal"

    def ready(self) -> None:
        from trellis.clients import face_sheet_panels
        from trellis.portal.face_sheet_panel import family_panel, portal_panel

        face_sheet_panels.register("portal", portal_panel)
        face_sheet_panels.register("portal_family", family_panel)
