"""`manage.py export_claims --organization ORG --from DATE --to DATE --out DIR`: one organization's claims of a
period as X12 837 files, under that organization's billing identity."""

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trellis.billing.claims import ClaimsNotReady, ExportResult, NothingToExport, export_claims, held_words
from trellis.billing.scope import NoOrganization, find_organization
from trellis.core.private_files import OpenFolder
from trellis.programs.models import Organization


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"{text!r} is not a date: use YYYY-MM-DD.") from error


def _organization(text: str) -> Organization:
    try:
        return find_organization(text)
    except NoOrganization as error:
        raise CommandError(str(error)) from error


class Command(BaseCommand):
    help = (
        "Write one organization's claims for service dates FROM..TO, one 837 file per payer and claim type, "
        "into DIR."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--organization",
            required=True,
            help="The organization whose claims are exported: its name or id.",
        )
        parser.add_argument("--from", dest="first", required=True, help="First service date, YYYY-MM-DD.")
        parser.add_argument("--to", dest="last", required=True, help="Last service date, YYYY-MM-DD.")
        parser.add_argument(
            "--out", required=True, help="A private directory for the files (created 0700 if missing)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        first, last = _date(options["first"]), _date(options["last"])
        if last < first:
            raise CommandError("--to is before --from: nothing to export.")
        organization = _organization(options["organization"])
        try:
            result = export_claims(
                first=first, last=last, out_dir=Path(options["out"]), organization=organization
            )
        except (NothingToExport, ClaimsNotReady, OpenFolder) as error:
            raise CommandError(str(error)) from error
        for exported in result.files:
            self.stdout.write(
                f"{exported.path}: {exported.claims} {exported.claim_type.upper()} claims to {exported.payer} "
                f"(interchange {exported.control_number:09d}); 42 CFR Part 2 notice in {exported.notice_path}"
            )
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(result.files)} files."))
        self._held(result)

    def _held(self, result: ExportResult) -> None:
        if result.withdrawn:
            self.stdout.write(
                self.style.WARNING(
                    f"{result.withdrawn} draft claims were not written: no consent in force covers them now "
                    "(42 CFR Part 2); their charges are held again."
                )
            )
        if result.held:
            self.stdout.write(self.style.WARNING(held_words(result.held)))
