"""`manage.py print_logins`: who to log in as in the demo, one line per member of staff."""

from typing import Any

from django.core.management.base import BaseCommand

from trellis.accounts.models import User
from trellis.accounts.roles import Role
from trellis.demo import portal_demo, second_organization
from trellis.demo.structure import DEMO_PASSWORD, DEMO_URL, ORGANIZATION_NAME

ROLE_ORDER = {role: number for number, role in enumerate(Role.values)}


class Command(BaseCommand):
    help = "Print the demo program's staff logins (synthetic; one shared demo password)."

    def handle(self, *args: Any, **options: Any) -> None:
        organizations = (ORGANIZATION_NAME, second_organization.NAME)
        staff = {name: self._staff_of(name) for name in organizations}
        if not staff[ORGANIZATION_NAME]:
            self.stdout.write("No demo staff found; run `manage.py load_demo` first.")
            return
        self.stdout.write(f"\nTrellis demo at {DEMO_URL}  (synthetic data)\n")
        for name in organizations:
            if staff[name]:
                self._print_table(name, staff[name])
        self.stdout.write(f"\nPassword for every demo login: {DEMO_PASSWORD}\n")
        self.stdout.write("\n".join(portal_demo.how_to_sign_in()))

    def _staff_of(self, organization: str) -> list[User]:
        return sorted(
            User.objects.filter(organization__name=organization).prefetch_related("sites"),
            key=lambda user: (ROLE_ORDER.get(user.role, 99), user.username),
        )

    def _print_table(self, organization: str, staff: list[User]) -> None:
        rows = [("username", "role", "sites")] + [
            (user.username, user.get_role_display(), ", ".join(site.name for site in user.sites.all()))
            for user in staff
        ]
        widths = [max(len(row[column]) for row in rows) for column in range(3)]
        self.stdout.write(f"\n{organization}\n")
        for number, row in enumerate(rows):
            self.stdout.write(
                "  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            )
            if number == 0:
                self.stdout.write("  " + "  ".join("-" * width for width in widths))
