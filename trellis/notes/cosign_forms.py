"""Forms of the co-signature setup page; the services check every choice again and refuse in words."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from trellis.accounts.models import Credential, User
from trellis.accounts.roles import Capability, Role
from trellis.notes.cosign_rules import KINDS
from trellis.notes.models import CosignRule


class _ServiceForm(forms.Form):
    def add_service_errors(self, error: ValidationError) -> None:
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)


class CosignRuleForm(_ServiceForm):
    role = forms.ChoiceField(label="Role", required=False, choices=[("", "Any role"), *Role.choices])
    license_type = forms.ChoiceField(
        label="License",
        required=False,
        choices=[
            ("", "Any license or none"),
            (CosignRule.NO_LICENSE, "Holds no current license"),
            *Credential.LicenseType.choices,
        ],
    )
    kinds = forms.MultipleChoiceField(
        label="Notes that need co-signature", choices=KINDS, widget=forms.CheckboxSelectMultiple
    )
    signer = forms.ChoiceField(
        label="Who co-signs",
        choices=CosignRule.Signer.choices,
        initial=CosignRule.Signer.NAMED,
        widget=forms.RadioSelect,
    )


def _note_writers(organization_id: Any) -> list[User]:
    staff = User.objects.filter(organization_id=organization_id, is_active=True).order_by("last_name")
    return [user for user in staff if user.can(Capability.WRITE_NOTES)]


class NamedSupervisorForm(_ServiceForm):
    user = forms.ModelChoiceField(label="Staff member", queryset=User.objects.none())
    supervisor = forms.ModelChoiceField(label="Their supervisor", queryset=User.objects.none())

    def __init__(self, *args: Any, organization_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [user.pk for user in _note_writers(organization_id)]
        for name in ("user", "supervisor"):
            field: Any = self.fields[name]
            field.queryset = User.objects.filter(pk__in=ids).order_by("last_name", "first_name")
