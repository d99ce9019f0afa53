from typing import Any

from django.contrib.auth.backends import ModelBackend

from trellis.accounts.models import User


class StaffBackend(ModelBackend):
    """Django's password login; the user of each request arrives with their organization, whose idle
    timeout the session middleware reads on every request, in the same query."""

    def get_user(self, user_id: Any) -> User | None:
        user = User.objects.select_related("organization").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
