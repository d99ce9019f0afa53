from django import forms

from trellis.programs.models import Program, Track


class ProgramForm(forms.ModelForm[Program]):
    class Meta:
        model = Program
        fields = [
            "name",
            "kind",
            "age_group",
            "min_weekly_hours",
            "min_days_per_week",
            "max_days_per_week",
            "typical_length_weeks",
            "max_length_days",
        ]
        help_texts = {"min_weekly_hours": "ASAM 2.1: at least 9 for adults, 6 for adolescents."}


class TrackForm(forms.ModelForm[Track]):
    class Meta:
        model = Track
        fields = ["name", "site", "time_of_day", "population", "capacity", "is_active"]
