"""Forms for the intake pages. They parse input; the services decide what is allowed."""

from typing import Any

from django import forms

from trellis.accounts.models import User
from trellis.accounts.roles import Role
from trellis.core import plausible_dates
from trellis.intake import levels
from trellis.intake.choices import Edition, FailedLevel, Readiness, ReferralSource, Severity, Urgency
from trellis.intake.dimensions import RATING_LABELS, dimensions_of
from trellis.programs.models import Phase, Program, Site, Track

_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
_DATE = forms.DateInput(attrs={"type": "date"})


class StaffChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


def colleagues(*, site_ids: list[Any], roles: tuple[str, ...]) -> Any:
    # Staff of the organization that runs these sites: a membership crossing organizations counts for nothing.
    staff = User.objects.filter(is_active=True, role__in=roles, organization__sites__in=site_ids)
    return staff.filter(sites__in=site_ids).distinct()


INTAKE_ROLES = (Role.ADMISSIONS, Role.CLINICIAN, Role.DIRECTOR)
ASSESSOR_ROLES = (Role.CLINICIAN, Role.DIRECTOR)


class InquiryForm(forms.Form):
    site = forms.ModelChoiceField(queryset=Site.objects.none())
    caller_name = forms.CharField(max_length=120)
    caller_relation = forms.CharField(
        max_length=60, required=False, help_text="self, mother, probation officer…"
    )
    phone = forms.CharField(max_length=30, required=False)
    prospect_first_name = forms.CharField(max_length=80, required=False, label="Client first name")
    prospect_last_name = forms.CharField(max_length=80, required=False, label="Client last name")
    referral_source = forms.ChoiceField(choices=ReferralSource.choices)
    referrer_name = forms.CharField(max_length=120, required=False, label="Referrer (person or agency)")
    urgency = forms.ChoiceField(choices=Urgency.choices, initial=Urgency.ROUTINE)
    payer_name = forms.CharField(max_length=120, required=False, label="Insurance (payer)")
    member_id = forms.CharField(max_length=60, required=False, label="Member ID")
    assigned_to = StaffChoiceField(queryset=User.objects.none(), required=False, label="Coordinator")
    presenting_concern = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Crisis words (suicide, overdose, can't stay safe…) flag the inquiry for a call back now.",
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.filter(pk__in=user.site_ids())  # type: ignore[attr-defined]
        self.fields["assigned_to"].queryset = colleagues(site_ids=user.site_ids(), roles=INTAKE_ROLES)  # type: ignore[attr-defined]


class NextActionForm(forms.Form):
    next_action = forms.CharField(max_length=200, label="Next action")
    next_action_due = forms.DateTimeField(widget=_DATETIME, label="Due")
    assigned_to = StaffChoiceField(queryset=User.objects.none(), required=False, label="Coordinator")

    def __init__(self, *args: Any, site: Site, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = colleagues(site_ids=[site.pk], roles=INTAKE_ROLES)  # type: ignore[attr-defined]


class ScreenForm(forms.Form):
    note = forms.CharField(max_length=300, required=False, label="Screening summary (optional)")


class BookAssessmentForm(forms.Form):
    starts_at = forms.DateTimeField(widget=_DATETIME, label="Assessment time")
    assessor = StaffChoiceField(queryset=User.objects.none())

    def __init__(self, *args: Any, site: Site, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assessor"].queryset = colleagues(site_ids=[site.pk], roles=ASSESSOR_ROLES)  # type: ignore[attr-defined]


class AdmitForm(forms.Form):
    legal_first_name = forms.CharField(max_length=80)
    legal_last_name = forms.CharField(max_length=80)
    date_of_birth = forms.DateField(widget=_DATE, required=False)


class ReferForm(forms.Form):
    referred_to = forms.CharField(max_length=200, label="Referred to", help_text="Program and level of care")


class LostForm(forms.Form):
    lost_reason = forms.CharField(
        max_length=200, label="Why lost", help_text="No answer after 3 calls, chose another program…"
    )


# Ten years of inquiries is more than any program keeps open; a longer span is a mistyped year.
REPORT_MAX_DAYS = 3660


class ReportRangeForm(forms.Form):
    start = forms.DateField(widget=_DATE)
    end = forms.DateField(widget=_DATE, help_text="Inclusive")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end"):
            problem = plausible_dates.span_problem(data["start"], data["end"], max_days=REPORT_MAX_DAYS)
            if problem:
                self.add_error("end", problem)
        return data


class AssessmentForm(forms.Form):
    """One rating (0-4) and one narrative per dimension of the chosen edition, then the findings."""

    assessed_on = forms.DateField(widget=_DATE, label="Assessed on")
    needs_withdrawal_management = forms.BooleanField(
        required=False, label="Needs medically managed withdrawal"
    )
    needs_24_hour_care = forms.BooleanField(required=False, label="Needs 24-hour supervision or medical care")
    unsafe_home = forms.BooleanField(required=False, label="Home unsafe or full of triggers")
    severe_co_occurring = forms.BooleanField(required=False, label="Severe co-occurring psychiatric illness")
    failed_level = forms.ChoiceField(
        choices=[("", "None"), *list(FailedLevel.choices)],
        required=False,
        label="Lower level tried without enough progress",
    )
    severity = forms.ChoiceField(
        choices=Severity.choices, initial=Severity.MODERATE, label="Use disorder severity"
    )
    readiness = forms.ChoiceField(choices=Readiness.choices, initial=Readiness.READY)

    FINDINGS = (
        "needs_withdrawal_management",
        "needs_24_hour_care",
        "unsafe_home",
        "severe_co_occurring",
        "failed_level",
        "severity",
        "readiness",
    )

    def __init__(self, *args: Any, edition: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.dimensions = dimensions_of(edition)
        for d in self.dimensions:
            self.fields[f"rating_{d.code}"] = forms.TypedChoiceField(
                choices=[("", "—"), *list(RATING_LABELS.items())],
                coerce=int,
                label=f"{d.code} rating",
                error_messages={"required": f"Rate {d.code} from 0 to 4."},
            )
            self.fields[f"narrative_{d.code}"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 2, "placeholder": d.prompt}),
                label=f"{d.code} narrative",
                error_messages={"required": f"Write what supports the {d.code} rating."},
            )

    def dimension_rows(self) -> list[tuple[Any, Any, Any]]:
        return [(d, self[f"rating_{d.code}"], self[f"narrative_{d.code}"]) for d in self.dimensions]

    def finding_fields(self) -> list[Any]:
        return [self[name] for name in self.FINDINGS]

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "edition": self.edition,
            "assessed_on": data["assessed_on"],
            "ratings": {d.code: data[f"rating_{d.code}"] for d in self.dimensions},
            "narratives": {d.code: data[f"narrative_{d.code}"] for d in self.dimensions},
            **{name: data[name] for name in self.FINDINGS},
        }


EDITION_CHOICES = Edition.choices


class DecisionForm(forms.Form):
    decided_level = forms.ChoiceField(label="Level of care")
    override_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Reason for choosing another level",
        help_text="Required when the level differs from the recommendation, above all when it is lower.",
    )
    effective_on = forms.DateField(widget=_DATE, label="Effective on")
    program = forms.ModelChoiceField(
        queryset=Program.objects.none(),
        required=False,
        empty_label="Do not admit here (placed elsewhere)",
        label="Admit to program",
    )

    def __init__(self, *args: Any, user: Any, needs_program: bool, edition: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_level"].choices = [  # type: ignore[attr-defined]
            (level.value, name) for level, name in levels.LEVELS[edition].items()
        ]
        if needs_program:
            self.fields["program"].queryset = Program.objects.filter(pk__in=user.program_ids())  # type: ignore[attr-defined]
        else:
            del self.fields["program"]


class EnrollmentChangeForm(forms.Form):
    track = forms.ModelChoiceField(queryset=Track.objects.none())
    phase = forms.ModelChoiceField(queryset=Phase.objects.none())
    starts_on = forms.DateField(widget=_DATE, label="Starts on")

    def __init__(self, *args: Any, user: Any, program_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = Track.objects.filter(  # type: ignore[attr-defined]
            program_id=program_id, site_id__in=user.site_ids(), is_active=True
        )
        self.fields["phase"].queryset = Phase.objects.filter(program_id=program_id)  # type: ignore[attr-defined]
