"""`manage.py create_organization`: the first organization, site and administrator of a new installation."""

import getpass
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from trellis.accounts.services import create_organization

PASSWORD_VARIABLE = "TRELLIS_ADMIN_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create an organization with its first site and an administrator. The password is asked for, or "
        f"read from {PASSWORD_VARIABLE} when no terminal is attached."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="the organization's name, e.g. 'Riverside Recovery'")
        parser.add_argument("--site", required=True, help="the first site's name")
        parser.add_argument("--timezone", required=True, help="the site's time zone, e.g. America/Chicago")
        parser.add_argument("--admin", required=True, help="the administrator's username")
        parser.add_argument("--email", required=True, help="the administrator's e-mail address")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            admin = create_organization(
                name=options["name"],
                site_name=options["site"],
                timezone=options["timezone"],
                admin_username=options["admin"],
                admin_email=options["email"],
                admin_password=self._password(),
            )
        except ValidationError as refused:
            raise CommandError("; ".join(refused.messages)) from refused
        self.stdout.write(f"Created {admin.organization} with administrator {admin.username}.")

    def _password(self) -> str:
        if os.environ.get(PASSWORD_VARIABLE):
            return os.environ[PASSWORD_VARIABLE]
        if not os.isatty(0):
            raise CommandError(f"No terminal to ask for a password: set {PASSWORD_VARIABLE}.")
        first = getpass.getpass("Administrator's password: ")
        if first != getpass.getpass("Again: "):
            raise CommandError("The two passwords differ.")
        return first
