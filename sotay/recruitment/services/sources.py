"""Writes to the sources (nguồn phát triển đảng): create, edit, and drop with a reason.

A source carries a member's profile fields; ethnicity, ethnic-minority standing, religion and
family background are sensitive, set only by those who may see them (as for members). The page,
the API and the seed all call these functions; `source_errors` is the one check, so a form shows
every mistake the service would refuse, next to its field.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.core.audit import acting_as
from sotay.core.permissions import MEMBERS_VIEW_SENSITIVE, RECRUITMENT_CHANGE, RECRUITMENT_VIEW, can, require
from sotay.core.text import has_control_characters, normalize_name, short_date
from sotay.core.validators import compact_phone
from sotay.members.choices import Status
from sotay.members.services import profile_date_errors
from sotay.organizations.models import Unit, UnitKind
from sotay.recruitment.choices import SourceStatus
from sotay.recruitment.models import Candidate

SOURCE_FIELDS: tuple[str, ...] = (
    "full_name", "gender", "birth_date", "vietnamese_citizen", "ethnicity", "ethnic_minority", "religion",
    "family_background", "id_number", "phone", "address", "general_education", "occupation", "category",
    "mass_organization", "helper", "responsible", "identified_on", "notes",
)  # fmt: skip
# Sensitive personal data (Law 91/2025/QH15): what members.view_sensitive guards on a member's record.
SENSITIVE_SOURCE_FIELDS: tuple[str, ...] = ("ethnicity", "ethnic_minority", "religion", "family_background")
TRIMMED_FIELDS = ("ethnicity", "id_number", "phone", "address", "occupation", "notes", "family_background")
# A source being developed, or in an open case, can be corrected; an admitted or dropped one is history.
EDITABLE_STATUSES = frozenset({SourceStatus.ACTIVE, SourceStatus.IN_CASE})
DROP_REASON_LENGTH = 255


def source_unit_error(unit: Unit) -> str | None:
    """Why `unit` cannot follow sources, or None: a cell or grassroots organization that is open."""
    if unit.kind not in (UnitKind.CELL, UnitKind.GRASSROOTS):
        return _("Sources are followed by a cell or a grassroots organization; %(unit)s is neither.") % {
            "unit": unit.name
        }
    if unit.is_dissolved:
        return _("%(unit)s is dissolved.") % {"unit": unit.name}
    return None


def helper_error(candidate: Candidate) -> str | None:
    """The member who helps a source is a full member of the source's unit (or a unit under it)."""
    helper = candidate.helper
    if helper is None:
        return None
    if helper.status != Status.FULL:
        return _("%(name)s is not a full member; a source is helped by a full member.") % {"name": helper.full_name}
    if not helper.unit.path.startswith(candidate.unit.path):
        return _("%(name)s is not a member of %(unit)s.") % {"name": helper.full_name, "unit": candidate.unit.name}
    return None


def responsible_error(candidate: Candidate) -> str | None:
    """The committee member responsible for the locality holds a role on the source's unit or above it."""
    return responsible_user_error(candidate.responsible, candidate.unit)


def responsible_user_error(user, unit: Unit) -> str | None:
    """Why `user` cannot be responsible for sources or cases of `unit`, or None: they hold a role on
    it or on a unit above it (a source's and an admission case's responsible person alike)."""
    if user is None or can(user, RECRUITMENT_VIEW, unit):
        return None
    return _("%(user)s holds no role on %(unit)s or a unit above it.") % {"user": user, "unit": unit.name}


def _normalize(candidate: Candidate) -> None:
    for field in TRIMMED_FIELDS:
        setattr(candidate, field, (getattr(candidate, field) or "").strip())
    candidate.full_name = normalize_name(candidate.full_name or "")
    candidate.phone = compact_phone(candidate.phone)


def source_errors(candidate: Candidate, *, changed: Iterable[str] = SOURCE_FIELDS) -> dict[str, list[ValidationError]]:
    """Every problem with the fields that change (all of them for a new source), by field.

    An edit is judged on what it changes only, as a member's is. Normalises `candidate` in place
    (trimmed text, compact phone), so the caller holds the values that were checked.
    """
    _normalize(candidate)
    checked = set(changed)
    excluded = [field.name for field in Candidate._meta.fields if field.name not in checked]
    errors: dict[str, list[ValidationError]] = {}
    try:
        candidate.full_clean(exclude=excluded, validate_constraints=False)
    except ValidationError as error:
        error.update_error_dict(errors)
    if "birth_date" in checked and candidate.birth_date:
        for field, date_message in profile_date_errors(birth_date=candidate.birth_date).items():
            errors.setdefault(field, [ValidationError(date_message)])
    if "identified_on" in checked and candidate.identified_on and "identified_on" not in errors:
        birth_date = candidate.birth_date if "birth_date" not in errors else None
        message = identified_on_error(candidate.identified_on, birth_date)
        if message:
            errors["identified_on"] = [ValidationError(message)]
    if "helper" in checked and candidate.helper_id and "helper" not in errors:
        message = helper_error(candidate)
        if message:
            errors["helper"] = [ValidationError(message)]
    if "responsible" in checked and candidate.responsible_id and "responsible" not in errors:
        message = responsible_error(candidate)
        if message:
            errors["responsible"] = [ValidationError(message)]
    return errors


