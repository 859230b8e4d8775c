"""The publish and edit forms; the service checks the rules, the form only the shapes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sotay.core.validators import reject_control_characters
from sotay.handbook.attachments import ACCEPT
from sotay.handbook.models import BODY_LENGTH, TITLE_LENGTH
from sotay.organizations.models import UnitKind


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


# A datetime-local picker sends and shows ISO times, in the site's time zone.
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class NoticeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_LENGTH, validators=[reject_control_characters])
    body = forms.CharField(
        label=_("Text"),
        max_length=BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Plain text; line breaks are kept."),
    )
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=DATETIME_INPUT,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        help_text=_("Leave empty to publish now; members see a scheduled notice from this time."),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Only for these kinds of unit"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked for every unit below."),
    )
    attachments = MultipleFileField(
        label=_("Attachments"), required=False, help_text=_("PDF, JPEG, PNG or office documents, up to 10 MB each.")
    )

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(kind, UnitKind(kind).label) for kind in kinds]
        self.fields["kinds"].choices = choices  # type: ignore[attr-defined]
        if not kinds:
            del self.fields["kinds"]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "body": data["body"],
            "publish_at": data["publish_at"],
            "kinds": data.get("kinds") or [],
            "attachments": data.get("attachments") or [],
        }


class UnitChoiceForm(forms.Form):
    unit_code = forms.CharField(
        label=_("Unit code"), max_length=32, validators=[reject_control_characters], help_text=_("e.g. CB-001")
    )
