"""The progress report's choices (unit, year, as-of day) and the form that sets one target."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sotay.core.forms import DATE_INPUT
from sotay.core.validators import reject_control_characters
from sotay.organizations.models import Unit
from sotay.recruitment.choices import TargetKind
from sotay.recruitment.selectors.progress import report_day
from sotay.recruitment.services.targets import FIRST_YEAR, MAX_TARGET, YEARS_AHEAD


def report_year_range() -> tuple[int, int]:
    return FIRST_YEAR, timezone.localdate().year + YEARS_AHEAD


class ProgressForm(forms.Form):
    """Which report: a unit (by code, or by id from a link), a year, and the day it is as of."""

    unit_code = forms.CharField(
        label=_("Unit code"),
        max_length=32,
        required=False,
        validators=[reject_control_characters],
        help_text=_("Leave empty for your own unit."),
    )
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    year = forms.IntegerField(label=_("Year"), required=False)
    as_of = forms.DateField(
        label=_("As of"), required=False, widget=DATE_INPUT, help_text=_("Leave empty for today or the year's end.")
    )

    def clean_year(self) -> int:
        year = self.cleaned_data.get("year") or timezone.localdate().year
        first, last = report_year_range()
        if not first <= year <= last:
            raise forms.ValidationError(
                _("Choose a year from %(first)s to %(last)s."), params={"first": first, "last": last}
            )
        return year

    def clean(self) -> dict:
        data = super().clean() or {}
        year, as_of = data.get("year"), data.get("as_of")
        if year and as_of and as_of.year != year:
            self.add_error("as_of", _("Choose a day in %(year)s.") % {"year": year})
        return data

    def as_of_day(self) -> datetime.date:
        """The day asked for, or the report's default day (`report_day`)."""
        return report_day(self.cleaned_data["year"], self.cleaned_data.get("as_of"))


class TargetForm(forms.Form):
    """One target of one unit of the page (the unit itself or a child) for the page's year."""

    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    kind = forms.ChoiceField(label=_("Target"), choices=TargetKind.choices)
    value = forms.IntegerField(label=_("Value"), min_value=0, max_value=MAX_TARGET)
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=255,
        required=False,
        validators=[reject_control_characters],
        help_text=_("Needed when an admissions target differs from the default."),
    )

    def __init__(self, *args, units: list[Unit], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.units = {unit.pk: unit for unit in units}
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ChoiceField)
        unit_field.choices = [(unit.pk, unit.label) for unit in units]

    def chosen_unit(self) -> Unit:
        return self.units[self.cleaned_data["unit"]]
