"""Supervision seed: case managers' SOAP notes need a supervisor's co-signature; Casey signed one for Avery.

Sam supervises at Northside. The rule names case managers and SOAP notes only, so no other browser test's
notes (all Alice's, a clinician) wait for a co-signature.
"""

from typing import Any

from tests import factories
from tests.e2e.seed import PASSWORD
from trellis.accounts.roles import Role
from trellis.notes import cosign_rules, services
from trellis.notes.choices import SECTIONS

SUBJECTIVE = "Says the weekend went better than expected."


def seed(base: Any) -> None:
    def user(username: str, first: str, last: str, role: str) -> Any:
        return factories.UserFactory.create(
            username=username, first_name=first, last_name=last, role=role, organization=base.organization,
            sites=[base.site], programs=[base.program], password=PASSWORD,
        )  # fmt: skip

    sam = user("sam", "Sam", "Supervisor", Role.DIRECTOR)
    casey = user("casey", "Casey", "Manager", Role.CASE_MANAGER)
    cosign_rules.add_rule(set_by=sam, role=Role.CASE_MANAGER, license_type="", kinds=["soap"], signer="any")
    sections = {key: f"{label}: noted." for key, label in SECTIONS["soap"]}
    sections["subjective"] = SUBJECTIVE
    note = services.create_individual_note(
        client=base.clients[0], author=casey, service_date=base.today, duration_minutes=45,
        note_format="soap", sections=sections,
    )  # fmt: skip
    services.sign_individual_note(note=note, signed_by=casey)
