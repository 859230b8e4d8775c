"""Writes to the unit tree: create, rename, move, merge, dissolve.

Each service checks the actor's role, validates everything before writing, runs in one
transaction and leaves a dated UnitEvent with the values before and after.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sotay.core.audit import acting_as
from sotay.core.permissions import MEMBERS_CHANGE, UNITS_CHANGE, require
from sotay.core.text import short_date
from sotay.organizations.existence import code_taken
from sotay.organizations.membership import member_hooks
from sotay.organizations.models import SpecialArea, Unit, UnitEvent, UnitEventKind, UnitKind, may_contain
from sotay.organizations.rollups import adjust_counts, ancestor_paths, subtree_counts
from sotay.organizations.rules import child_unit_error, founding_date_error, member_unit_error
from sotay.organizations.signals import subtree_moved


def _check_date(occurred_on: datetime.date, *units: Unit) -> None:
    """A change is dated on or after each unit's founding and its last recorded change, so a unit's
    history reads in date order (as a member's does)."""
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("The date cannot be in the future.")})
    for unit in units:
        if unit.founded_on and occurred_on < unit.founded_on:
            message = _("The date cannot be before %(unit)s was founded (%(day)s).")
            raise ValidationError({"occurred_on": message % {"unit": unit.name, "day": short_date(unit.founded_on)}})
        last = unit_last_change_on(unit)
        if last is not None and occurred_on < last:
            message = _("The date cannot be before the last recorded change to %(unit)s (%(day)s).")
            raise ValidationError({"occurred_on": message % {"unit": unit.name, "day": short_date(last)}})


def unit_last_change_on(unit: Unit) -> datetime.date | None:
    """The date of the unit's newest recorded change."""
    return UnitEvent.objects.filter(unit=unit).order_by("-occurred_on").values_list("occurred_on", flat=True).first()


def lock_units(*units: Unit) -> None:
    """Lock the units' rows in one order (by id) and re-read whether each is closed.

    A merge holds its two units' locks until it commits, and a member enters a cell only under the
    cell's lock: so no member lands in a unit the merge has just closed, nor stays behind in it.
    """
    closed = dict(
        Unit.objects.select_for_update()
        .filter(pk__in=[unit.pk for unit in units])
        .order_by("pk")
        .values_list("pk", "dissolved_on")
    )
    for unit in units:
        unit.dissolved_on = closed[unit.pk]


def _record(unit: Unit, kind: str, *, actor, occurred_on, document_ref: str = "", **details) -> None:
    UnitEvent.objects.create(
        unit=unit, kind=kind, occurred_on=occurred_on, document_ref=document_ref, actor=actor, details=details
    )


def _refresh(*units: Unit) -> None:
    for unit in units:
        unit.refresh_from_db()


def unit_create(
    *,
    actor,
    parent: Unit | None,
    code: str,
    name: str,
    kind: str,
    sector: str,
    founded_on: datetime.date | None = None,
    document_ref: str = "",
    special_area: str = SpecialArea.NONE,
) -> Unit:
    """Create a unit under `parent` (a root only for superusers). Raises ValidationError, PermissionDenied."""
    if parent is None:
        if not actor.is_superuser:
            raise ValidationError({"parent": _("Only an administrator can create a top-level unit.")})
    else:
        require(actor, UNITS_CHANGE, parent)
        blocker = child_unit_error(parent)
        if blocker:
            raise ValidationError({"parent": blocker})
        if kind in UnitKind.values and not may_contain(parent.kind, kind):
            message = _("A %(kind)s cannot be placed under a %(parent)s.")
            raise ValidationError(
                {"kind": message % {"kind": UnitKind(kind).label, "parent": parent.get_kind_display()}}
            )
    unit = Unit(code=code, name=name, kind=kind, sector=sector, founded_on=founded_on, special_area=special_area)
    errors = new_unit_errors(actor, unit, parent)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        unit = Unit.objects.add_root(instance=unit) if parent is None else Unit.objects.add_child(parent, instance=unit)
        _record(
            unit,
            UnitEventKind.CREATED,
            actor=actor,
            occurred_on=founded_on or timezone.localdate(),
            document_ref=document_ref,
            name=unit.name,
            parent=parent.pk if parent else None,
        )
    return unit


