"""Form helpers shared by every app's pages."""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from sotay.core.validators import reject_control_characters


@contextmanager
def apply_service_errors(form: forms.BaseForm, fields: Mapping[str, str] | None = None) -> Iterator[None]:
    """Show a service's ValidationError next to the fields it names; unknown fields go on top.

    `fields` maps a service's argument to the form field that gives it (`unit` → `unit_code`), so
    a problem with what the user typed shows by what they typed, not in a banner.
    """
    try:
        yield
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                field = (fields or {}).get(name, name)
                shown = field in form.fields and not form[field].is_hidden
                form.add_error(field if shown else None, errors)
        else:
            form.add_error(None, error)
    except PermissionDenied as error:
        # Reached through a unit named in the form that the user may see but not change.
        form.add_error(None, str(error))


# A date picker sends and shows ISO dates whatever the language; the locale's first input format
# (15/11/2026 in Vietnamese) would leave the picker empty.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DocumentedChangeForm(forms.Form):
    """The date and document reference every structural change records."""

    occurred_on = forms.DateField(label=_("Effective date"), widget=DATE_INPUT)
    document_ref = forms.CharField(
        label=_("Decision or document number"), max_length=100, required=False, validators=[reject_control_characters]
    )
