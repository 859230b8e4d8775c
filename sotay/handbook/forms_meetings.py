"""The meeting forms; the services check the rules, the forms only the shapes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sotay.core.validators import reject_control_characters
from sotay.handbook.forms import DATETIME_INPUT, MultipleFileField
from sotay.handbook.models import AGENDA_LENGTH, CONTRIBUTION_LENGTH, MINUTES_LENGTH, TITLE_LENGTH, MeetingKind

INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices, initial=MeetingKind.REGULAR)
    title = forms.CharField(label=_("Title or topic"), max_length=TITLE_LENGTH, validators=[reject_control_characters])
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DATETIME_INPUT, input_formats=INPUT_FORMATS)
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DATETIME_INPUT, input_formats=INPUT_FORMATS)
    place = forms.CharField(label=_("Place"), max_length=200, required=False, validators=[reject_control_characters])
    agenda = forms.CharField(
        label=_("Agenda"),
        max_length=AGENDA_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text; line breaks are kept."),
    )
    materials = MultipleFileField(
        label=_("Materials"), required=False, help_text=_("PDF, JPEG, PNG or office documents, up to 10 MB each.")
    )
    publish = forms.BooleanField(label=_("Publish to the cell's members now"), required=False, initial=True)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["publish"]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        arguments = {name: data[name] for name in ("kind", "title", "starts_at", "ends_at", "place", "agenda")}
        arguments["materials"] = data.get("materials") or []
        if "publish" in self.fields:
            arguments["publish"] = data["publish"]
        return arguments


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes"), max_length=MINUTES_LENGTH, widget=forms.Textarea(attrs={"rows": 12}))


class ContributionForm(forms.Form):
    text = forms.CharField(
        label=_("Your contribution"),
        max_length=CONTRIBUTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("If you cannot attend (working far away), the secretary reads it at the meeting."),
    )


class PeriodForm(forms.Form):
    period = forms.CharField(
        label=_("Month or quarter"), max_length=7, required=False, help_text=_("e.g. 2026-11 or 2026-Q4")
    )
