"""`manage.py import_remittance FILE --user USERNAME`: a payer's 835 remittance applied to submitted claims.

The user's organization is the one the file is applied to: only its claims (at the user's sites) are matched, and
a payment answering none of them is not recorded."""

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from trellis.billing.remittance import ImportResult, import_remittance


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise CommandError(f"{path}: no such file.") from error
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"{path}: cannot be read as a text file ({error.__class__.__name__}).") from error


def _user(username: str) -> Any:
    try:
        return get_user_model().objects.get(username=username, is_active=True)
    except get_user_model().DoesNotExist as error:
        raise CommandError(f"No active user is called {username!r}.") from error


def summary_lines(result: ImportResult) -> list[str]:
    traces = ", ".join(remittance.trace_number for remittance in result.remittances)
    lines = [
        f"Payments imported: {len(result.remittances)} ({traces})",
        f"Claims paid: {len(result.paid)}",
        f"Claims denied: {len(result.denied)}",
        f"Claim lines skipped: {len(result.skipped)}",
    ]
    if result.already_imported:
        lines.append(f"Payments imported before, not applied again: {', '.join(result.already_imported)}")
    if result.not_recorded:
        lines.append(
            f"Payments not recorded, answering none of your claims: {', '.join(result.not_recorded)}"
        )
    return lines + [f"  {skipped.control_number}: {skipped.reason}" for skipped in result.skipped]


class Command(BaseCommand):
    help = (
        "Apply a payer's X12 835 remittance file to the submitted claims of the given biller's organization, "
        "as that biller."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The 835 file, as received from the payer or clearinghouse.")
        parser.add_argument(
            "--user", required=True, help="Username of the biller the decisions are recorded as."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        text, user = _read(Path(options["file"])), _user(options["user"])
        try:
            result = import_remittance(text=text, imported_by=user)
        except PermissionDenied as error:
            raise CommandError(f"{user.username} may not import remittances: {error}") from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for line in summary_lines(result):
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Remittance imported."))
