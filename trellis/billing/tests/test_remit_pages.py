"""The claims page's remittance upload: a biller imports a payer's 835 and sees what it did."""

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trellis.billing.choices import ClaimStatus
from trellis.billing.models import Claim, Remittance
from trellis.billing.tests.remits import (
    FIRST_FILE_CLAIMS,
    PAID_DENIED_PARTIAL,
    REVERSAL_DEDUCTIBLE_TWO_CHECKS,
    SECOND_FILE_CLAIMS,
    read,
    submitted_claims,
)


def upload(client: Any, text: str | bytes, name: str = "era_20261201.835") -> str:
    content = text.encode() if isinstance(text, str) else text
    response = client.post(
        reverse("billing:import_remittance"), {"file": SimpleUploadedFile(name, content)}, follow=True
    )
    assert response.status_code == 200
    page: str = response.content.decode()
    return page


def test_a_biller_imports_a_remittance_from_the_claims_page(world: Any, client: Any) -> None:
    # given Bill's claims page with three submitted claims and the upload form
    submitted_claims(world, FIRST_FILE_CLAIMS)
    client.force_login(world.bill)
    page = client.get(reverse("billing:claims")).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'type="file" name="file"' in page
    # when he uploads the payer's 835
    page = upload(client, read(PAID_DENIED_PARTIAL))
    # then the page says what was applied and which control number was skipped, and why
    assert (
        "Remittance CHK20261201001 imported: 2 claims paid, 1 denied, 1 skipped. "
        "Skipped: TRNONE0404: No claim you can see has this control number." in page
    )
    assert "197 Precertification/authorization absent" in page
    assert "$500.00" in page
    assert (
        "Recent payments: <code>CHK20261201001</code> PRAIRIE MUTUAL (FICTIONAL) $1,500.00 on Dec 1" in page
    )
    assert sorted(Claim.objects.values_list("status", flat=True)) == ["denied", "paid", "paid"]


def test_it_shows_why_a_file_was_refused(world: Any, client: Any) -> None:
    submitted_claims(world, FIRST_FILE_CLAIMS)
    client.force_login(world.bill)
    upload(client, read(PAID_DENIED_PARTIAL))
    page = upload(client, read(PAID_DENIED_PARTIAL))
    assert "Payment CHK20261201001 from PRAIRIE MUTUAL (FICTIONAL) was already imported" in page
    broken = upload(client, read(PAID_DENIED_PARTIAL).replace("SE*41*", "SE*4*"))
    assert "This file is not a readable 835 remittance. SE (segment 43 of the file): SE01 says 4" in broken
    assert Remittance.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "refusal"),
    [
        (b"%PDF-1.7\n\xe2\xe3\xcf\xd3", "The file is not text: choose the 835 file itself"),
        (b"", "The submitted file is empty."),
    ],
    ids=["pdf", "empty"],
)
def test_it_refuses_an_upload_that_is_not_a_text_file(
    world: Any, client: Any, content: bytes, refusal: str
) -> None:
    submitted_claims(world, FIRST_FILE_CLAIMS)
    client.force_login(world.bill)
    assert refusal in upload(client, content, name="remit.pdf")
    assert set(Claim.objects.values_list("status", flat=True)) == {ClaimStatus.SUBMITTED}


@pytest.mark.parametrize("name", ["alice", "nora"])
def test_a_clinician_cannot_import(world: Any, client: Any, name: str) -> None:
    submitted_claims(world, FIRST_FILE_CLAIMS)
    client.force_login(getattr(world, name))
    file = SimpleUploadedFile("era.835", read(PAID_DENIED_PARTIAL).encode())
    assert client.post(reverse("billing:import_remittance"), {"file": file}).status_code == 403
    assert set(Claim.objects.values_list("status", flat=True)) == {ClaimStatus.SUBMITTED}
    assert Remittance.objects.count() == 0


def test_it_only_imports_on_post(world: Any, client: Any) -> None:
    client.force_login(world.bill)
    assert client.get(reverse("billing:import_remittance")).status_code == 405


def claims_page_queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("billing:claims")).status_code == 200
    return len(captured)


def test_it_reads_the_claims_page_in_the_same_queries_for_one_and_three_payments(
    world: Any, client: Any
) -> None:
    submitted_claims(world, FIRST_FILE_CLAIMS)
    submitted_claims(world, SECOND_FILE_CLAIMS, client=world.carol)
    client.force_login(world.bill)
    upload(client, read(PAID_DENIED_PARTIAL))
    one = claims_page_queries(client)
    upload(client, read(REVERSAL_DEDUCTIBLE_TWO_CHECKS))
    assert Remittance.objects.count() == 3
    assert claims_page_queries(client) == one


def with_unknown_claims(count: int) -> str:
    """The first file with `count` more claim lines for control numbers Trellis never billed (the check grows by
    their payments, so the file still balances)."""
    lines = "".join(f"CLP*TRXTRA{n:04d}*1*250*250**12*PMX{n:04d}*11*1~\n" for n in range(count))
    text = read(PAID_DENIED_PARTIAL).replace("SE*41*0001~", f"{lines}SE*{41 + count}*0001~")
    return text.replace("BPR*I*1500*", f"BPR*I*{1500 + 250 * count}*")


def test_it_names_twenty_skipped_lines_and_counts_the_rest(world: Any, client: Any) -> None:
    # given a file of 28 claim lines, only one of them for a claim Bill has
    submitted_claims(world, {"TRPAID0001": "750"})
    client.force_login(world.bill)
    page = upload(client, with_unknown_claims(24))
    # then the message counts them all and names the first twenty
    assert "1 claims paid, 0 denied, 27 skipped." in page
    assert "TRXTRA0016: No claim you can see has this control number; and 7 more" in page
    assert "TRXTRA0017" not in page
    assert "and 7 more (manage.py import_remittance lists them all)." in page


def test_each_claims_decision_fields_have_their_own_label(world: Any, client: Any) -> None:
    # given three submitted claims, each with a paid amount and a denial reason to record
    submitted_claims(world, FIRST_FILE_CLAIMS)
    client.force_login(world.bill)
    page = client.get(reverse("billing:claims")).content.decode()
    # then every field has an id of its own, named by a label (a screen reader says which field it is in)
    ids = re.findall(r'<(?:select|input type="text") id="([^"]+)"', page)
    labelled = set(re.findall(r'<label class="sr-only" for="([^"]+)"', page))
    assert len(ids) == 6
    assert len(set(ids)) == len(ids)
    assert set(ids) == labelled
