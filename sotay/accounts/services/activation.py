"""Activation codes: issued by a cell's secretary or an officer, used once by the member to create
their handbook account; and the limits on guessing them."""

import datetime
import math
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sotay.accounts.directory import MemberCard, member_directory
from sotay.accounts.models import ActivationCode, AttemptFailure, User
from sotay.accounts.selectors import handbook_on, normalize_identifier
from sotay.accounts.services.rollout import why_off
from sotay.core.audit import acting_as
from sotay.core.models import Policy
from sotay.core.permissions import MEMBERS_CHANGE, require
from sotay.core.policy import rule_on
from sotay.organizations.models import Unit

# No 0/O, 1/I/L: a code is read off paper and typed on a phone. 32 letters, 8 of them: 40 bits.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


class TooManyAttemptsError(Exception):
    """Refused before looking: too many recent failures; `minutes` until the next try."""

    def __init__(self, message: str, minutes: int):
        super().__init__(message)
        self.message = message
        self.minutes = minutes


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def shown(code: str) -> str:
    """As printed and typed: two groups of four."""
    return f"{code[:4]}-{code[4:]}"


def code_digest(code: str) -> str:
    """A keyed hash: a copy of the table alone does not let anyone try the 40-bit space offline."""
    return salted_hmac("sotay.accounts.activation", code, algorithm="sha256").hexdigest()


def clean_code(text: str) -> str:
    return "".join(character for character in text.upper() if character not in " -")


@dataclass(frozen=True)
class Issued:
    member: MemberCard
    code: str  # raw, shown once
    expires_at: datetime.datetime


@dataclass(frozen=True)
class Issue:
    issued: list[Issued]
    skipped: list[MemberCard]  # members who already have an account


def codes_issue(*, actor: User, unit: Unit, member_id: int | None = None) -> Issue:
    """New codes for the members on the rolls of a cell (all, or the one `member_id`), voiding each
    one's older unused codes; members who already have an account are skipped. Officers and cell
    secretaries (members.change) on the cell; raises PermissionDenied, Http404 for a member outside
    scope, ValidationError while the handbook is off there."""
    require(actor, MEMBERS_CHANGE, unit)
    directory = member_directory()
    if member_id is None:
        members = directory.in_cell(unit)
    else:
        member = directory.access(actor, member_id)
        if member.unit.pk != unit.pk:
            raise ValidationError(_("This member is not in %(unit)s.") % {"unit": unit.name})
        members = [member]
    reason = why_off(unit)
    if reason:
        raise ValidationError(reason)
    days = rule_on(Policy.ACTIVATION_CODE_DAYS, timezone.localdate())
    if days is None:
        raise ValidationError(_("No rollout policy sets how long activation codes stay valid."))
    now = timezone.now()
    expires_at = now + timedelta(days=int(days.value))
    with_account = set(User.objects.filter(member_id__in=[m.id for m in members]).values_list("member_id", flat=True))
    to_issue = [m for m in members if m.id not in with_account]
    issued = [Issued(member, new_code(), expires_at) for member in to_issue]
    with transaction.atomic(), acting_as(actor):
        ActivationCode.objects.filter(member_id__in=[m.id for m in to_issue], used_at=None, voided_at=None).update(
            voided_at=now
        )
        ActivationCode.objects.bulk_create(
            ActivationCode(
                member_id=item.member.id,
                unit=unit,
                digest=code_digest(item.code),
                issued_by=actor,
                issued_at=now,
                expires_at=expires_at,
            )
            for item in issued
        )
    return Issue(issued, [m for m in members if m.id in with_account])


def _window_start():
    return timezone.now() - settings.AXES_COOLOFF_TIME


def _refuse_if_limited(key: str, limit: int, message: str) -> None:
    failures = AttemptFailure.objects.filter(key=key, at__gt=_window_start())
    if failures.count() < limit:
        return
    oldest = failures.order_by("at").values_list("at", flat=True)[failures.count() - limit]
    wait = oldest + settings.AXES_COOLOFF_TIME - timezone.now()
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    raise TooManyAttemptsError(
        message
        + " "
        + ngettext("Try again in %(minutes)d minute.", "Try again in %(minutes)d minutes.", minutes)
        % {"minutes": minutes},
        minutes,
    )


def _fail(*keys: str) -> None:
    AttemptFailure.objects.filter(at__lt=_window_start(), key__in=keys).delete()
    AttemptFailure.objects.bulk_create(AttemptFailure(key=key) for key in keys)


