"""Forms of the ledger pages: a payment the client made, the denial queue's payer filter."""

from decimal import Decimal
from typing import Any

from django import forms

from trellis.billing.models import Payer, PaymentMethod

DATE = forms.DateInput(attrs={"type": "date"})


class PatientPaymentForm(forms.Form):
    amount = forms.DecimalField(
        max_digits=10, decimal_places=2, min_value=Decimal("0.01"), label="Amount received ($)"
    )
    received_on = forms.DateField(widget=DATE, label="Received on")
    method = forms.ChoiceField(choices=PaymentMethod.choices, label="Paid by")
    reference = forms.CharField(max_length=40, required=False, label="Check or receipt number")


class PayerFilterForm(forms.Form):
    payer = forms.ModelChoiceField(
        queryset=Payer.objects.none(), required=False, empty_label="All payers", label="Payer"
    )

    def __init__(self, *args: Any, organization_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        payer = self.fields["payer"]
        assert isinstance(payer, forms.ModelChoiceField)  # narrows the type for mypy
        payer.queryset = Payer.objects.filter(organization_id=organization_id).order_by("name")