def new_unit_errors(actor, unit: Unit, parent: Unit | None) -> dict[str, list[ValidationError]]:
    """Every problem with a new unit under `parent`, by field; the create form calls this too, so
    the page shows them all in one round and cannot disagree with unit_create.

    Normalises `unit` first (the code in capitals, typed in any case; the name trimmed). A taken
    code is told by code_taken(), which knows who is asking.
    """
    unit.code = unit.code.strip().upper()
    unit.name = unit.name.strip()
    errors: dict[str, list[ValidationError]] = {}
    try:
        unit.full_clean(exclude=["path", "depth", "numchild"], validate_unique=False)
    except ValidationError as error:
        error.update_error_dict(errors)
    date_error = founding_date_error(unit.founded_on, parent)
    if date_error:
        errors.setdefault("founded_on", [ValidationError(date_error)])
    taken = code_taken(actor, unit.code) if "code" not in errors else None
    if taken:
        errors["code"] = [taken]
    return errors


def unit_rename(*, actor, unit: Unit, name: str, occurred_on: datetime.date, document_ref: str = "") -> Unit:
    """Rename a unit below the actor's own. Raises ValidationError, PermissionDenied."""
    require(actor, UNITS_CHANGE, unit, strictly_below=True)
    _check_date(occurred_on, unit)
    old_name = unit.name
    unit.name = name.strip()
    unit.full_clean(exclude=["path", "depth", "numchild"])
    if unit.name == old_name:
        raise ValidationError({"name": _("The new name is the same as the current one.")})
    with transaction.atomic(), acting_as(actor):
        unit.save()
        _record(
            unit,
            UnitEventKind.RENAMED,
            actor=actor,
            occurred_on=occurred_on,
            document_ref=document_ref,
            old=old_name,
            new=unit.name,
        )
    return unit


def unit_set_special_area(*, actor, unit: Unit, special_area: str) -> Unit:
    """Flag a unit below the actor's own as lying in a remote, highland, border or island area, or
    clear the flag: the admission rules allow exceptions there, for the unit and every unit under
    it. The audit log keeps who changed it and when. Raises ValidationError, PermissionDenied."""
    require(actor, UNITS_CHANGE, unit, strictly_below=True)
    if unit.is_dissolved:
        raise ValidationError({"special_area": _("A dissolved unit cannot change.")})
    if special_area not in SpecialArea.values:
        raise ValidationError({"special_area": _("Choose one of the areas listed.")})
    if special_area == unit.special_area:
        raise ValidationError({"special_area": _("The unit is already recorded so.")})
    with transaction.atomic(), acting_as(actor):
        unit.special_area = special_area
        unit.save(update_fields=["special_area"])
    return unit


def _check_move(actor, unit: Unit, new_parent: Unit) -> None:
    require(actor, UNITS_CHANGE, unit, strictly_below=True)
    require(actor, UNITS_CHANGE, new_parent)
    if new_parent.path.startswith(unit.path):
        raise ValidationError({"target_code": _("A unit cannot be moved under itself or one of its own units.")})
    blocker = child_unit_error(new_parent)
    if blocker:
        raise ValidationError({"target_code": blocker})
    if not may_contain(new_parent.kind, unit.kind):
        message = _("%(target)s cannot hold %(unit)s: a unit goes under one of a higher level.")
        raise ValidationError({"target_code": message % {"target": new_parent.name, "unit": unit.name}})
    if unit.parent_path == new_parent.path:
        raise ValidationError({"target_code": _("The unit is already directly under %(unit)s.") % {"unit": new_parent}})


