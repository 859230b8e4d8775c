"""Forms of the admission case pages. They parse what was typed; the services judge it, and their
messages come back next to the field that caused them (`SERVICE_FIELDS`)."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from sotay.core.forms import DATE_INPUT
from sotay.core.validators import reject_control_characters
from sotay.members.choices import Category
from sotay.recruitment import transitions
from sotay.recruitment.choices import CaseAction, MassOrganization, Step
from sotay.recruitment.models import AdmissionCase, Candidate
from sotay.recruitment.selectors.sources import responsible_choices
from sotay.recruitment.services.cases import (
    INTRODUCING_ORGANIZATIONS,
    IntroducerIn,
    Votes,
    suggested_member_category,
    takes_reason,
)

TEXT = [reject_control_characters]
MAX_MONTHS = 1200
MAX_COUNT = 100_000
# A service's field → the form field that gives it.
SERVICE_FIELDS = {"introducers": "introducer_1", "action": "action"}


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.full_name} ({obj.birth_date.year})"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


def _reason_field(required: bool) -> forms.CharField:
    return forms.CharField(
        label=_("Reason"),
        max_length=2000,
        required=required,
        validators=TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ResponsibleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


def _responsible_field(**kwargs) -> ResponsibleChoiceField:
    return ResponsibleChoiceField(
        label=_("Responsible"),
        queryset=None,
        required=False,
        help_text=_("Someone holding a role on the cell or a unit above it, who follows the case and its deadlines."),
        **kwargs,
    )


class CaseOpenForm(forms.Form):
    opened_on = forms.DateField(label=_("Opened on"), widget=DATE_INPUT)
    document_ref = forms.CharField(label=_("Document reference"), max_length=100, required=False, validators=TEXT)
    responsible = _responsible_field()

    def __init__(self, *args, candidate: Candidate, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("responsible", candidate.responsible_id)
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["responsible"])
        field.queryset = responsible_choices(candidate.unit)
        if candidate.responsible_id:
            field.help_text = _("Left empty, the source's responsible person follows the case.")


class CaseResponsibleForm(forms.Form):
    """Who follows an open case; empty for nobody."""

    responsible = _responsible_field(empty_label=_("Nobody"))

    def __init__(self, *args, case: AdmissionCase, **kwargs):
        kwargs.setdefault("initial", {"responsible": case.responsible_id})
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["responsible"]).queryset = responsible_choices(case.unit)


class AdvanceForm(forms.Form):
    """The next step of a case, with the fields that step needs and no others."""

    to_step = forms.ChoiceField(choices=Step.choices, widget=forms.HiddenInput)
    occurred_on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    document_ref = forms.CharField(label=_("Document reference"), max_length=100, required=False, validators=TEXT)
    votes_for = forms.IntegerField(label=_("Votes in favour"), min_value=0, max_value=MAX_COUNT)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0, max_value=MAX_COUNT)
    voters = forms.IntegerField(label=_("Members entitled to vote"), min_value=0, max_value=MAX_COUNT)
    introducer_1 = MemberChoiceField(label=_("First introducer"), queryset=None)
    months_1 = forms.IntegerField(
        label=_("Months the first introducer worked with the candidate"), min_value=0, max_value=MAX_MONTHS
    )
    organization = forms.ChoiceField(
        label=_("Introducing organization"),
        required=False,
        choices=[("", _("None: a second member introduces"))]
        + [(value, MassOrganization(value).label) for value in INTRODUCING_ORGANIZATIONS],
    )
    introducer_2 = MemberChoiceField(label=_("Second introducer"), queryset=None, required=False)
    months_2 = forms.IntegerField(
        label=_("Months the second introducer worked with the candidate"),
        required=False,
        min_value=0,
        max_value=MAX_MONTHS,
    )
    guide = MemberChoiceField(label=_("Probation guide"), queryset=None)
    member_category = forms.ChoiceField(label=_("Member's category"), choices=Category.choices)
    reason = _reason_field(required=False)
    attachments = MultipleFileField(label=_("Attachments"), required=False)

    def __init__(self, *args, case: AdmissionCase, introducers, guides, voters: int | None, **kwargs):
        super().__init__(*args, **kwargs)
        step = transitions.next_step(case.step)
        move = transitions.find(CaseAction.ADVANCE, case.step, step) if step else None
        self.step = step
        needs = move.needs if move else frozenset()
        self.fields["to_step"].initial = step
        for name, members in (("introducer_1", introducers), ("introducer_2", introducers), ("guide", guides)):
            cast(forms.ModelChoiceField, self.fields[name]).queryset = members
        keep = {"to_step", "occurred_on", "document_ref", "attachments"}
        if move is not None and takes_reason(move):
            keep.add("reason")
        if needs & {transitions.CELL_VOTE, transitions.COMMITTEE_VOTE}:
            keep |= {"votes_for", "votes_against", "voters"}
            if transitions.CELL_VOTE in needs and voters is not None:
                self.fields["voters"].initial = voters
                self.fields["voters"].help_text = _("The cell's full members on the rolls: %(n)s.") % {"n": voters}
        if transitions.INTRODUCERS in needs:
            keep |= {"introducer_1", "months_1", "organization", "introducer_2", "months_2"}
        if transitions.GUIDE in needs:
            keep.add("guide")
            self.fields["guide"].initial = case.guide_id
        if transitions.DECISION in needs:
            keep.add("member_category")
            self.fields["member_category"].initial = suggested_member_category(case.candidate)
            self.fields["reason"].help_text = _("Needed when the decision comes after its deadline.")
        if transitions.DOCUMENT in needs:
            self.fields["document_ref"].required = True
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]

    def clean(self):
        data = super().clean()
        alone = "organization" in self.fields and not data.get("organization") and not data.get("introducer_2")
        if alone and "introducer_2" not in self.errors:
            self.add_error("introducer_2", _("Choose the second introducer, or the introducing organization."))
        if data.get("introducer_2") and data.get("months_2") is None and "months_2" not in self.errors:
            self.add_error("months_2", _("Give the number."))
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        arguments = {
            "to_step": data["to_step"],
            "occurred_on": data["occurred_on"],
            "document_ref": data.get("document_ref", ""),
            "reason": data.get("reason", ""),
            "attachments": data.get("attachments") or [],
        }
        if "voters" in self.fields:
            arguments["votes"] = Votes(data["votes_for"], data["votes_against"], data["voters"])
        if "introducer_1" in self.fields:
            introducers = [IntroducerIn(member=data["introducer_1"], shared_months=data["months_1"])]
            if data.get("introducer_2"):
                introducers.append(IntroducerIn(member=data["introducer_2"], shared_months=data.get("months_2")))
            if data.get("organization"):
                introducers.append(IntroducerIn(organization=data["organization"]))
            arguments["introducers"] = introducers
        if "guide" in self.fields:
            arguments["guide"] = data["guide"]
        if "member_category" in self.fields:
            arguments["member_category"] = data["member_category"]
        return arguments


class MoveForm(forms.Form):
    """Send back, reject or withdraw: always with a reason."""

    action = forms.ChoiceField(label=_("Action"), choices=[])
    from_step = forms.ChoiceField(choices=Step.choices, widget=forms.HiddenInput)
    occurred_on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    reason = _reason_field(required=True)
    document_ref = forms.CharField(label=_("Document reference"), max_length=100, required=False, validators=TEXT)
    attachments = MultipleFileField(label=_("Attachments"), required=False)

    def __init__(self, *args, case: AdmissionCase, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_step"].initial = case.step
        cast(forms.ChoiceField, self.fields["action"]).choices = [
            (move.action, move_label(move)) for move in transitions.allowed_moves(case.step) if move.action != "advance"
        ]


def move_label(move: transitions.Transition) -> str:
    if move.action == CaseAction.SEND_BACK:
        return str(_("Send back to “%(step)s”") % {"step": move.target.label})
    if move.target == Step.REMOVED:
        return str(_("Remove: the probation failed"))
    if move.action == CaseAction.REJECT:
        return str(_("Reject"))
    return str(_("Withdraw"))


OPEN_STEPS = [(step.value, step.label) for step in transitions.PATH if step != Step.RECOGNIZED]


class BoardFilterForm(forms.Form):
    unit_code = forms.CharField(
        label=_("Unit code"),
        max_length=32,
        required=False,
        validators=TEXT,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. NB-05"), "autocapitalize": "characters"}),
    )
    step = forms.ChoiceField(label=_("Step"), choices=[("", _("All")), *OPEN_STEPS], required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
