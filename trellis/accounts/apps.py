from typing import Any

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "trellis.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from trellis.accounts import access_stamps

        user_logged_in.connect(_start_session_clocks, dispatch_uid="trellis.accounts.session_clocks")
        access_stamps.connect()


def _start_session_clocks(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from trellis.accounts.middleware import start_session_clocks

    if request is not None and hasattr(request, "session"):
        start_session_clocks(session=request.session)
