from typing import Any

from django import forms

from trellis.accounts.models import User
from trellis.programs.models import CurriculumTopic, Room, Track
from trellis.scheduling.inputs import Commitment, DayPart
from trellis.scheduling.models import RecurringGroup, SessionMode

WEEKDAYS = [(0, "Mon"), (1, "Tue"), (2, "Wed"), (3, "Thu"), (4, "Fri"), (5, "Sat"), (6, "Sun")]


class GroupForm(forms.Form):
    name = forms.CharField(max_length=120)
    weekdays = forms.TypedMultipleChoiceField(
        choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    starts_at = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), label="Starts at")
    duration_minutes = forms.IntegerField(
        min_value=15, max_value=600, initial=180, label="Duration (minutes)"
    )
    room = forms.ModelChoiceField(queryset=Room.objects.none())
    facilitator = forms.ModelChoiceField(queryset=User.objects.none())
    default_topic = forms.ModelChoiceField(
        queryset=CurriculumTopic.objects.none(), required=False, label="Topic"
    )
    # Not required: a form or client that predates the kinds makes a process group, as before.
    session_kind = forms.TypedChoiceField(
        choices=RecurringGroup.SessionKind.choices,
        initial=RecurringGroup.SessionKind.PROCESS,
        empty_value=RecurringGroup.SessionKind.PROCESS,
        required=False,
        label="Kind of group",
    )
    session_mode = forms.TypedChoiceField(
        choices=SessionMode.choices,
        initial=SessionMode.IN_PERSON,
        empty_value=SessionMode.IN_PERSON,
        required=False,
        label="Meets",
        help_text="Virtual or hybrid: clients join by video from their portal.",
    )
    active_from = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="First week")
    family_group = forms.BooleanField(
        label="Multi-family group", required=False, help_text="Clients come with family members (90849)."
    )

    def __init__(self, *args: Any, track: Track, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = Room.objects.filter(site_id=track.site_id)  # type: ignore[attr-defined]
        self.fields["facilitator"].queryset = User.objects.filter(sites=track.site_id, is_active=True)  # type: ignore[attr-defined]
        self.fields["default_topic"].queryset = CurriculumTopic.objects.filter(  # type: ignore[attr-defined]
            organization_id=track.program.organization_id
        )


class CommitmentForm(forms.Form):
    """A weekly stretch when the client cannot come (work, school, childcare)."""

    weekday = forms.TypedChoiceField(choices=WEEKDAYS, coerce=int, label="Day")
    starts_at = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), label="From")
    ends_at = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), label="Until")
    kind = forms.ChoiceField(choices=Commitment.Kind.choices, label="Because of")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at is not None and ends_at is not None and ends_at <= starts_at:
            self.add_error("ends_at", f"Must be after the start ({starts_at:%H:%M}).")
        return cleaned


class PreferenceForm(forms.Form):
    day_part = forms.ChoiceField(
        choices=[("", "No preference"), *DayPart.choices], required=False, label="Prefers"
    )


class PinForm(forms.Form):
    """Keep the client in one group on one day in every proposal."""

    group = forms.ModelChoiceField(queryset=RecurringGroup.objects.none())
    weekday = forms.TypedChoiceField(choices=WEEKDAYS, coerce=int, label="Day")

    def __init__(self, *args: Any, site_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = RecurringGroup.objects.filter(  # type: ignore[attr-defined]
            track__site_id=site_id, track__is_active=True
        )


class StepForm(forms.Form):
    direction = forms.ChoiceField(choices=[("down", "Step down"), ("up", "Step up")])
    starts_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="From")


class AppointmentForm(forms.Form):
    """An individual session, medication management or drug screen for one client (assessments are booked
    from the intake pipeline)."""

    kind = forms.ChoiceField(label="Appointment")
    staff = forms.ModelChoiceField(queryset=User.objects.none(), label="With")
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Day")
    starts_at = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), label="Starts at")
    minutes = forms.IntegerField(min_value=5, max_value=480, initial=50, label="Length (minutes)")

    def __init__(self, *args: Any, site_id: Any, **kwargs: Any) -> None:
        from trellis.scheduling.appointments import Appointment

        super().__init__(*args, **kwargs)
        kinds = [(value, label) for value, label in Appointment.Kind.choices if value != "assessment"]
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]
        staff = User.objects.filter(sites=site_id, is_active=True).order_by("last_name", "first_name")
        self.fields["staff"].queryset = staff  # type: ignore[attr-defined]
        self.fields["staff"].label_from_instance = lambda u: u.get_full_name() or u.get_username()  # type: ignore[attr-defined]
