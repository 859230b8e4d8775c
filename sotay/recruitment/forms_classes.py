"""Forms of the class pages. Their rules are the services' own (`course_errors`, `result_errors`),
so a page shows every mistake next to its field before anything is written."""

from __future__ import annotations

from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sotay.core.forms import DATE_INPUT
from sotay.core.validators import reject_control_characters
from sotay.recruitment.choices import CourseKind, CourseResult
from sotay.recruitment.models import Candidate, Course, Enrollment
from sotay.recruitment.services.classes import (
    COURSE_FIELDS,
    ResultEntry,
    certificate_numbers,
    course_errors,
    result_errors,
)

YEARS = (2000, 2100)


class CourseFilterForm(forms.Form):
    unit_code = forms.CharField(
        label=_("Unit code"),
        max_length=32,
        required=False,
        validators=[reject_control_characters],
        widget=forms.TextInput(attrs={"placeholder": _("e.g. NB-05"), "autocapitalize": "characters"}),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All")), *CourseKind.choices], required=False)
    year = forms.IntegerField(label=_("Year"), min_value=YEARS[0], max_value=YEARS[1], required=False)


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = COURSE_FIELDS
        widgets = {"starts_on": DATE_INPUT, "ends_on": DATE_INPUT}
        help_texts = {"grants_education": _("For a supplementary class: what a source who passes will have.")}

    def clean(self):
        data = super().clean()
        errors = course_errors(
            kind=data.get("kind") or "",
            starts_on=data.get("starts_on"),
            ends_on=data.get("ends_on"),
            grants_education=data.get("grants_education") or "",
            course=self.instance if self.instance.pk else None,
        )
        for field, message in errors.items():
            if field not in self.errors:
                self.add_error(field, message)
        return data

    def changes(self) -> dict:
        return {field: self.cleaned_data[field] for field in COURSE_FIELDS}


def _candidate_label(candidate: Candidate) -> str:
    return f"{candidate.full_name} ({candidate.birth_date.year}, {candidate.unit.name})"


class EnrollSearchForm(forms.Form):
    """Narrows the sources offered for a class by name, as the sources' list does."""

    q = forms.CharField(
        label=_("Find a source"),
        max_length=120,
        required=False,
        validators=[reject_control_characters],
        help_text=_("The start of any words of the name, in any order; accents are optional."),
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. van an")}),
    )

    def query(self) -> str:
        return self.cleaned_data.get("q", "") if self.is_valid() else ""


class EnrollForm(forms.Form):
    candidates = forms.TypedMultipleChoiceField(
        label=_("Sources"), coerce=int, widget=forms.CheckboxSelectMultiple, required=True
    )
    enrolled_on = forms.DateField(label=_("Enrolled on"), widget=DATE_INPUT)

    def __init__(self, *args, candidates: list[Candidate], **kwargs):
        kwargs.setdefault("initial", {"enrolled_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.by_id = {c.pk: c for c in candidates}
        cast(forms.ChoiceField, self.fields["candidates"]).choices = [(c.pk, _candidate_label(c)) for c in candidates]

    def chosen(self) -> list[Candidate]:
        return [self.by_id[pk] for pk in self.cleaned_data["candidates"]]


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DATE_INPUT)
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False, validators=[reject_control_characters])
    present = forms.TypedMultipleChoiceField(
        label=_("Present"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick those who came; everyone else on the roll is recorded absent."),
    )

    def __init__(self, *args, roll: list[Enrollment], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["present"]).choices = [(e.pk, e.candidate.full_name) for e in roll]


def result_field(enrollment: Enrollment) -> str:
    return f"result_{enrollment.pk}"


def certificate_field(enrollment: Enrollment) -> str:
    return f"certificate_{enrollment.pk}"


class ResultsForm(forms.Form):
    """One row per source of the class: the result and the certificate number."""

    result_on = forms.DateField(label=_("Result date"), widget=DATE_INPUT)
    first_number = forms.CharField(
        label=_("Number the certificates from"),
        max_length=40,
        required=False,
        validators=[reject_control_characters],
        help_text=_(
            "Optional: gives those who passed and have no number yet the next numbers, in the order shown, "
            "counting up the last digits of this one."
        ),
        widget=forms.TextInput(attrs={"placeholder": _("e.g. CT-2026-001")}),
    )

    def __init__(self, *args, enrollments: list[Enrollment], **kwargs):
        initial: dict[str, object] = {"result_on": timezone.localdate()}
        for enrollment in enrollments:
            initial[result_field(enrollment)] = enrollment.result
            initial[certificate_field(enrollment)] = enrollment.certificate_number
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.enrollments = enrollments
        for enrollment in enrollments:
            name = enrollment.candidate.full_name
            self.fields[result_field(enrollment)] = forms.ChoiceField(
                label=_("Result of %(name)s") % {"name": name}, choices=CourseResult.choices
            )
            self.fields[certificate_field(enrollment)] = forms.CharField(
                label=_("Certificate number of %(name)s") % {"name": name},
                max_length=40,
                required=False,
                validators=[reject_control_characters],
            )

    def rows(self):
        """(enrolment, result field, certificate field) for the template's table."""
        return [(e, self[result_field(e)], self[certificate_field(e)]) for e in self.enrollments]

    def clean(self):
        data = super().clean()
        if data.get("first_number"):
            self._number_certificates(data)
        taken: dict[str, str] = {}
        for enrollment in self.enrollments:
            result, number = data.get(result_field(enrollment)), (data.get(certificate_field(enrollment)) or "").strip()
            if result is None:
                continue
            if (result, number) != (enrollment.result, enrollment.certificate_number):
                field, problem = result_errors(enrollment.course, enrollment, result, number)
                if problem:
                    shown = result_field if field == "result" else certificate_field
                    self.add_error(shown(enrollment), problem)
                    continue
            if number and number in taken:
                self.add_error(
                    certificate_field(enrollment),
                    _("Certificate number %(number)s is already given in this class.") % {"number": number},
                )
            taken[number] = enrollment.candidate.full_name
        return data

    def _number_certificates(self, data: dict) -> None:
        """Fill the blank numbers of the rows marked passed, from `first_number` on."""
        fields = [
            certificate_field(e)
            for e in self.enrollments
            if data.get(result_field(e)) == CourseResult.PASSED and not (data.get(certificate_field(e)) or "").strip()
        ]
        taken = {(data.get(certificate_field(e)) or "").strip() for e in self.enrollments}
        try:
            numbers = certificate_numbers(data["first_number"], count=len(fields), taken=taken)
        except ValidationError as error:
            self.add_error("first_number", error.message_dict["first_number"])
            return
        data.update(zip(fields, numbers, strict=True))

    def entries(self) -> list[ResultEntry]:
        return [
            ResultEntry(
                enrollment_id=e.pk,
                result=self.cleaned_data[result_field(e)],
                certificate_number=self.cleaned_data[certificate_field(e)],
            )
            for e in self.enrollments
        ]
