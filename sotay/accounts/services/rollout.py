"""Switching the handbook on (or off) for a unit's subtree."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sotay.accounts.models import HandbookSwitch, User
from sotay.accounts.selectors import handbook_switch
from sotay.core.audit import acting_as
from sotay.core.permissions import UNITS_CHANGE, require
from sotay.organizations.models import Unit


def handbook_switch_set(*, actor: User, unit: Unit, on: bool) -> HandbookSwitch:
    """Switch the handbook on or off for `unit`'s subtree (a switch lower down still decides there).
    Officers with units.change on the unit; raises PermissionDenied, or ValidationError when the
    unit's own switch is already so."""
    require(actor, UNITS_CHANGE, unit)
    own = HandbookSwitch.objects.filter(unit=unit).order_by("-changed_at", "-id").first()
    if own is not None and own.on == on:
        raise ValidationError(
            _("The handbook is already switched on here.") if on else _("The handbook is already switched off here.")
        )
    with transaction.atomic(), acting_as(actor):
        return HandbookSwitch.objects.create(unit=unit, on=on, changed_by=actor)


def why_off(unit: Unit) -> str:
    """The sentence an officer reads when members of `unit` cannot activate; empty when they can."""
    switch = handbook_switch(unit)
    if switch is None:
        return _("The handbook has not been switched on for %(unit)s or any unit above it.") % {"unit": unit.name}
    if switch.on:
        return ""
    return _("The handbook was switched off for %(unit)s on %(day)s by %(who)s.") % {
        "unit": switch.unit.name,
        "day": switch.changed_at.date().isoformat(),
        "who": switch.changed_by or _("someone no longer listed"),
    }
