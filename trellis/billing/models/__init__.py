"""Billing models, one module per part of the revenue cycle."""

from trellis.billing.models.charges import Charge, Claim, ClaimExport
from trellis.billing.models.claim_files import ClaimFile
from trellis.billing.models.coverage import Authorization, Coverage, Diagnosis, MedicareCertification
from trellis.billing.models.ledger import (
    AdjudicatedLine,
    AdjustmentGroup,
    ClaimAdjudication,
    ClaimAdjustment,
    PatientPayment,
    PaymentMethod,
)
from trellis.billing.models.payer_rules import PayerRuleSet
from trellis.billing.models.payers import BillingProfile, FeeScheduleEntry, Payer, Plan
from trellis.billing.models.remittance import Remittance

__all__ = [
    "AdjudicatedLine",
    "AdjustmentGroup",
    "Authorization",
    "BillingProfile",
    "Charge",
    "Claim",
    "ClaimAdjudication",
    "ClaimAdjustment",
    "ClaimExport",
    "ClaimFile",
    "Coverage",
    "Diagnosis",
    "FeeScheduleEntry",
    "MedicareCertification",
    "PatientPayment",
    "Payer",
    "PayerRuleSet",
    "PaymentMethod",
    "Plan",
    "Remittance",
]
