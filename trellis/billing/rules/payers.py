"""Kinds of payer: several rules differ between Medicare, Medicaid and commercial plans. Pure."""

from enum import StrEnum


class PayerKind(StrEnum):
    MEDICARE = "medicare"
    MEDICAID = "medicaid"
    COMMERCIAL = "commercial"
    SELF_PAY = "self_pay"
