"""`manage.py verify_audit [--organization NAME_OR_ID ...]`: walk the audit chains and check the newest checkpoint.

Exits 0 with a summary when every link holds; otherwise exits non-zero naming the first broken link of each
chain (organization, sequence, event, what is wrong) and any checkpoint the chains fall short of."""

import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trellis.privacy.chain import NO_ORGANIZATION
from trellis.privacy.verification import verify_audit
from trellis.programs.models import Organization


def _chain_of(name_or_id: str) -> str:
    if name_or_id == NO_ORGANIZATION:
        return NO_ORGANIZATION
    organization = Organization.objects.filter(name=name_or_id).first()
    if organization is None:
        try:
            organization = Organization.objects.filter(pk=uuid.UUID(name_or_id)).first()
        except ValueError:
            organization = None
    if organization is None:
        raise CommandError(f"--organization: no organization is called or has the id {name_or_id!r}.")
    return str(organization.pk)


class Command(BaseCommand):
    help = "Verify the audit trail's hash chains and the newest signed checkpoint."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--organization",
            action="append",
            help=f"An organization's name or id ('{NO_ORGANIZATION}': events with no organization); repeatable.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        wanted = options["organization"]
        result = verify_audit(chains=[_chain_of(name) for name in wanted] if wanted else None)
        if not result.intact:
            raise CommandError(
                "Audit trail broken:\n" + "\n".join(f"- {problem}" for problem in result.problems)
            )
        self.stdout.write(result.summary())
