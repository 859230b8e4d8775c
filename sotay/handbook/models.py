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
    title = models.CharField(_("title"), max_length=TITLE_LENGTH, validators=TEXT)
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


# --- Meetings -------------------------------------------------------------------------------------
# A cell's regular monthly meeting and its thematic meetings: scheduled and published ahead with an
# agenda and materials, attendance recorded by the secretary or by the member's QR check-in, and
# minutes afterwards. A member away sends a written contribution instead.
AGENDA_LENGTH = 20000
MINUTES_LENGTH = 50000
REASON_LENGTH = 500
CONTRIBUTION_LENGTH = 5000


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("regular monthly meeting")
    THEMATIC = "thematic", _("thematic meeting")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("present")
    EXCUSED = "excused", _("excused")
    ABSENT = "absent", _("absent")


class AttendanceSource(models.TextChoices):
    SECRETARY = "secretary", _("recorded by the secretary")
    QR = "qr", _("checked in by QR code")


def own_meetings_q(user, prefix: str = "") -> Q:
    """The published meetings of the cells a member follows (their own cell: the registry keeps no
    residence cell)."""
    who = reader(user)
    if who is None:
        return Q(pk__in=[])
    return Q(**{f"{prefix}cell_id": who.cell.pk, f"{prefix}published_at__isnull": False})


def holds_meetings_q(prefix: str = "") -> Q:
    """Units that hold a cell's meetings: cells, and grassroots organizations without cells (chi bộ
    cơ sở), whose members meet as one cell."""
    return Q(**{f"{prefix}kind": UnitKind.CELL}) | Q(**{f"{prefix}kind": UnitKind.GRASSROOTS, f"{prefix}numchild": 0})


class MeetingQuerySet(ScopedQuerySet):
    """Officers (committees, a cell's secretary) see every meeting of their subtree, drafts too; a
    member, the published meetings of their cell."""

    scope_path_field = "cell__path"
    view_permission = HANDBOOK_PUBLISH

    def own_records_q(self, user) -> Q:
        return own_meetings_q(user)

    def published(self):
        return self.filter(published_at__isnull=False)


class Meeting(models.Model):
    # Indexed by meeting_cell_start_idx, which leads with the cell.
    cell = models.ForeignKey(Unit, verbose_name=_("cell"), on_delete=models.PROTECT, related_name="+", db_index=False)
    kind = models.CharField(_("kind"), max_length=10, choices=MeetingKind.choices, default=MeetingKind.REGULAR)
    title = models.CharField(_("title"), max_length=TITLE_LENGTH, validators=TEXT)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True, validators=TEXT)
    agenda = models.TextField(_("agenda"), max_length=AGENDA_LENGTH, blank=True)
    minutes = models.TextField(_("minutes"), max_length=MINUTES_LENGTH, blank=True)
    # None while a draft only officers see; members see the meeting from then on.
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-id"]
        indexes = [
            # A cell's meetings by date; a committee's period report reads it per cell of the subtree.
            models.Index(fields=["cell", "starts_at"], include=["kind"], name="meeting_cell_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after")
        ]

    def __str__(self) -> str:
        return self.title


class MeetingMaterial(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="materials")
    file = models.FileField(_("file"), upload_to="handbook/meetings/%Y/%m/")
    name = models.CharField(_("name"), max_length=200, validators=TEXT)
    size = models.PositiveIntegerField(_("size"))
    content_type = models.CharField(max_length=100)

    class Meta:
        ordering = ["id"]


class Attendance(models.Model):
    """One member at one meeting: present, excused (with a reason) or absent."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances", db_index=False)
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+", db_index=False)
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    reason = models.CharField(_("reason"), max_length=REASON_LENGTH, blank=True, validators=TEXT)
    source = models.CharField(_("recorded how"), max_length=10, choices=AttendanceSource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="meeting_attendance_once"),
            models.CheckConstraint(
                condition=~Q(status="excused") | ~Q(reason=""), name="meeting_attendance_excused_reason"
            ),
        ]
        indexes = [models.Index(fields=["member", "meeting"], name="meeting_attendance_member_idx")]


class Contribution(models.Model):
    """A written contribution from a member who cannot attend (working far away): one per member
    and meeting, editable until the meeting ends."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="contributions", db_index=False)
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+", db_index=False)
    text = models.TextField(_("contribution"), max_length=CONTRIBUTION_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="contribution_once")]
