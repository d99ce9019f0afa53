"""`manage.py portal_code <e-mail or mobile>`: issues a portal sign-in code and prints it. Development only
(DEBUG): in production a code goes only to the client's own phone or inbox."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from trellis.portal import services


class Command(BaseCommand):
    help = "Print a fresh portal sign-in code for a demo client (only while DEBUG is on)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("address", help="the portal account's e-mail address or mobile number")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("portal_code works only with DEBUG on (development).")
        try:
            account = services.find_account(services.parse_address(options["address"]))
        except ValidationError as error:
            raise CommandError("Give an e-mail address or a mobile number.") from error
        if account is None:
            raise CommandError("No active portal account has that address.")
        self.stdout.write(services.issue_code(account=account))
