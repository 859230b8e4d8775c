"""Writes to the member registry.

Status and cell are history rows; `Member.status` and `Member.unit` mirror the newest row and are
written only here, in the same transaction as the row, together with the subtree counts.
"""

import datetime
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.core.audit import acting_as
from sotay.core.models import Policy
from sotay.core.permissions import MEMBERS_CHANGE, MEMBERS_VIEW_SENSITIVE, can, require
from sotay.core.policy import rule_on
from sotay.core.text import normalize_name, short_date
from sotay.core.validators import compact_phone
from sotay.members.choices import SENSITIVE_FIELDS, Status
from sotay.members.existence import card_number_taken
from sotay.members.models import Member, MemberStatusEvent, MemberUnitEvent
from sotay.organizations.models import Unit
from sotay.organizations.rollups import adjust_counts
from sotay.organizations.rules import member_unit_error
from sotay.organizations.services import lock_units

PROFILE_FIELDS: tuple[str, ...] = (
    "full_name", "other_names", "gender", "birth_date", "birthplace", "home_town", "ethnicity", "religion",
    "family_background", "id_number", "phone", "email", "address", "general_education",
    "professional_level", "political_theory", "foreign_languages", "occupation", "category",
    "admitted_on", "recognized_on", "card_number",
)  # fmt: skip
# The admission and full-membership dates start the history rows; they change through status services.
UPDATABLE_FIELDS = tuple(field for field in PROFILE_FIELDS if field not in ("admitted_on", "recognized_on"))
TRIMMED_FIELDS = (
    "other_names", "birthplace", "home_town", "ethnicity", "id_number", "phone", "address", "foreign_languages",
    "occupation",
)  # fmt: skip
STATUSES_AT_ADMISSION = (Status.PROBATIONARY, Status.FULL)


def _check_effective_date(valid_from: datetime.date, history) -> None:
    """Changes are appended in date order, so the newest row is always the current value."""
    if valid_from > timezone.localdate():
        raise ValidationError({"valid_from": _("The effective date cannot be in the future.")})
    last = last_change_on(history)
    if last is not None and valid_from < last:
        raise ValidationError(
            {
                "valid_from": _("The effective date cannot be before the last recorded change (%(day)s).")
                % {"day": short_date(last)}
            }
        )


def last_change_on(history) -> datetime.date | None:
    return history.order_by("-valid_from").values_list("valid_from", flat=True).first()


def _check_member_unit(unit: Unit) -> None:
    error = member_unit_error(unit)
    if error:
        raise ValidationError({"unit": error})


def profile_date_errors(
    birth_date: datetime.date | None = None,
    admitted_on: datetime.date | None = None,
    recognized_on: datetime.date | None = None,
) -> dict[str, str]:
    """Field → message for dates that cannot be right; the forms use it too, to show every error at once."""
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if birth_date and birth_date > today:
        errors["birth_date"] = _("The birth date cannot be in the future.")
    elif birth_date and birth_date.year < today.year - 120:
        errors["birth_date"] = _("The birth date cannot be more than 120 years ago.")
    if admitted_on and admitted_on > today:
        errors["admitted_on"] = _("The admission date cannot be in the future.")
    elif admitted_on and birth_date and "birth_date" not in errors and admitted_on < birth_date:
        errors["admitted_on"] = _("The admission date cannot be before the birth date.")
    elif admitted_on and birth_date and "birth_date" not in errors:
        too_young = _too_young_on(admitted_on, birth_date)
        if too_young:
            errors["admitted_on"] = too_young
    if recognized_on and recognized_on > today:
        errors["recognized_on"] = _("The date cannot be in the future.")
    elif recognized_on and admitted_on and recognized_on < admitted_on:
        errors["recognized_on"] = _("Full membership cannot come before admission.")
    return errors


def _too_young_on(day: datetime.date, birth_date: datetime.date) -> str:
    """The reason a person born on `birth_date` could not be admitted on `day`, or ""."""
    rule = rule_on(Policy.MIN_ADMISSION_AGE, day)
    if rule is None or age_on(day, birth_date) >= rule.value:
        return ""
    return _("A member is admitted at %(age)s or older (%(source)s); on this date they were %(actual)s.") % {
        "age": f"{rule.value.normalize():f}",
        "source": rule.source,
        "actual": age_on(day, birth_date),
    }


