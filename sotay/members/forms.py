import copy

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from sotay.core.forms import DATE_INPUT
from sotay.core.validators import PHONE_INPUT_MAX_LENGTH, reject_control_characters
from sotay.members.choices import SENSITIVE_FIELDS, AgeBand, Category, Education, Religion, Status
from sotay.members.models import EMAIL_INVALID, Member
from sotay.members.selectors import CURSOR_LENGTH
from sotay.members.services import (
    DATE_FIELDS,
    PROFILE_FIELDS,
    STATUSES_AT_ADMISSION,
    UPDATABLE_FIELDS,
    profile_errors,
)


def _blank(choices) -> list[tuple[str, str]]:
    return [("", _("All")), *choices]


class MemberFilterForm(forms.Form):
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
    # Links from a unit's page name it by id; the page then shows its code in `unit_code`.
    unit = forms.IntegerField(
        label=_("Unit"), required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput
    )
    status = forms.ChoiceField(label=_("Status"), choices=_blank(Status.choices), required=False)
    category = forms.ChoiceField(label=_("Category"), choices=_blank(Category.choices), required=False)
    education = forms.ChoiceField(label=_("General education"), choices=_blank(Education.choices), required=False)
    age_band = forms.ChoiceField(label=_("Age"), choices=_blank(AgeBand.choices), required=False)
    religion = forms.ChoiceField(label=_("Religion"), choices=_blank(Religion.choices), required=False)
    after = forms.CharField(
        label=_("Page"),
        required=False,
        max_length=CURSOR_LENGTH,
        widget=forms.HiddenInput,
        validators=[reject_control_characters],
    )

    def __init__(self, *args, show_sensitive: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_sensitive:
            del self.fields["religion"]


class MemberProfileForm(forms.ModelForm):
    # Longer than the model's limit: the grouping typed in is taken out before the stored value is checked.
    phone = forms.CharField(
        label=capfirst(Member._meta.get_field("phone").verbose_name),
        max_length=PHONE_INPUT_MAX_LENGTH,
        required=False,
    )

    class Meta:
        model = Member
        fields = PROFILE_FIELDS
        widgets = {
            "birth_date": DATE_INPUT,
            "admitted_on": DATE_INPUT,
            "recognized_on": DATE_INPUT,
            "family_background": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"email": {"invalid": EMAIL_INVALID}}

    def __init__(self, *args, actor, show_sensitive: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        if not show_sensitive:
            for field in SENSITIVE_FIELDS:
                del self.fields[field]
        for form_field in self.fields.values():
            # Our own wording for "nothing chosen yet", translated in our catalogues.
            if isinstance(form_field, forms.ChoiceField):
                choices: list = list(form_field.choices)  # type: ignore[arg-type]
                if choices and choices[0][0] == "":
                    form_field.choices = [("", _("Choose…")), *choices[1:]]

    def _post_clean(self):
        # The services validate the whole record; the form parses the fields and asks the service's
        # own checks about every field that parsed, so every mistake shows in one round. An edit is
        # judged only on what it changes, as the services do.
        member = copy.copy(self.instance)
        for name, value in self.cleaned_data.items():
            if name in PROFILE_FIELDS:
                setattr(member, name, value)
        changed = PROFILE_FIELDS if self.instance.pk is None else self.changed_data
        errors = profile_errors(
            self.actor,
            member,
            changed=[name for name in changed if name in PROFILE_FIELDS and name not in self.errors],
            status=self.cleaned_data.get("status") if self.instance.pk is None else None,
        )
        for field, field_errors in errors.items():
            shown = self._field_for(field)
            # An error on a field the page does not show follows from one it does (an edit's birth
            # date now after the admission date); with other errors on the page it would only repeat them.
            if shown is not None and shown not in self.errors:
                self.add_error(shown, field_errors)

    def _field_for(self, field: str) -> str | None:
        if field in self.fields:
            return field
        if field in DATE_FIELDS and "birth_date" in self.fields:
            return "birth_date"  # the only date an edit changes, so the cause of a date error
        return None

    def profile(self) -> dict:
        return {name: self.cleaned_data[name] for name in PROFILE_FIELDS if name in self.fields}


class MemberEditForm(MemberProfileForm):
    class Meta(MemberProfileForm.Meta):
        fields = UPDATABLE_FIELDS


class MemberCreateForm(MemberProfileForm):
    status = forms.ChoiceField(label=_("Status"), choices=[(s.value, s.label) for s in STATUSES_AT_ADMISSION])


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    valid_from = forms.DateField(label=_("Effective date"), widget=DATE_INPUT)
    reason = forms.CharField(label=_("Reason"), max_length=255, validators=[reject_control_characters])
    document_ref = forms.CharField(
        label=_("Decision or document number"), max_length=100, required=False, validators=[reject_control_characters]
    )


class TransferForm(forms.Form):
    unit_code = forms.CharField(label=_("Code of the new cell"), max_length=32, validators=[reject_control_characters])
    valid_from = forms.DateField(label=_("Effective date"), widget=DATE_INPUT)
    reason = forms.CharField(label=_("Reason"), max_length=255, validators=[reject_control_characters])
    document_ref = forms.CharField(
        label=_("Decision or document number"), max_length=100, required=False, validators=[reject_control_characters]
    )
