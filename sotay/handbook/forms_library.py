"""The forms of the document library and of draft resolutions; the services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sotay.core.validators import reject_control_characters
from sotay.handbook.forms import DATETIME_INPUT, MultipleFileField
from sotay.handbook.models import (
    BODY_LENGTH,
    COMMENT_LENGTH,
    NUMBER_LENGTH,
    SUMMARY_LENGTH,
    TITLE_LENGTH,
    DocumentKind,
    Outcome,
)

TEXT = [reject_control_characters]


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100, validators=TEXT)
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types")), *DocumentKind.choices])
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000, widget=forms.HiddenInput)

    def __init__(self, *args, units, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("All units")), *((u.pk, u.name) for u in units)]  # type: ignore[attr-defined]
        self.fields["year"].choices = [("", _("All years")), *((y, str(y)) for y in years)]  # type: ignore[attr-defined]


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=DocumentKind.choices)
    number = forms.CharField(label=_("Number"), required=False, max_length=NUMBER_LENGTH, validators=TEXT,
                             help_text=_("e.g. 05-NQ/CB"))  # fmt: skip
    title = forms.CharField(label=_("Title"), max_length=TITLE_LENGTH, validators=TEXT)
    issued_on = forms.DateField(label=_("Issued on"), widget=forms.DateInput(attrs={"type": "date"}))
    summary = forms.CharField(label=_("Summary"), required=False, max_length=SUMMARY_LENGTH,
                              widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip
    attachments = MultipleFileField(
        label=_("Files"), required=False, help_text=_("PDF, JPEG, PNG or office documents, up to 10 MB each.")
    )


class DraftForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_LENGTH, validators=TEXT)
    text = forms.CharField(label=_("Draft text"), max_length=BODY_LENGTH, widget=forms.Textarea(attrs={"rows": 10}),
                           help_text=_("Plain text; line breaks are kept."))  # fmt: skip
    comment_deadline = forms.DateTimeField(
        label=_("Comments until"),
        widget=DATETIME_INPUT,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
    )


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), max_length=COMMENT_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip
    parent = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    reply = forms.CharField(label=_("Reply to the member"), required=False, max_length=COMMENT_LENGTH,
                            widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class FinalTextForm(forms.Form):
    final_text = forms.CharField(label=_("Final text"), max_length=BODY_LENGTH,
                                 widget=forms.Textarea(attrs={"rows": 10}))  # fmt: skip