def identified_on_error(identified_on: datetime.date, birth_date: datetime.date | None) -> str | None:
    if identified_on > timezone.localdate():
        return _("The date cannot be in the future.")
    if birth_date and identified_on < birth_date:
        return _("The date cannot be before the birth date.")
    return None


def _refuse_sensitive(actor, unit: Unit, profile: dict[str, Any]) -> None:
    given = [field for field in SENSITIVE_SOURCE_FIELDS if field in profile]
    if given and not can(actor, MEMBERS_VIEW_SENSITIVE, unit):
        raise ValidationError({field: _("You may not set this field.") for field in given})


def _refuse_unknown(profile: dict[str, Any]) -> None:
    unknown = set(profile) - set(SOURCE_FIELDS)
    if unknown:
        raise ValidationError({field: _("Unknown field.") for field in sorted(unknown)})


def source_create(*, actor, unit: Unit, profile: dict[str, Any]) -> Candidate:
    """Start following a person as a source of `unit`. Raises PermissionDenied, ValidationError."""
    require(actor, RECRUITMENT_CHANGE, unit)
    blocker = source_unit_error(unit)
    if blocker:
        raise ValidationError({"unit": blocker})
    _refuse_unknown(profile)
    _refuse_sensitive(actor, unit, profile)
    candidate = Candidate(unit=unit, status=SourceStatus.ACTIVE, **profile)
    errors = source_errors(candidate)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        candidate.save()
    return candidate


def _check_editable(candidate: Candidate) -> None:
    if candidate.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("%(name)s is no longer a source being developed (%(status)s); the record is kept as it was.")
            % {"name": candidate.full_name, "status": candidate.get_status_display()}
        )


def source_update(*, actor, candidate: Candidate, profile: dict[str, Any]) -> Candidate:
    """Change profile fields of a source being developed; only what changes is checked."""
    require(actor, RECRUITMENT_CHANGE, candidate.unit)
    _check_editable(candidate)
    _refuse_unknown(profile)
    _refuse_sensitive(actor, candidate.unit, profile)
    before = {field: getattr(candidate, field) for field in profile}
    for field, value in profile.items():
        setattr(candidate, field, value)
    _normalize(candidate)
    errors = source_errors(
        candidate, changed=[field for field in profile if getattr(candidate, field) != before[field]]
    )
    if errors:
        for field, value in before.items():
            setattr(candidate, field, value)
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        candidate.save()
    return candidate


def source_drop(*, actor, candidate: Candidate, on: datetime.date, reason: str) -> Candidate:
    """Stop developing a source, on `on`, for `reason`. A source in an open admission case is
    dropped by closing the case (withdrawn or rejected), not here."""
    require(actor, RECRUITMENT_CHANGE, candidate.unit)
    errors: dict[str, str] = {}
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = _("Give the reason the person is no longer a source.")
    elif len(reason) > DROP_REASON_LENGTH or has_control_characters(reason):
        errors["reason"] = _("Write the reason in at most %(n)s characters, without control characters.") % {
            "n": DROP_REASON_LENGTH
        }
    if on > timezone.localdate():
        errors["on"] = _("The date cannot be in the future.")
    elif on < candidate.identified_on:
        errors["on"] = _("The date cannot be before the person was identified as a source (%(day)s).") % {
            "day": short_date(candidate.identified_on)
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        # Under the row's lock: a case opened meanwhile must not be left with a dropped source.
        status = Candidate.objects.select_for_update().filter(pk=candidate.pk).values_list("status", flat=True).get()
        candidate.status = status
        if status == SourceStatus.IN_CASE:
            raise ValidationError(
                _("%(name)s has an open admission case: withdraw or reject the case, with its reason, instead.")
                % {"name": candidate.full_name}
            )
        if status != SourceStatus.ACTIVE:
            _check_editable(candidate)
        candidate.status = SourceStatus.DROPPED
        candidate.dropped_on = on
        candidate.drop_reason = reason
        candidate.save(update_fields=["status", "dropped_on", "drop_reason", "updated_at"])
    return candidate
