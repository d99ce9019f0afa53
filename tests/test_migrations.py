"""Every model change ships with its migration: a deploy runs `migrate`, never `makemigrations`."""

from io import StringIO

import pytest
from django.core.management import call_command


# makemigrations checks the applied history of every database alias, the reporting replica's too.
@pytest.mark.django_db(databases=["default", "reporting"])
def test_no_model_change_is_missing_its_migration() -> None:
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        pytest.fail(f"Missing migrations:\n{out.getvalue()}")
