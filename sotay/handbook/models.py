"""Notices: what a unit publishes to its subtree, with attachments, and who has read them.

A member's feed is the notices of their cell and its ancestors: a handful of unit ids, each read
newest first through the index on (unit, publish_at, id) (see docs/decisions/0010-notice-feed.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sotay.core.permissions import HANDBOOK_PUBLISH
from sotay.core.scoping import ScopedQuerySet
from sotay.core.validators import reject_control_characters
from sotay.members.models import Member
from sotay.organizations.models import Unit, UnitKind

TEXT = [reject_control_characters]
TITLE_LENGTH = 200
BODY_LENGTH = 20000


def kinds_key(kinds) -> str:
    """The target kinds as stored: ",cell,sub_committee," (every kind when empty), searchable with
    one LIKE on any database."""
    chosen = [kind for kind in UnitKind.values if kind in set(kinds)]
    return f",{','.join(chosen)}," if chosen else ""


def ancestor_paths(path: str) -> list[str]:
    """The paths of a unit and every unit above it (the tree's steps are 4 characters)."""
    step = Unit.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


@dataclass(frozen=True)
class Reader:
    """Where a member reads from: their cell, and the ids of the cell and every unit above it."""

    member_id: int
    cell: Unit
    units: tuple[Unit, ...]

    @property
    def unit_ids(self) -> tuple[int, ...]:
        return tuple(unit.pk for unit in self.units)


def reader(user) -> Reader | None:
    """The reader behind a signed-in user, once per user object (two queries); None for an
    account without a member record."""
    if user is None or not user.is_authenticated or not getattr(user, "member_id", None):
        return None
    if "_handbook_reader" not in user.__dict__:
        cell = Unit.objects.filter(members__pk=user.member_id).first()
        found = None
        if cell is not None:
            units = tuple(Unit.objects.filter(path__in=ancestor_paths(cell.path)).only("pk", "name", "kind", "path"))
            found = Reader(user.member_id, cell, units)
        user.__dict__["_handbook_reader"] = found
    return user.__dict__["_handbook_reader"]


def kinds_q(kind: str, prefix: str = "") -> Q:
    """Notices for every kind of unit, or for units of `kind`."""
    return Q(**{f"{prefix}target_kinds": ""}) | Q(**{f"{prefix}target_kinds__contains": f",{kind},"})


def feed_q(who: Reader, now=None) -> Q:
    """Notices a member sees: published on their cell or an ancestor by now, not withdrawn, for every
    kind of unit or for their cell's."""
    return Q(unit_id__in=who.unit_ids, publish_at__lte=now or timezone.now(), withdrawn_at__isnull=True) & kinds_q(
        who.cell.kind
    )


class NoticeQuerySet(ScopedQuerySet):
    """Officers see every notice of their subtree (scheduled and withdrawn too); a member, the
    notices of their feed."""

    scope_path_field = "unit__path"
    view_permission = HANDBOOK_PUBLISH

    def own_records_q(self, user) -> Q:
        who = reader(user)
        return feed_q(who) if who is not None else Q(pk__in=[])

    def published(self, now=None):
        return self.filter(publish_at__lte=now or timezone.now(), withdrawn_at__isnull=True)


class Notice(models.Model):
    # Indexed by notice_unit_publish_idx, which leads with the unit.
    unit = models.ForeignKey(
        Unit, verbose_name=_("published by"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    title = models.CharField(pgettext_lazy("notice", "title"), max_length=TITLE_LENGTH, validators=TEXT)
    # Plain text: shown with its line breaks, never as HTML.
    body = models.TextField(_("text"), max_length=BODY_LENGTH)
    publish_at = models.DateTimeField(_("published at"))
    # "" for every kind of unit below; otherwise ",kind,kind," (see kinds_key).
    target_kinds = models.CharField(_("only for"), max_length=100, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [
            # The feed: for each ancestor unit, the newest first (and the keyset's next page).
            models.Index(fields=["unit", "-publish_at", "-id"], name="notice_unit_publish_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def kinds(self) -> list[str]:
        return [kind for kind in self.target_kinds.split(",") if kind]

    @property
    def kind_labels(self) -> list[str]:
        return [str(UnitKind(kind).label) for kind in self.kinds]

    def is_visible(self, now=None) -> bool:
        return self.withdrawn_at is None and self.publish_at <= (now or timezone.now())


class NoticeAttachment(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="handbook/%Y/%m/")
    name = models.CharField(_("name"), max_length=200, validators=TEXT)
    size = models.PositiveIntegerField(_("size"))
    content_type = models.CharField(max_length=100)

    class Meta:
        ordering = ["id"]


class NoticeRead(models.Model):
    """A member has read a notice; kept per member, so a re-issued account keeps the read state."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="reads")
    # Indexed by notice_read_once, which leads with the member.
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+", db_index=False)
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "notice"], name="notice_read_once")]
