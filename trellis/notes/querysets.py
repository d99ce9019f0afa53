"""Who may read which notes. Notes are clinical: only roles with VIEW_CLINICAL read them, and only for
clients they may see; billers, admissions and administrators never do (HIPAA 164.502(b) minimum necessary).
"""

from typing import Any

from django.apps import apps
from django.db import models

from trellis.accounts.roles import Capability


def _reads_clinical(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can(Capability.VIEW_CLINICAL))


def _visible_clients(user: Any) -> Any:
    # Clients sit below notes on the spine, but the model is looked up by name to keep this module light.
    return apps.get_model("clients", "Client").objects.visible_to(user)


class GroupNoteQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> "GroupNoteQuerySet":
        """Notes of sessions the user may see; which entries they may read is decided per entry."""
        if not _reads_clinical(user):
            return self.none()
        sessions = apps.get_model("scheduling", "GroupSession").objects.visible_to(user)
        return self.filter(session__in=sessions)

    def unsigned(self) -> "GroupNoteQuerySet":
        return self.filter(signed_at__isnull=True)


class ParticipantEntryQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> "ParticipantEntryQuerySet":
        if not _reads_clinical(user):
            return self.none()
        return self.filter(client__in=_visible_clients(user))


class IndividualNoteQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> "IndividualNoteQuerySet":
        if not _reads_clinical(user):
            return self.none()
        return self.filter(client__in=_visible_clients(user))

    def unsigned(self) -> "IndividualNoteQuerySet":
        return self.filter(signed_at__isnull=True)


class AddendumQuerySet(models.QuerySet[Any]):
    def for_entries_visible_to(self, user: Any) -> "AddendumQuerySet":
        """Addenda to the whole note, or to an entry of a client the user may see."""
        return self.filter(models.Q(entry__isnull=True) | models.Q(entry__client__in=_visible_clients(user)))