def age_on(day: datetime.date, birth_date: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def _normalize(member: Member) -> None:
    """What the API or a form sent, tidied as the record keeps it, before it is validated."""
    member.full_name = normalize_name(member.full_name or "")
    member.card_number = (member.card_number or "").strip() or None
    for field in TRIMMED_FIELDS:
        setattr(member, field, (getattr(member, field) or "").strip())
    member.phone = compact_phone(member.phone)


DATE_FIELDS = {"birth_date", "admitted_on", "recognized_on"}


def profile_errors(
    actor, member: Member, *, changed: Iterable[str] = PROFILE_FIELDS, status: str | None = None
) -> dict[str, list[ValidationError]]:
    """Every problem with the fields that change (all of them for a new member), by field.

    An edit checks only what it changes, so a value that was accepted once (an imported record,
    a rule that came later) never blocks an unrelated change to the same record. `status` is given
    for a new member, whose full-membership date must match it. The forms call this too, so a page
    shows every mistake in one round.

    Normalises `member` in place first (name, card number, trimmed text, compact phone), so the
    object the caller passed holds the values that were checked.
    """
    _normalize(member)
    checked = set(changed)
    excluded = [field.name for field in Member._meta.fields if field.name not in checked]
    errors: dict[str, list[ValidationError]] = {}
    try:
        # The card number's uniqueness is told by card_number_taken(), which knows who is asking.
        member.full_clean(exclude=excluded, validate_constraints=False)
        member.validate_constraints(exclude={*excluded, "card_number"})
    except ValidationError as error:
        error.update_error_dict(errors)
    if checked & DATE_FIELDS:
        for field, message in profile_date_errors(member.birth_date, member.admitted_on, member.recognized_on).items():
            errors.setdefault(field, [ValidationError(message)])
    taken = card_number_taken(actor, member) if "card_number" in checked and "card_number" not in errors else None
    if taken:
        errors["card_number"] = [taken]
    if status is not None and "recognized_on" not in errors:
        if status == Status.FULL and not member.recognized_on:
            message = _("Give the date the member was recognized as a full member.")
            errors["recognized_on"] = [ValidationError(message)]
        if status == Status.PROBATIONARY and member.recognized_on:
            message = _("A probationary member has no full-membership date yet.")
            errors["recognized_on"] = [ValidationError(message)]
    return errors


def _check_profile(
    actor, member: Member, *, changed: Iterable[str] = PROFILE_FIELDS, status: str | None = None
) -> None:
    errors = profile_errors(actor, member, changed=changed, status=status)
    if errors:
        raise ValidationError(errors)


def _strip_sensitive(actor, unit: Unit, data: dict[str, Any]) -> dict[str, Any]:
    """Refuse sensitive fields from an actor who may not see them."""
    given = [field for field in SENSITIVE_FIELDS if field in data]
    if given and not can(actor, MEMBERS_VIEW_SENSITIVE, unit):
        raise ValidationError({field: _("You may not set this field.") for field in given})
    return data


def member_create(
    *,
    actor,
    unit: Unit,
    profile: dict[str, Any],
    status: str = Status.PROBATIONARY,
    reason: str = "",
    document_ref: str = "",
) -> Member:
    """Register a member in `unit` with their first status, effective on the admission date."""
    require(actor, MEMBERS_CHANGE, unit)
    _check_member_unit(unit)
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError({field: _("Unknown field.") for field in sorted(unknown)})
    if status not in STATUSES_AT_ADMISSION:
        raise ValidationError({"status": _("A new member is either probationary or a full member.")})
    member = Member(unit=unit, status=status, **_strip_sensitive(actor, unit, profile))
    _check_profile(actor, member, status=status)
    with transaction.atomic(), acting_as(actor):
        lock_units(unit)
        _check_member_unit(unit)
        member.save()
        MemberUnitEvent.objects.create(
            member=member,
            unit=unit,
            valid_from=member.admitted_on,
            reason=reason,
            document_ref=document_ref,
            actor=actor,
        )
        # Everyone starts probationary; a full member's record also says when that ended.
        starts = [(Status.PROBATIONARY, member.admitted_on), (Status.FULL, member.recognized_on)]
        MemberStatusEvent.objects.bulk_create(
            MemberStatusEvent(
                member=member, status=s, valid_from=day, reason=reason, document_ref=document_ref, actor=actor
            )
            for s, day in starts
            if day is not None
        )
        adjust_counts(unit.pk, {status: 1})
    return member


def member_update(*, actor, member: Member, profile: dict[str, Any]) -> Member:
    """Change profile fields (not status or cell: those have their own services)."""
    require(actor, MEMBERS_CHANGE, member.unit)
    unknown = set(profile) - set(UPDATABLE_FIELDS)
    if unknown:
        raise ValidationError({field: _("Unknown field.") for field in sorted(unknown)})
    before = {field: getattr(member, field) for field in profile}
    for field, value in _strip_sensitive(actor, member.unit, profile).items():
        setattr(member, field, value)
    _normalize(member)
    _check_profile(actor, member, changed=[field for field in profile if getattr(member, field) != before[field]])
    with transaction.atomic(), acting_as(actor):
        member.save()
    return member


def _lock_and_refresh(member: Member) -> None:
    """Re-read the mirrored values under a row lock: two changes at once must not both subtract
    the same old value from the counts."""
    list(Member.objects.select_for_update().filter(pk=member.pk).values_list("pk", flat=True))
    member.refresh_from_db(fields=["status", "unit"])


def _newest(rows) -> Any:
    return rows.order_by("-valid_from", "-id").first()


def member_change_status(
    *, actor, member: Member, status: str, valid_from: datetime.date, reason: str, document_ref: str = ""
) -> Member:
    """Record a status change; the current status is the newest row by effective date."""
    require(actor, MEMBERS_CHANGE, member.unit)
    _check_effective_date(valid_from, MemberStatusEvent.objects.filter(member=member))
    if status not in Status.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the change.")})
    if status == member.status:
        raise ValidationError({"status": _("The member already has this status.")})
    with transaction.atomic(), acting_as(actor):
        event = MemberStatusEvent(
            member=member,
            status=status,
            valid_from=valid_from,
            reason=reason.strip(),
            document_ref=document_ref.strip(),
            actor=actor,
        )
        event.full_clean()
        event.save()
        _lock_and_refresh(member)
        old_status = member.status
        member.status = _newest(MemberStatusEvent.objects.filter(member=member)).status
        if member.status != old_status:
            member.save(update_fields=["status", "updated_at"])
            adjust_counts(member.unit_id, {old_status: -1, member.status: 1})
    return member


def member_transfer(
    *,
    actor,
    member: Member,
    unit: Unit,
    valid_from: datetime.date,
    reason: str,
    document_ref: str = "",
) -> Member:
    """Move a member to another cell. Raises PermissionDenied, ValidationError."""
    require(actor, MEMBERS_CHANGE, member.unit)
    require(actor, MEMBERS_CHANGE, unit)
    _check_member_unit(unit)
    _check_effective_date(valid_from, MemberUnitEvent.objects.filter(member=member))
    if unit.pk == member.unit_id:
        raise ValidationError({"unit": _("The member is already in this cell.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the change.")})
    with transaction.atomic(), acting_as(actor):
        lock_units(member.unit, unit)
        _check_member_unit(unit)
        event = MemberUnitEvent(
            member=member,
            unit=unit,
            valid_from=valid_from,
            reason=reason.strip(),
            document_ref=document_ref.strip(),
            actor=actor,
        )
        event.full_clean()
        event.save()
        _lock_and_refresh(member)
        old_unit = member.unit
        member.unit = _newest(MemberUnitEvent.objects.filter(member=member).select_related("unit")).unit
        if member.unit.pk != old_unit.pk:
            member.save(update_fields=["unit", "updated_at"])
            adjust_counts(old_unit.pk, {member.status: -1})
            adjust_counts(member.unit.pk, {member.status: 1})
    return member


def unit_members_move(
    *, actor, source: Unit, target: Unit, occurred_on: datetime.date, reason: str, document_ref: str = ""
) -> int:
    """Move every member of `source` to `target` at once, as a unit merge does; the number moved.

    One history row each, one update of their cell and the counts changed in aggregate, so the
    statements do not grow with the members. The caller dates the move no earlier than any
    member's arrival (`last_arrival_in`) and the units' history; the actor needs `members.change`
    on both units when there is anyone to move. Raises PermissionDenied, ValidationError.
    """
    template = MemberUnitEvent(
        unit=target, valid_from=occurred_on, reason=reason.strip(), document_ref=document_ref.strip(), actor=actor
    )
    template.full_clean(exclude=["member", "unit", "actor"])  # the text; both are loaded objects
    with transaction.atomic():
        moving = list(Member.objects.select_for_update().filter(unit=source).values_list("pk", "status"))
        if not moving:
            return 0
        require(actor, MEMBERS_CHANGE, source)
        require(actor, MEMBERS_CHANGE, target)
        _check_member_unit(target)
        MemberUnitEvent.objects.bulk_create(
            [
                MemberUnitEvent(
                    member_id=pk,
                    unit=target,
                    valid_from=occurred_on,
                    reason=template.reason,
                    document_ref=template.document_ref,
                    actor=actor,
                )
                for pk, _status in moving
            ],
            batch_size=1000,
        )
        Member.objects.filter(pk__in=[pk for pk, _status in moving]).update(unit=target, updated_at=timezone.now())
        by_status = Counter(status for _pk, status in moving)
        adjust_counts(source.pk, {status: -n for status, n in by_status.items()})
        adjust_counts(target.pk, by_status)
    return len(moving)


def member_recognize(
    *, actor, member: Member, recognized_on: datetime.date, reason: str, document_ref: str = ""
) -> Member:
    """Make a probationary member full from `recognized_on`: the status row and the full-membership date."""
    if member.status != Status.PROBATIONARY:
        raise ValidationError({"status": _("Only a probationary member can be recognized as a full member.")})
    if recognized_on < member.admitted_on:
        raise ValidationError({"recognized_on": _("Full membership cannot come before admission.")})
    with transaction.atomic(), acting_as(actor):
        member_change_status(
            actor=actor,
            member=member,
            status=Status.FULL,
            valid_from=recognized_on,
            reason=reason,
            document_ref=document_ref,
        )
        member.recognized_on = recognized_on
        member.save(update_fields=["recognized_on", "updated_at"])
    return member
