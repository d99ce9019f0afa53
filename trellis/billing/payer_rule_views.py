"""The page that changes a payer's billing rules from a date (the payers page lists every dated version)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.billing.forms import PayerRulesForm, attach_errors
from trellis.billing.models import Payer, PayerRuleSet
from trellis.billing.models.payer_rules import DEFAULTS, rule_values
from trellis.billing.payer_settings import change_payer_rules
from trellis.core import clock


def _values_on(payer: Payer, day: Any) -> dict[str, Any]:
    """The rules in effect on `day`, or the defaults for a payer with none then."""
    version = (
        PayerRuleSet.objects.filter(payer=payer, starts_on__lte=day)
        .exclude(ends_on__lt=day)
        .order_by("-starts_on")
        .first()
    )
    return rule_values(version or PayerRuleSet(payer=payer, starts_on=DEFAULTS.effective.starts_on))


@requires(Capability.MANAGE_BILLING)
def change_payer_rules_view(request: HttpRequest, pk: Any) -> HttpResponse:
    payer = get_object_or_404(Payer, pk=pk, organization_id=getattr(request.user, "organization_id", None))
    today = clock.now().date()
    initial = _values_on(payer, today)
    initial["iop_counted_services"] = ", ".join(initial["iop_counted_services"])
    form = PayerRulesForm(request.POST or None, initial={**initial, "starts_on": today})
    if request.method == "POST" and form.is_valid():
        starts_on = form.cleaned_data.pop("starts_on")
        before = _values_on(payer, starts_on)
        changes = {name: value for name, value in form.cleaned_data.items() if before.get(name) != value}
        try:
            change_payer_rules(payer=payer, starts_on=starts_on, changed_by=request.user, **changes)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request, f"{payer.name}'s rules changed for services from {starts_on:%b %d, %Y}."
            )
            return redirect("billing:payers")
    title = f"Change {payer.name}'s billing rules"
    return render(request, "billing/form.html", {"form": form, "title": title, "back": "billing:payers"})
