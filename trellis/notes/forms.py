import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from trellis.core.versions import SavedCopy, StaleEdit
from trellis.notes import format_switch
from trellis.notes.choices import SECTIONS, Participation, RiskLevel
from trellis.notes.models import GroupNote, IndividualNote, ParticipantEntry
from trellis.plans.models import Objective


class ServiceErrors:
    """Puts a service's ValidationError on the form fields it names (the rest on the form as a whole).

    A stale save keeps the user's text in the form and moves its version to the stored one, so saving
    again, after comparing with `stale`, replaces the stored text on purpose rather than by accident.
    """

    stale: SavedCopy | None = None
    _posted: str | None = None

    def add_service_errors(self, error: ValidationError) -> None:
        form: Any = self
        if isinstance(error, StaleEdit):
            self.stale = error.saved
            self._posted = form.data.get("version")
            self.go_on_from(error.saved.version)
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)

    @property
    def posted_version(self) -> str | None:
        """The version as sent, before a stale refusal moved the form on."""
        form: Any = self
        return self._posted if self.stale else form.data.get("version")

    def go_on_from(self, version: int) -> None:
        """The next save of this form is checked against `version` (the user's text stays as typed)."""
        form: Any = self
        form.data = form.data.copy()
        form.data["version"] = str(version)

    @property
    def expected_version(self) -> int | None:
        """The version the user started from; None where the form had none (nothing to be stale against)."""
        form: Any = self
        version: int | None = form.cleaned_data.get("version")
        return version


def _version_field() -> forms.IntegerField:
    return forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)


class SharedPartForm(ServiceErrors, forms.Form):
    version = _version_field()
    topic = forms.CharField(max_length=200, required=False)
    content = forms.CharField(
        label="What the group did",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Written once for everyone and copied into each participant's chart: name no client here.",
    )

    @classmethod
    def for_note(cls, note: GroupNote | None, default_topic: str) -> "SharedPartForm":
        if note is None:
            return cls(initial={"topic": default_topic})
        return cls(initial={"topic": note.topic, "content": note.content, "version": note.version})


def _blank(choices: Any, label: str) -> list[tuple[str, str]]:
    return [("", label), *choices]


def _risk_fields() -> tuple[forms.ChoiceField, forms.CharField]:
    """The risk rating and its description, as on a group-note entry and an individual note alike."""
    level = forms.ChoiceField(label="Risk", choices=_blank(RiskLevel.choices, "Choose…"), required=False)
    note = forms.CharField(
        label="Risk: what and what was done", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    return level, note


class EntryForm(ServiceErrors, forms.Form):
    """One participant's entry. Field ids carry the client, so ten forms on a page keep their labels apart."""

    version = _version_field()
    participation = forms.ChoiceField(choices=_blank(Participation.choices, "Choose…"), required=False)
    response = forms.CharField(
        label="Response and progress", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    objective = forms.ModelChoiceField(
        queryset=Objective.objects.none(), required=False, label="Plan objective", empty_label="None chosen"
    )
    objective_addressed = forms.CharField(label="Objective addressed", max_length=300, required=False)
    risk_level, risk_note = _risk_fields()

    def __init__(self, *args: Any, client_key: str, objectives: list[Objective], **kwargs: Any) -> None:
        kwargs["auto_id"] = f"id_%s_{client_key}"
        super().__init__(*args, **kwargs)
        field: Any = self.fields["objective"]
        field.queryset = Objective.objects.filter(pk__in=[o.pk for o in objectives])
        field.choices = [("", "None chosen"), *((o.pk, o.text) for o in objectives)]
        if not objectives:
            del self.fields["objective"]

    @classmethod
    def for_entry(
        cls, entry: ParticipantEntry | None, *, client_key: str, objectives: list[Objective]
    ) -> "EntryForm":
        initial: dict[str, Any] = {"version": 0}
        if entry is not None:
            initial = {
                "version": entry.version,
                "participation": entry.participation,
                "response": entry.response,
                "objective": entry.objective_id,
                "objective_addressed": entry.objective_addressed,
                "risk_level": entry.risk_level,
                "risk_note": entry.risk_note,
            }
        return cls(initial=initial, client_key=client_key, objectives=objectives)

    @property
    def cleaned(self) -> dict[str, Any]:
        data = self.cleaned_data
        names = ("participation", "response", "objective_addressed", "risk_level", "risk_note")
        return {
            **{name: data.get(name) or "" for name in names},
            "objective": data.get("objective"),
            "expected_version": self.expected_version,
        }


class AddendumForm(ServiceErrors, forms.Form):
    entry = forms.ChoiceField(label="About", required=False)
    text = forms.CharField(label="Addendum", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, entries: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if entries is None:
            del self.fields["entry"]
        else:
            self.fields["entry"].choices = [("", "The whole note"), *entries]  # type: ignore[attr-defined]


class IndividualNoteForm(ServiceErrors, forms.Form):
    """Date, length, one text box per section of the note's format, then the risk rating (high opens the
    urgent safety task on save)."""

    version = _version_field()
    service_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    duration_minutes = forms.IntegerField(label="Duration (minutes)", min_value=1, max_value=600)

    def __init__(self, *args: Any, note_format: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.note_format = note_format
        for key, label in SECTIONS[note_format]:
            self.fields[key] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 4})
            )
        self.fields["risk_level"], self.fields["risk_note"] = _risk_fields()
        self.fields["risk_level"].help_text = "High opens an urgent safety task and tells on call when saved."

    @classmethod
    def for_note(cls, note: IndividualNote) -> "IndividualNoteForm":
        initial = {
            "version": note.version,
            "service_date": note.service_date,
            "duration_minutes": note.duration_minutes,
            **note.sections,
            "risk_level": note.risk_level,
            "risk_note": note.risk_note,
        }
        return cls(initial=initial, note_format=note.format)

    @classmethod
    def blank(cls, *, note_format: str, today: dt.date) -> "IndividualNoteForm":
        return cls(initial={"service_date": today, "duration_minutes": 50}, note_format=note_format)

    @classmethod
    def switched(cls, data: Any, *, note_format: str) -> "IndividualNoteForm":
        """The draft as posted in its old format, shown in `note_format` with every typed section moved over.

        Unbound: switching is not saving, so nothing is validated (or refused) yet.
        """
        source = data.get("format")
        source = source if source in SECTIONS else note_format
        typed = {key: data.get(key, "") for key, _ in SECTIONS[source]}
        moved = format_switch.move_sections(sections=typed, source=source, target=note_format)
        names = ("version", "service_date", "duration_minutes", "risk_level", "risk_note")
        kept = {name: data.get(name, "") for name in names}
        return cls(initial={**kept, **moved}, note_format=note_format)

    @property
    def sections(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key) or "" for key, _ in SECTIONS[self.note_format]}

    @property
    def risk(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in ("risk_level", "risk_note")}
