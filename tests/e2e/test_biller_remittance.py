"""A biller imports the payer's 835 on the remittance page: the claim is paid in part, the client's deductible
and coinsurance land on the client's ledger, and the statement the client takes home says what is due."""

import io
from pathlib import Path
from typing import Any

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.browser import log_in, screenshot
from tests.e2e.seeds.remittance import CLIENT, CONTROL_NUMBER
from trellis.core import clock

NAME = " ".join(CLIENT)


def _remittance(day: str) -> str:
    """Prairie Mutual pays $465.00 of $735.00: $200.00 written off (CO-45), $50.00 deductible (PR-1) and $20.00
    coinsurance (PR-2) left to the client. BPR02 465.00 = CLP04 465.00, no provider adjustments: it balances."""
    body = [
        "ST*835*0001",
        f"BPR*I*465*C*CHK************{day}",
        "TRN*1*CHKE2E0001*1990000099",
        "N1*PR*PRAIRIE MUTUAL HEALTH (FICTIONAL)*XV*99001",
        "N1*PE*RIVERSIDE RECOVERY*XX*1234567893",
        "LX*1",
        f"CLP*{CONTROL_NUMBER}*1*735*465*70*12*PME2E0001*11*1",
        "NM1*QC*1*REMITTED*SAGE****MI*PMH55509876",
        "SVC*HC:H0015*245*195**1",
        "CAS*CO*45*50",
        "SVC*HC:H0015*245*175**1",
        "CAS*CO*45*50",
        "CAS*PR*1*20",
        "SVC*HC:H0015*245*95**1",
        "CAS*CO*45*100",
        "CAS*PR*1*30**2*20",
    ]
    segments = [*body, f"SE*{len(body) + 1}*0001"]
    return (
        "~\n".join(
            [
                f"ISA*00*          *00*          *ZZ*PRAIRIEMUTUAL  *ZZ*TRELLIS01      *{day[2:]}*0900*^*00501*000000901*0*T*:",
                f"GS*HP*PRAIRIEMUTUAL*TRELLIS01*{day}*0900*901*X*005010X221A1",
                *segments,
                "GE*1*901",
                "IEA*1*000000901",
            ]
        )
        + "~\n"
    )


def test_the_biller_imports_a_partial_payment_and_prints_the_clients_statement(
    page: Any, server_url: str, tmp_path: Path
) -> None:
    # given the payer's 835 for Sage's claim, and Bill on the remittance page
    day = clock.now().strftime("%Y%m%d")
    remit = tmp_path / "prairie.835"
    remit.write_text(_remittance(day), encoding="utf-8")
    log_in(page, server_url, "bill")
    page.goto(f"{server_url}/billing/")
    page.get_by_role("navigation", name="Billing").get_by_role("link", name="Remittances").click()
    page.get_by_role("heading", name="Remittances", exact=True).wait_for()
    # when he imports it
    page.get_by_label("835 remittance file").set_input_files(str(remit))
    page.get_by_role("button", name="Import remittance").click()
    # then the page says what the file did: paid in part, with the client's share
    result = page.locator("#import-result")
    expect(result).to_contain_text("1 claims paid, 0 denied, 0 skipped.")
    row = result.locator("tr", has_text=CONTROL_NUMBER)
    expect(row).to_contain_text("$735.00")
    expect(row).to_contain_text("$465.00")
    expect(row).to_contain_text("$70.00")
    screenshot(page, "billing-remittance.png")
    # and on Sage's billing page the share is on the ledger, by deductible and coinsurance
    row.get_by_role("link", name=f"Billing for {NAME}").click()
    ledger = page.locator("#ledger-h").locator("xpath=ancestor::section")
    expect(ledger.locator("#patient-balance")).to_have_text("$70.00")
    expect(ledger).to_contain_text("Deductible $50.00")
    expect(ledger).to_contain_text("Coinsurance $20.00")
    # when Bill prints the statement for Sage
    link = ledger.get_by_role("link", name="Print statement (PDF)")
    response = page.request.get(server_url + link.get_attribute("href"))
    # then it is a PDF that says what Sage owes
    assert response.headers["content-type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(response.body())).pages)
    assert f"For {NAME}" in text
    assert "Amount due $70.00" in text
    assert "Your deductible $50.00" in text
