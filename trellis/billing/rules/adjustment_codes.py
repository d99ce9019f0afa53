"""What the codes on a remittance mean, in words a biller can act on. Pure data.

Claim Adjustment Reason Codes (CARC, X12 external code source 139) and Remittance Advice Remark Codes (RARC,
code source 411), both maintained by X12 and published at x12.org/codes; the texts below are the published
descriptions of the codes this program meets most, shortened where the list's text runs on. A code not listed is
shown as its number with "see the X12 code list".
"""

CARC: dict[str, str] = {
    "1": "Deductible amount",
    "2": "Coinsurance amount",
    "3": "Co-payment amount",
    "4": "The procedure code is inconsistent with the modifier used",
    "16": "Claim or service lacks information or has submission/billing error(s)",
    "18": "Exact duplicate claim or service",
    "22": "This care may be covered by another payer per coordination of benefits",
    "23": "The impact of prior payer(s) adjudication including payments and/or adjustments",
    "27": "Expenses incurred after coverage terminated",
    "29": "The time limit for filing has expired",
    "45": "Charge exceeds fee schedule/maximum allowable or contracted/legislated fee arrangement",
    "50": "Non-covered: not deemed a medical necessity by the payer",
    "96": "Non-covered charge(s)",
    "97": "The benefit for this service is included in the payment/allowance for another service/procedure",
    "109": "Claim or service not covered by this payer/contractor: send it to the correct payer/contractor",
    "119": "Benefit maximum for this time period or occurrence has been reached",
    "197": "Precertification/authorization/notification/pre-treatment absent",
    "198": "Precertification/notification/authorization/pre-treatment exceeded",
    "204": "This service/equipment/drug is not covered under the patient's current benefit plan",
    "242": "Services not provided by network/primary care providers",
    "B7": "This provider was not certified/eligible to be paid for this procedure/service on this date",
}

RARC: dict[str, str] = {
    "M15": "Separately billed services/tests have been bundled as components of the same procedure",
    "MA130": "Incomplete and/or invalid information: unprocessable, no appeal rights; submit a new claim",
    "N130": "Consult plan benefit documents/guidelines for information about restrictions for this service",
    "N290": "Missing/incomplete/invalid rendering provider primary identifier",
    "N362": "The number of days or units of service exceeds our acceptable maximum",
    "N54": "Claim information is inconsistent with pre-certified/authorized services",
}

UNLISTED = "see the X12 code list"


def carc_text(code: str) -> str:
    return CARC.get(code, UNLISTED)


def rarc_text(code: str) -> str:
    return RARC.get(code, UNLISTED)
