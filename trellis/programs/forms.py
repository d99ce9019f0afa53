from typing import Any

from django import forms

from trellis.programs.models import Program, Track

PART2_CHOICES = [("", "Follow the program kind"), ("yes", "Yes"), ("no", "No")]
_PART2_VALUES = {"yes": True, "no": False}
_PART2_ANSWERS: dict[bool | None, str] = {True: "yes", False: "no", None: ""}


class ProgramForm(forms.ModelForm[Program]):
    # 42 CFR 2.11-2.12: a federally assisted program that holds itself out as providing SUD treatment.
    is_part2 = forms.TypedChoiceField(
        label="42 CFR Part 2 program",
        choices=PART2_CHOICES,
        coerce=_PART2_VALUES.__getitem__,
        empty_value=None,
        required=False,
        help_text=(
            "Part 2 records need the client's written consent before they leave the program, and carry the "
            "Part 2 notice. Following the kind, substance use and co-occurring programs are Part 2 programs and "
            "mental-health-only programs are not. Say Yes or No only to override that, for example for a program "
            "that is not federally assisted."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["is_part2"] = _PART2_ANSWERS[self.instance.is_part2]

    class Meta:
        model = Program
        fields = [
            "name",
            "kind",
            "age_group",
            "level_of_care",
            "min_weekly_hours",
            "minimum_override_reason",
            "min_days_per_week",
            "max_days_per_week",
            "typical_length_weeks",
            "max_length_days",
            "is_part2",
        ]
        help_texts = {
            "min_weekly_hours": "ASAM 2.1: at least 9 for adults, 6 for adolescents; 2.5: at least 20.",
            "minimum_override_reason": (
                "Only for a minimum below the level's: a clinical director's reason, kept and audited."
            ),
        }
        widgets = {"minimum_override_reason": forms.Textarea(attrs={"rows": 2})}


class TrackForm(forms.ModelForm[Track]):
    class Meta:
        model = Track
        fields = ["name", "site", "time_of_day", "population", "capacity", "is_active"]
