from typing import Any

from django import forms

from trellis.episodes.models import Episode
from trellis.programs.models import Phase, Track


class EpisodeChoiceField(forms.ModelChoiceField[Episode]):
    def label_from_instance(self, obj: Episode) -> str:
        return f"{obj.client.display_name} ({obj.client.chart_number})"


class EnrollForm(forms.Form):
    """Place an admitted client in this track; the client list holds open episodes in the track's program."""

    episode = EpisodeChoiceField(queryset=Episode.objects.none(), label="Client")
    phase = forms.ModelChoiceField(queryset=Phase.objects.none())
    starts_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Starts on")

    def __init__(self, *args: Any, track: Track, episodes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["episode"].queryset = episodes  # type: ignore[attr-defined]
        self.fields["phase"].queryset = Phase.objects.filter(program_id=track.program_id)  # type: ignore[attr-defined]