def _move_subtree(unit: Unit, new_parent: Unit) -> None:
    """Move the subtree and carry its member counts from the old ancestors to the new ones."""
    locked = Unit.objects.select_for_update().get(pk=unit.pk)
    counts = subtree_counts(locked)
    before = _ancestor_ids(locked)
    adjust_counts(unit.pk, {status: -n for status, n in counts.items()}, include_self=False)
    Unit.objects.move(locked, new_parent, "last-child")
    adjust_counts(unit.pk, counts, include_self=False)
    unit.refresh_from_db()
    after = _ancestor_ids(unit)
    subtree_moved.send(sender=Unit, unit=unit, left=sorted(before - after), joined=sorted(after - before))


def _ancestor_ids(unit: Unit) -> set[int]:
    paths = ancestor_paths(unit.path, include_self=False)
    return set(Unit.objects.filter(path__in=paths).values_list("id", flat=True))


def unit_move(*, actor, unit: Unit, new_parent: Unit, occurred_on: datetime.date, document_ref: str = "") -> Unit:
    """Move a unit and its whole subtree under `new_parent`; members stay in their cells."""
    _check_move(actor, unit, new_parent)
    _check_date(occurred_on, unit, new_parent)
    old_parent = Unit.objects.get_parent(unit)
    with transaction.atomic(), acting_as(actor):
        _move_subtree(unit, new_parent)
        _record(
            unit,
            UnitEventKind.MOVED,
            actor=actor,
            occurred_on=occurred_on,
            document_ref=document_ref,
            old_parent=old_parent.pk if old_parent else None,
            old_parent_name=str(old_parent or ""),
            new_parent=new_parent.pk,
            new_parent_name=new_parent.name,
        )
    _refresh(new_parent)
    return unit


def _check_merge(actor, absorbed: Unit, survivor: Unit, occurred_on: datetime.date) -> list[Unit]:
    """Everything a merge needs before it writes; the absorbed unit's direct children, which move."""
    require(actor, UNITS_CHANGE, absorbed, strictly_below=True)
    require(actor, UNITS_CHANGE, survivor)
    if absorbed.pk == survivor.pk:
        raise ValidationError({"target_code": _("A unit cannot be merged into itself.")})
    if survivor.path.startswith(absorbed.path):
        raise ValidationError({"target_code": _("A unit cannot be merged into one of its own units.")})
    _check_open(absorbed, survivor)
    hooks = member_hooks()
    if hooks.count_in(absorbed):
        # the members move with the merge: asked here, so a confirmation page never promises it
        require(actor, MEMBERS_CHANGE, absorbed)
        require(actor, MEMBERS_CHANGE, survivor)
        if member_unit_error(survivor):
            raise ValidationError({"target_code": _("Members can only move to a cell; choose a cell to merge into.")})
    children = list(Unit.objects.get_children(absorbed))
    for child in children:
        if not may_contain(survivor.kind, child.kind):
            message = _("%(unit)s cannot take over %(child)s; choose a unit of a higher level.")
            raise ValidationError({"target_code": message % {"unit": survivor.name, "child": child.name}})
    _check_date(occurred_on, absorbed, survivor, *children)
    arrived = hooks.last_arrival_in(absorbed)
    if arrived is not None and occurred_on < arrived:
        message = _("The date cannot be before the last recorded change to %(unit)s: a member arrived on %(day)s.")
        raise ValidationError({"occurred_on": message % {"unit": absorbed.name, "day": short_date(arrived)}})
    return children


def _check_open(absorbed: Unit, survivor: Unit) -> None:
    if absorbed.is_dissolved or survivor.is_dissolved:
        raise ValidationError({"target_code": _("Dissolved units cannot be merged.")})


def check_structural_change(*, actor, operation: str, unit: Unit, target: Unit, occurred_on: datetime.date) -> None:
    """Validate a move or merge without writing, so a confirmation page shows only what will work."""
    if operation == "move":
        _check_move(actor, unit, target)
        _check_date(occurred_on, unit, target)
    else:
        _check_merge(actor, unit, target, occurred_on)


