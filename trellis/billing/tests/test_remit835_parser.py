"""Reading 835 remittance files: the fixtures pass pyx12, parse to what they say, and malformed ones are named."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from trellis.billing.tests.remits import PAID_DENIED_PARTIAL, REVERSAL_DEDUCTIBLE_TWO_CHECKS, read
from trellis.billing.tests.x12_validation import validation_errors
from trellis.billing.x12.remit835 import Adjustment, RemittanceFormatError, parse_835


@pytest.mark.parametrize("path", [PAID_DENIED_PARTIAL, REVERSAL_DEDUCTIBLE_TWO_CHECKS], ids=lambda p: p.name)
def test_it_keeps_fixtures_that_pyx12_accepts(path: Path) -> None:
    assert validation_errors(path) == []


def test_it_reads_the_payment_the_payer_and_each_claim() -> None:
    remittance = parse_835(read(PAID_DENIED_PARTIAL))
    assert remittance.interchange_control == "000000701"
    (payment,) = remittance.payments
    assert (payment.amount, payment.credit, payment.method) == (Decimal(1500), True, "CHK")
    assert payment.date == dt.date(2026, 12, 1)
    assert (payment.trace_number, payment.payer_identifier) == ("CHK20261201001", "1990000099")
    assert payment.payer_name == "PRAIRIE MUTUAL (FICTIONAL)"
    assert [(c.control_number, c.status_code, c.charge, c.paid) for c in payment.claims] == [
        ("TRPAID0001", "1", Decimal(750), Decimal(750)),
        ("TRDENY0002", "4", Decimal(500), Decimal(0)),
        ("TRPART0003", "1", Decimal(750), Decimal(500)),
        ("TRNONE0404", "1", Decimal(250), Decimal(250)),
    ]


def test_it_keeps_claim_and_service_adjustments_apart() -> None:
    paid, denied, partial, _ = parse_835(read(PAID_DENIED_PARTIAL)).payments[0].claims
    assert denied.adjustments == (Adjustment("CO", "197", Decimal(500)),)
    assert partial.adjustments == ()
    assert [(s.code, s.charge, s.paid, s.units) for s in partial.services] == [
        ("H0015", Decimal(250), Decimal(250), Decimal(1)),
        ("H0015", Decimal(250), Decimal(250), Decimal(1)),
        ("H0015", Decimal(250), Decimal(0), Decimal(1)),
    ]
    assert partial.services[2].adjustments == (Adjustment("CO", "198", Decimal(250)),)
    assert partial.all_adjustments() == (Adjustment("CO", "198", Decimal(250)),)
    assert len(paid.services) == 3
    assert paid.all_adjustments() == ()


def test_it_reads_every_transaction_set_negative_reversals_and_patient_responsibility() -> None:
    first, second = parse_835(read(REVERSAL_DEDUCTIBLE_TWO_CHECKS)).payments
    assert [p.trace_number for p in (first, second)] == ["CHK20261215001", "CHK20261215002"]
    reversal, _, deductible, _ = first.claims
    assert (reversal.status_code, reversal.paid) == ("22", Decimal(-750))
    assert deductible.patient_responsibility == Decimal(250)
    assert deductible.adjustments == (Adjustment("PR", "1", Decimal(250)),)
    assert [c.control_number for c in second.claims] == ["TRPAID0009"]


def test_it_reads_the_separators_from_the_isa_whatever_they_are() -> None:
    # given the same file with | elements, > components and no line breaks
    text = read(PAID_DENIED_PARTIAL).replace("*", "|").replace("|:~", "|>~").replace("HC:", "HC>")
    text = text.replace("~\n", "~")
    remittance = parse_835(text)
    # then it reads the same
    assert (remittance.separators.element, remittance.separators.sub_element) == ("|", ">")
    assert remittance.separators.line_break is False
    assert remittance.payments == parse_835(read(PAID_DENIED_PARTIAL)).payments


def test_it_reads_a_multi_triple_cas_with_quantities_and_cents() -> None:
    text = read(PAID_DENIED_PARTIAL).replace("CAS*CO*197*500~", "CAS*CO*197*499.5*1*45*.50~")
    denied = parse_835(text).payments[0].claims[1]
    assert denied.adjustments == (
        Adjustment("CO", "197", Decimal("499.5"), Decimal(1)),
        Adjustment("CO", "45", Decimal("0.50")),
    )


def broken(old: str, new: str) -> str:
    text = read(PAID_DENIED_PARTIAL)
    assert old in text
    return text.replace(old, new)


MALFORMED = [
    pytest.param("", "ISA: The file does not start with an ISA segment", id="empty"),
    pytest.param("GS*HP*X~ST*835*0001~", "ISA: The file does not start", id="no-isa"),
    pytest.param(read(PAID_DENIED_PARTIAL)[:60], "ISA: The ISA segment is cut short", id="cut-isa"),
    pytest.param(
        broken("IEA*1*000000701~\n", ""),
        "GE (segment 44 of the file): The interchange has no IEA",
        id="no-iea",
    ),
    pytest.param(broken("SE*41*0001", "SE*40*0001"), "SE01 says 40 segments, the file has 41", id="se-count"),
    pytest.param(
        broken("SE*41*0001", "SE*41*0002"), "SE02 control number '0002' does not match", id="se-ctl"
    ),
    pytest.param(
        broken("GE*1*701", "GE*2*701"), "GE01 says 2 transaction sets, the file has 1", id="ge-count"
    ),
    pytest.param(broken("IEA*1*000000701", "IEA*1*000000799"), "IEA02 control number", id="iea-control"),
    pytest.param(
        broken("ST*835*0001", "ST*837*0001"), "ST (segment 3 of the file): This is an X12 837", id="837"
    ),
    pytest.param(
        broken("ST*835*0001~\nBPR", "BPR").replace("SE*41*0001~\n", ""),
        "BPR (segment 3 of the file): This segment lies outside any ST..SE",
        id="no-st",
    ),
    pytest.param(
        broken("*X*005010X221A1", "*X*004010X091A1"),
        "GS (segment 2 of the file): The file follows 004010X091A1; Trellis reads 005010X221A1",
        id="version",
    ),
    pytest.param(
        broken("CLP*TRPART0003*1*750*500", "CLP*TRPART0003*1*750*5OO"),
        "CLP (segment 29 of the file): CLP04 (payment) is '5OO', not an amount",
        id="clp-paid",
    ),
    pytest.param(
        broken("CLP*TRPART0003*1*750*500", "CLP*TRPART0003*1**500"),
        "CLP03 (total charge) is empty, not an amount",
        id="clp-charge-empty",
    ),
    pytest.param(broken("CLP*TRPART0003*1*750*500", "CLP*TRPART0003*1*750*500.001"), "CLP04", id="mills"),
    pytest.param(broken("CLP*TRDENY0002*4", "CLP**4"), "CLP01 (patient control number)", id="clp-no-id"),
    pytest.param(broken("CAS*CO*197*500", "CAS*CO*197*lots"), "CAS03 (amount for reason 197)", id="cas"),
    pytest.param(broken("CAS*CO*197*500", "CAS*CO"), "CAS gives no adjustment reason code", id="cas-empty"),
    pytest.param(broken("BPR*I*1500", "BPR*I*1,500"), "BPR02 (payment amount) is '1,500'", id="bpr-amount"),
    pytest.param(broken("************20261201~", "************20261301~"), "BPR16 (payment date)", id="date"),
    pytest.param(broken("TRN*1*CHK20261201001*", "TRN*1**"), "TRN02 (check or EFT trace number)", id="trace"),
    pytest.param(broken("N1*PR*", "N1*XX*"), "N1 (segment 3 of the file): The payer (N1*PR", id="payer"),
    pytest.param(broken("SVC*HC:H0015*250*0**1", "SVC*H0015*250*0**1"), "SVC01 must name", id="svc"),
]


@pytest.mark.parametrize(("text", "message"), MALFORMED)
def test_it_names_the_segment_of_a_malformed_file(text: str, message: str) -> None:
    with pytest.raises(RemittanceFormatError) as refused:
        parse_835(text)
    assert message in str(refused.value)


def test_it_refuses_a_file_with_an_envelope_but_no_transaction_set() -> None:
    text = read(PAID_DENIED_PARTIAL)
    envelope = text[: text.index("ST*835")] + text[text.index("GE*1") :]
    with pytest.raises(RemittanceFormatError, match=r"^ST: The file holds no ST\*835"):
        parse_835(envelope.replace("GE*1*701", "GE*0*701"))
