"""Reads for accounts: whether the handbook is on for a unit, the rollout, codes and sign-ins."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.module_loading import import_string

from sotay.accounts.directory import MemberCard, member_directory
from sotay.accounts.models import ActivationCode, ApiToken, HandbookSwitch, SignIn, TokenKind, User
from sotay.core.validators import compact_phone
from sotay.organizations.models import Unit


def _ancestor_paths(path: str) -> list[str]:
    return [path[:end] for end in range(Unit.steplen, len(path) + 1, Unit.steplen)]


def handbook_switch(unit: Unit) -> HandbookSwitch | None:
    """The switch that decides for `unit`: the newest row of its nearest switched ancestor-or-self,
    or None when no unit above it was ever switched (the handbook is then off)."""
    return (
        HandbookSwitch.objects.filter(unit__path__in=_ancestor_paths(unit.path))
        .select_related("unit", "changed_by")
        .order_by("-unit__depth", "-changed_at", "-id")
        .first()
    )


def handbook_on(unit: Unit) -> bool:
    """Whether members of `unit` may activate and use the handbook. The one check everyone calls."""
    switch = handbook_switch(unit)
    return switch is not None and switch.on


def rollout(actor) -> list[HandbookSwitch]:
    """The units the actor may see whose own switch was set, each with its newest row, in tree order."""
    newest = HandbookSwitch.objects.filter(unit=OuterRef("unit")).order_by("-changed_at", "-id").values("pk")[:1]
    rows = HandbookSwitch.objects.visible_to(actor).filter(pk=Subquery(newest))
    return list(rows.select_related("unit", "changed_by").order_by("unit__path")[:500])


def switch_history(actor, unit: Unit) -> list[HandbookSwitch]:
    return list(
        HandbookSwitch.objects.visible_to(actor)
        .filter(unit=unit)
        .select_related("changed_by")
        .order_by("-changed_at", "-id")[:50]
    )


@dataclass(frozen=True)
class CellMember:
    member: MemberCard
    has_account: bool
    code: ActivationCode | None  # the newest code still usable


def cell_members(unit: Unit) -> list[CellMember]:
    """The members on the rolls of a cell, with whether each has an account and a usable code."""
    members = member_directory().in_cell(unit)
    ids = [member.id for member in members]
    with_account = set(User.objects.filter(member_id__in=ids).values_list("member_id", flat=True))
    codes: dict[int, ActivationCode] = {}
    for code in usable_codes().filter(member_id__in=ids).order_by("issued_at", "id"):
        codes[code.member_id] = code
    return [CellMember(member, member.id in with_account, codes.get(member.id)) for member in members]


def usable_codes():
    return ActivationCode.objects.filter(used_at=None, voided_at=None, expires_at__gt=timezone.now())


def normalize_identifier(text: str) -> str:
    """A phone number as kept (digits, leading +), or a card number as typed without spaces."""
    text = text.strip()
    compact = compact_phone(text)
    return compact if compact != text or text.isdigit() else text.replace(" ", "").upper()


def members_with_identifier(identifier: str) -> list[int]:
    return member_directory().matching(normalize_identifier(identifier))


def users_with_identifier(identifier: str) -> list[User]:
    """The accounts of the members with this phone or card number (active accounts only)."""
    ids = members_with_identifier(identifier)
    if not ids:
        return []
    return list(User.objects.filter(member_id__in=ids, is_active=True))


def identifier_ambiguous(identifier: str) -> bool:
    """A phone number two members on the rolls share cannot sign either of them in."""
    return len(members_with_identifier(identifier)) > 1


def _session_store():
    return import_string(f"{settings.SESSION_ENGINE}.SessionStore")


def active_sign_ins(user: User) -> list[SignIn]:
    """The user's browser sessions still alive, the most recently seen first."""
    rows = list(SignIn.objects.filter(user=user, ended_at=None).order_by("-last_seen_at", "-id")[:50])
    store = _session_store()
    keys = [row.session_key for row in rows]
    if issubclass(store, DatabaseSessionStore):
        alive = set(
            store.get_model_class()
            .objects.filter(session_key__in=keys, expire_date__gt=timezone.now())
            .values_list("session_key", flat=True)
        )
    else:
        alive = {key for key in keys if store().exists(key)}
    return [row for row in rows if row.session_key in alive]


def sign_in_tokens(user: User) -> list[ApiToken]:
    return list(user.api_tokens.filter(kind=TokenKind.SIGN_IN).order_by("-created_at", "-id")[:50])