def merge_preview(absorbed: Unit) -> dict[str, int]:
    """What a merge would move: the absorbed unit's own members and its direct child units."""
    return {
        "members": member_hooks().count_in(absorbed),
        "children": Unit.objects.get_children(absorbed).count(),
    }


def unit_merge(*, actor, absorbed: Unit, survivor: Unit, occurred_on: datetime.date, document_ref: str = "") -> Unit:
    """Merge `absorbed` into `survivor`: its members and child units move, then it is closed.

    The absorbed unit stays in the tree as dissolved so its history can still be read; each child
    unit moved gets its own history row.
    """
    children = _check_merge(actor, absorbed, survivor, occurred_on)
    with translation.override(settings.LANGUAGE_CODE):  # stored text: in the organization's language
        reason = _("Merged into %(unit)s") % {"unit": survivor.name}
    with transaction.atomic(), acting_as(actor):
        lock_units(absorbed, survivor)
        _check_open(absorbed, survivor)  # again, under the locks: a merge at the same time got there first
        members = member_hooks().move_all(
            actor=actor,
            source=absorbed,
            target=survivor,
            occurred_on=occurred_on,
            reason=reason,
            document_ref=document_ref,
        )
        for child in children:
            child.refresh_from_db()
            _move_subtree(child, survivor)
            survivor.refresh_from_db()
        moved = {"members": members, "children": len(children)}
        UnitEvent.objects.bulk_create(
            UnitEvent(
                unit=child,
                kind=UnitEventKind.MOVED,
                occurred_on=occurred_on,
                document_ref=document_ref,
                actor=actor,
                details={
                    "old_parent": absorbed.pk,
                    "old_parent_name": absorbed.name,
                    "new_parent": survivor.pk,
                    "new_parent_name": survivor.name,
                },
            )
            for child in children
        )
        absorbed.refresh_from_db()
        absorbed.dissolved_on = occurred_on
        absorbed.save()
        _record(
            absorbed,
            UnitEventKind.MERGED_INTO,
            actor=actor,
            occurred_on=occurred_on,
            document_ref=document_ref,
            survivor=survivor.pk,
            survivor_name=survivor.name,
            **moved,
        )
        _record(
            survivor,
            UnitEventKind.ABSORBED,
            actor=actor,
            occurred_on=occurred_on,
            document_ref=document_ref,
            absorbed=absorbed.pk,
            absorbed_name=absorbed.name,
            **moved,
        )
    _refresh(survivor)
    return survivor


def dissolve_blocker(unit: Unit) -> str | None:
    """Why the unit cannot be dissolved yet, or None."""
    on_rolls = sum(n for status, n in subtree_counts(unit).items() if status in member_hooks().on_rolls)
    if on_rolls:
        return ngettext(
            "This unit still has %(count)s member; transfer them or merge the unit first.",
            "This unit still has %(count)s members; transfer them or merge the unit first.",
            on_rolls,
        ) % {"count": on_rolls}
    if Unit.objects.get_descendants(unit).active().exists():
        return _("Units under this one are still open; dissolve or move them first.")
    return None


def unit_dissolve(*, actor, unit: Unit, occurred_on: datetime.date, document_ref: str = "") -> Unit:
    """Close a unit that no longer has members or open units under it."""
    require(actor, UNITS_CHANGE, unit, strictly_below=True)
    _check_date(occurred_on, unit)
    if unit.is_dissolved:
        raise ValidationError({"unit": _("This unit is already dissolved.")})
    blocker = dissolve_blocker(unit)
    if blocker:
        raise ValidationError({"unit": blocker})
    with transaction.atomic(), acting_as(actor):
        unit.dissolved_on = occurred_on
        unit.save()
        _record(unit, UnitEventKind.DISSOLVED, actor=actor, occurred_on=occurred_on, document_ref=document_ref)
    return unit
