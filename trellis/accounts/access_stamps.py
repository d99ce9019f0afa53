"""A user's access stamp is renewed whenever what their memberships say changes: a site or program added to
or taken from them (from either side of the relation), or a site or program of theirs saved (renamed, which
orders them; moved, which decides whether it counts). The renewal is an UPDATE in the changing transaction, so
the next request's user row carries the new stamp and the memberships kept under the old one are never read
again (accounts.models.User._memberships). Role, activity and organization are read from the user row itself
on every request; they need no stamp."""

import uuid
from typing import Any

from django.db.models import Model
from django.db.models.signals import m2m_changed, post_save

from trellis.accounts.models import User


def renew(user_ids: set[Any]) -> uuid.UUID:
    stamp = uuid.uuid4()
    if user_ids:
        User.objects.filter(pk__in=user_ids).update(access_stamp=stamp)
    return stamp


def _on_membership_change(
    sender: Any, instance: Model, action: str, reverse: bool, pk_set: set[Any] | None, **kwargs: Any
) -> None:
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:  # user.sites.add(...): the instance is the user
        assert isinstance(instance, User)
        instance.access_stamp = renew({instance.pk})
        instance.__dict__.pop("_member_of", None)
        return
    # site.staff.add(user, ...): the instance is the site or program; a clear names no users, so read them first
    through_field = "site_id" if sender is User.sites.through else "program_id"
    if action == "pre_clear":
        pk_set = set(sender.objects.filter(**{through_field: instance.pk}).values_list("user_id", flat=True))
    renew(set(pk_set or ()))


def _on_place_saved(sender: Any, instance: Model, created: bool, **kwargs: Any) -> None:
    if created:
        return
    relation = "sites" if sender._meta.label == "programs.Site" else "programs"
    User.objects.filter(**{relation: instance.pk}).update(access_stamp=uuid.uuid4())


def connect() -> None:
    for through in (User.sites.through, User.programs.through):
        m2m_changed.connect(_on_membership_change, sender=through, dispatch_uid=f"access_stamp:{through}")
    for label in ("programs.Site", "programs.Program"):
        post_save.connect(_on_place_saved, sender=label, dispatch_uid=f"access_stamp:{label}")
