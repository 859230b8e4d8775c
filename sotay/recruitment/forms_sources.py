"""The sources' page forms: filters, the profile (create and edit), drop, and the eligibility date."""

import copy

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from sotay.core.forms import DATE_INPUT
from sotay.core.validators import PHONE_INPUT_MAX_LENGTH, reject_control_characters
from sotay.members.selectors import CURSOR_LENGTH
from sotay.organizations.models import Unit
from sotay.recruitment.choices import MassOrganization, SourceCategory, SourceStatus
from sotay.recruitment.models import Candidate
from sotay.recruitment.selectors.sources import helper_choices, responsible_choices
from sotay.recruitment.services.sources import (
    DROP_REASON_LENGTH,
    SENSITIVE_SOURCE_FIELDS,
    SOURCE_FIELDS,
    source_errors,
)


def _all(choices) -> list[tuple[str, str]]:
    return [("", _("All")), *[(value, label) for value, label in choices if value]]


class SourceFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name"),
        max_length=120,
        required=False,
        validators=[reject_control_characters],
        help_text=_("The start of any words of the name, in any order; accents are optional."),
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. van an"), "aria-describedby": "id_q-help"}
        ),
    )
    unit_code = forms.CharField(
        label=_("Unit code"),
        max_length=32,
        required=False,
        validators=[reject_control_characters],
        widget=forms.TextInput(attrs={"placeholder": _("e.g. NB-05"), "autocapitalize": "characters"}),
    )
    # Links from a unit's page or a count name it by id; the page then shows its code in `unit_code`.
    unit = forms.IntegerField(
        label=_("Unit"), required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput
    )
    category = forms.ChoiceField(label=_("Category"), choices=_all(SourceCategory.choices), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=_all(SourceStatus.choices), required=False)
    mass_organization = forms.ChoiceField(
        label=_("Mass organization"), choices=_all(MassOrganization.choices), required=False
    )
    after = forms.CharField(
        label=_("Page"),
        required=False,
        max_length=CURSOR_LENGTH,
        widget=forms.HiddenInput,
        validators=[reject_control_characters],
    )


class SourceForm(forms.ModelForm):
    """A source's profile. Sensitive fields are left out for those who may not see them; the
    service's own check (`source_errors`) runs on every field that parsed, so every mistake shows
    next to its field in one round."""

    phone = forms.CharField(
        label=capfirst(Candidate._meta.get_field("phone").verbose_name),
        max_length=PHONE_INPUT_MAX_LENGTH,
        required=False,
    )

    class Meta:
        model = Candidate
        fields = SOURCE_FIELDS
        widgets = {
            "birth_date": DATE_INPUT,
            "identified_on": DATE_INPUT,
            "family_background": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, unit: Unit, show_sensitive: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        if not show_sensitive:
            for name in SENSITIVE_SOURCE_FIELDS:
                del self.fields[name]
        helper = self.fields["helper"]
        responsible = self.fields["responsible"]
        assert isinstance(helper, forms.ModelChoiceField) and isinstance(responsible, forms.ModelChoiceField)
        helper.queryset = helper_choices(unit)
        responsible.queryset = responsible_choices(unit)
        if self.instance.pk is None:
            self.fields["identified_on"].initial = timezone.localdate()
        for form_field in self.fields.values():
            if isinstance(form_field, forms.ChoiceField):
                choices: list = list(form_field.choices)  # type: ignore[arg-type]
                if choices and choices[0][0] == "":
                    form_field.choices = [("", _("Choose…")), *choices[1:]]

    def _post_clean(self):
        candidate = copy.copy(self.instance)
        candidate.unit = self.unit
        for name, value in self.cleaned_data.items():
            if name in SOURCE_FIELDS:
                setattr(candidate, name, value)
        changed = SOURCE_FIELDS if self.instance.pk is None else self.changed_data
        errors = source_errors(candidate, changed=[n for n in changed if n in SOURCE_FIELDS and n not in self.errors])
        for name, field_errors in errors.items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, field_errors)

    def profile(self) -> dict:
        return {name: self.cleaned_data[name] for name in SOURCE_FIELDS if name in self.fields}


class SourceDropForm(forms.Form):
    on = forms.DateField(label=_("No longer a source since"), widget=DATE_INPUT)
    reason = forms.CharField(label=_("Reason"), max_length=DROP_REASON_LENGTH, validators=[reject_control_characters])


class EligibilityDateForm(forms.Form):
    on = forms.DateField(
        label=_("Day of the cell's vote"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("The rules in force on this day, applied to the person's age and record on it."),
    )
