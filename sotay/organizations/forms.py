from django import forms
from django.utils.translation import gettext_lazy as _

from sotay.core.forms import DATE_INPUT, DocumentedChangeForm
from sotay.core.validators import reject_control_characters
from sotay.organizations.access import access_unit_by_code
from sotay.organizations.models import LEVEL_ORDER, Sector, SpecialArea, Unit, UnitKind, may_contain
from sotay.organizations.services import new_unit_errors

TEXT = [reject_control_characters]
SPECIAL_AREA_HELP = _(
    "Remote, highland, border and island areas: ethnic-minority candidates there may be admitted with "
    "primary education. The flag covers the units under this one."
)


class UnitCreateForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=32, validators=TEXT)
    name = forms.CharField(label=_("Name"), max_length=200, validators=TEXT)
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    founded_on = forms.DateField(label=_("Founded on"), widget=DATE_INPUT)
    special_area = forms.ChoiceField(
        label=_("Special area"),
        choices=SpecialArea.choices,
        required=False,
        help_text=SPECIAL_AREA_HELP,
    )
    document_ref = forms.CharField(
        label=_("Decision or document number"), max_length=100, required=False, validators=TEXT
    )

    def __init__(self, *args, actor, parent: Unit, **kwargs):
        """Offer only the kinds that may sit under `parent`, the next level first, and its sector."""
        super().__init__(*args, **kwargs)
        allowed = [(kind.value, kind.label) for kind in LEVEL_ORDER if may_contain(parent.kind, kind)]
        kind_field = self.fields["kind"]
        assert isinstance(kind_field, forms.ChoiceField)
        kind_field.choices = allowed
        kind_field.initial = allowed[-1][0] if parent.kind == UnitKind.GRASSROOTS else allowed[0][0]
        self.fields["sector"].initial = parent.sector
        self.parent = parent
        self.actor = actor

    def clean(self):
        """The unit's rules as unit_create checks them, each shown on its field with the form's own errors."""
        data = super().clean()
        unit = Unit(**{name: data.get(name) or "" for name in ("code", "name", "kind", "sector", "special_area")})
        unit.founded_on = data.get("founded_on")
        for field, errors in new_unit_errors(self.actor, unit, self.parent).items():
            if field not in self.errors:  # a field that failed its own check has nothing more to say
                self.add_error(field if field in self.fields else None, errors)
        if "code" in data:
            data["code"] = unit.code
        return data


class UnitRenameForm(DocumentedChangeForm):
    name = forms.CharField(label=_("New name"), max_length=200, validators=TEXT)
    field_order = ["name", "occurred_on", "document_ref"]


class UnitTargetForm(DocumentedChangeForm):
    """A change that names another unit by its code (move: the new parent; merge: the survivor)."""

    target_code = forms.CharField(
        label=_("Code of the target unit"),
        max_length=32,
        validators=TEXT,
        widget=forms.TextInput(attrs={"list": "targets"}),  # the page's <datalist> of nearby codes
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
    field_order = ["target_code", "occurred_on", "document_ref"]

    def __init__(self, *args, actor, **kwargs):
        self.actor = actor
        super().__init__(*args, **kwargs)

    def clean_target_code(self):
        target = access_unit_by_code(self.actor, self.cleaned_data["target_code"])
        if target is None:
            raise forms.ValidationError(_("No unit you can see has this code."))
        self.cleaned_data["target"] = target
        return target.code


class UnitDissolveForm(DocumentedChangeForm):
    confirm = forms.BooleanField(
        label=_("I confirm the unit is dissolved"),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class UnitSpecialAreaForm(forms.Form):
    special_area = forms.ChoiceField(
        label=_("Special area"), choices=SpecialArea.choices, required=False, help_text=SPECIAL_AREA_HELP
    )
