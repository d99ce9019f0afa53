"""Upgrading a database that already has claims: each claim and claim file gets its organization."""

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests import factories
from trellis.billing.tests import billing_factories as given

BEFORE = [("billing", "0002_remittance")]
AFTER = [("billing", "0005_organization_constraints")]


def test_existing_claims_and_files_take_their_clients_and_payers_organization(migrated_back: None) -> None:
    # given a claim and its file written before claims named an organization
    client = factories.ClientFactory.create()
    payer = given.PayerFactory.create(organization=client.organization)
    coverage = given.CoverageFactory.create(client=client, payer=payer)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    export = old.get_model("billing", "ClaimExport").objects.create(
        payer_id=payer.pk, claim_type="837p", control_number=1, file_name="old.x12", period_from=dt.date(2026, 11, 1),
        period_to=dt.date(2026, 11, 30), claim_count=1, total=Decimal(250),
    )  # fmt: skip
    old.get_model("billing", "Claim").objects.create(
        client_id=client.pk, payer_id=payer.pk, coverage_id=coverage.pk, claim_type="837p", control_number="TROLD1",
        statement_from=dt.date(2026, 11, 2), statement_through=dt.date(2026, 11, 2), total=Decimal(250),
        status="submitted", export_id=export.pk,
    )  # fmt: skip
    # when the database is upgraded
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    # then both belong to the client's organization
    new = executor.loader.project_state(AFTER).apps
    claim = new.get_model("billing", "Claim").objects.get(control_number="TROLD1")
    assert claim.organization_id == client.organization_id
    assert new.get_model("billing", "ClaimExport").objects.get().organization_id == client.organization_id