def _address_key(address: str | None) -> str:
    return f"address:{address or 'unknown'}"


def account_activate(*, code: str, identifier: str, password: str, address: str | None) -> User:
    """Create the handbook account of the member `code` was issued for, once they prove who they
    are with their phone or card number. Anyone may call it (it is how a member first signs in).

    Raises TooManyAttemptsError when the address or the member has failed too often lately, and
    ValidationError (on `code`, `identifier` or `password`) for a wrong, used, voided or expired
    code, a handbook switched off for the member's cell, a phone or card number that does not match
    (the code is voided after `activation_code_attempts` of them), or a weak password.
    """
    address_key = _address_key(address)
    _refuse_if_limited(
        address_key, settings.ACTIVATION_ADDRESS_LIMIT, _("Too many wrong activation attempts from this network.")
    )
    now = timezone.now()
    found = ActivationCode.objects.filter(digest=code_digest(clean_code(code))).first()
    ask = _("Ask your cell secretary for a new code.")
    if found is None:
        _fail(address_key)
        raise ValidationError({"code": _("This activation code is not right: check it against your sheet.")})
    if found.used_at is not None:
        _fail(address_key)
        raise ValidationError(
            {"code": _("This code has already been used. Sign in with your phone or card number and password.")}
        )
    if found.voided_at is not None:
        _fail(address_key)
        raise ValidationError(
            {
                "code": _(
                    "This code no longer works: a newer one replaced it, or it was blocked after too many "
                    "wrong phone or card numbers."
                )
                + " "
                + ask
            }
        )
    if found.expires_at <= now:
        raise ValidationError(
            {
                "code": _("This code expired on %(day)s.")
                % {"day": timezone.localdate(found.expires_at).strftime("%d/%m/%Y")}
                + " "
                + ask
            }
        )
    member = member_directory().card(found.member_id)
    if member is None or not member.on_rolls:
        raise ValidationError({"code": _("This code's member is no longer on the rolls.")})
    if not handbook_on(member.unit):
        raise ValidationError(
            {"code": _("The handbook is not open to members of %(unit)s yet.") % {"unit": member.unit.name}}
        )
    member_key = f"member:{member.id}"
    _refuse_if_limited(member_key, settings.ACTIVATION_MEMBER_LIMIT, _("Too many wrong attempts for this account."))
    given = normalize_identifier(identifier)
    if not given or given not in {member.phone, member.card_number} - {""}:
        _code_failed(found)
        _fail(address_key, member_key)
        raise ValidationError({"identifier": _identifier_message(found)})
    if User.objects.filter(member_id=member.id).exists():
        raise ValidationError({"code": _("You already have an account. Sign in with your phone or card number.")})
    username = f"member-{member.id}"
    user = User(username=username, first_name=member.full_name[:150], member_id=member.id)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    with transaction.atomic(), acting_as(user):
        taken = ActivationCode.objects.filter(pk=found.pk, used_at=None, voided_at=None).update(used_at=now)
        if not taken:  # a second tab or a double tap used it a moment ago
            raise ValidationError(
                {"code": _("This code has already been used. Sign in with your phone or card number and password.")}
            )
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError as error:
            raise ValidationError(
                {"code": _("You already have an account. Sign in with your phone or card number.")}
            ) from error
    AttemptFailure.objects.filter(key=member_key).delete()
    return user


def _code_failed(code: ActivationCode) -> None:
    attempts = rule_on(Policy.ACTIVATION_CODE_ATTEMPTS, timezone.localdate())
    limit = int(attempts.value) if attempts else 5
    ActivationCode.objects.filter(pk=code.pk).update(failures=F("failures") + 1)
    code.failures += 1
    if code.failures >= limit:
        ActivationCode.objects.filter(pk=code.pk, voided_at=None).update(voided_at=timezone.now())


def _identifier_message(code: ActivationCode) -> str:
    attempts = rule_on(Policy.ACTIVATION_CODE_ATTEMPTS, timezone.localdate())
    left = (int(attempts.value) if attempts else 5) - code.failures
    if left <= 0:
        return (
            _("This phone or card number is not the one on the member's record, and the code is now blocked.")
            + " "
            + _("Ask your cell secretary for a new code.")
        )
    return (
        _("This phone or card number is not the one on the member's record.")
        + " "
        + ngettext(
            "%(left)d more try before the code is blocked.", "%(left)d more tries before the code is blocked.", left
        )
        % {"left": left}
    )
