"""Passkeys seed: a nurse of her own, so registering a passkey leaves the other tests' Alice as she was."""

from typing import Any

from tests import factories
from tests.e2e.seed import PASSWORD
from trellis.accounts.roles import Role

USERNAME = "pat"


def seed(base: Any) -> None:
    factories.UserFactory.create(
        username=USERNAME,
        first_name="Pat",
        last_name="Nurse",
        role=Role.NURSE,
        organization=base.organization,
        sites=[base.site],
        programs=[base.program],
        password=PASSWORD,
    )
