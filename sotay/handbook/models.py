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
from sotay.core.text import fold
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


# Documents: the library by unit, type and year -------------------------------------------------

NUMBER_LENGTH = 60
SUMMARY_LENGTH = 2000


class DocumentKind(models.TextChoices):
    RESOLUTION = "resolution", _("resolution")
    DIRECTIVE = "directive", _("directive")
    MEETING_MATERIAL = "meeting_material", _("monthly cell-meeting material")
    OTHER = "other", _("other")


def reader_units_q(user, field: str = "unit_id") -> Q:
    """Rows of the member's cell and every unit above it (nothing for an account without a record)."""
    who = reader(user)
    return Q(**{f"{field}__in": who.unit_ids}) if who is not None else Q(pk__in=[])


class DocumentQuerySet(ScopedQuerySet):
    """Officers see the documents of the units where they publish and below; a member, those of
    their cell and the units above it, as they see notices."""

    scope_path_field = "unit__path"
    view_permission = HANDBOOK_PUBLISH

    def own_records_q(self, user) -> Q:
        return reader_units_q(user)


class Document(models.Model):
    # Indexed by document_unit_issued_idx, which leads with the unit.
    unit = models.ForeignKey(
        Unit, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    kind = models.CharField(_("type"), max_length=20, choices=DocumentKind.choices)
    number = models.CharField(_("number"), max_length=NUMBER_LENGTH, blank=True, validators=TEXT)
    title = models.CharField(_("title"), max_length=TITLE_LENGTH, validators=TEXT)
    # fold(number + title): "nghi quyet 05" finds "Nghị quyết 05-NQ/CB".
    title_key = models.CharField(max_length=(TITLE_LENGTH + NUMBER_LENGTH + 1) * 3, editable=False)
    issued_on = models.DateField(_("issued on"))
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    summary = models.TextField(_("summary"), max_length=SUMMARY_LENGTH, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [
            models.Index(fields=["unit", "-issued_on", "-id"], name="document_unit_issued_idx"),
            models.Index(fields=["unit", "year", "kind"], name="document_unit_year_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.title_key = fold(f"{self.number} {self.title}")
        self.year = self.issued_on.year
        super().save(*args, **kwargs)


class DocumentFile(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to="handbook/documents/%Y/%m/")
    name = models.CharField(_("name"), max_length=200, validators=TEXT)
    size = models.PositiveIntegerField(_("size"))
    content_type = models.CharField(max_length=100)

    class Meta:
        ordering = ["id"]


# Draft resolutions with members' comments ------------------------------------------------------

COMMENT_LENGTH = 5000


class DraftStatus(models.TextChoices):
    OPEN = "open", _("open for comments")
    CLOSED = "closed", _("comments closed")
    FINAL = "final", _("final text published")


class DraftQuerySet(ScopedQuerySet):
    """Officers see the drafts of the units where they publish and below; a member, those of their
    cell and the units above it."""

    scope_path_field = "unit__path"
    view_permission = HANDBOOK_PUBLISH

    def own_records_q(self, user) -> Q:
        return reader_units_q(user)


class Draft(models.Model):
    unit = models.ForeignKey(Unit, verbose_name=_("published by"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=TITLE_LENGTH, validators=TEXT)
    # Plain text, shown with its line breaks.
    text = models.TextField(_("draft text"), max_length=BODY_LENGTH)
    comment_deadline = models.DateTimeField(_("comments until"))
    # Stored: open or final; "closed" is read from the deadline (see `state`).
    status = models.CharField(_("status"), max_length=10, choices=DraftStatus.choices, default=DraftStatus.OPEN)
    final_text = models.TextField(_("final text"), max_length=BODY_LENGTH, blank=True)
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    finalized_at = models.DateTimeField(_("final text published at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = DraftQuerySet.as_manager()

    class Meta:
        verbose_name = _("draft resolution")
        verbose_name_plural = _("draft resolutions")

    def __str__(self) -> str:
        return self.title

    def state(self, now=None) -> str:
        if self.status == DraftStatus.OPEN and self.comment_deadline <= (now or timezone.now()):
            return DraftStatus.CLOSED
        return self.status

    def takes_comments(self, now=None) -> bool:
        return self.state(now) == DraftStatus.OPEN

    @property
    def state_label(self) -> str:
        return str(DraftStatus(self.state()).label)


class Outcome(models.TextChoices):
    PENDING = "pending", _("not yet considered")
    ADOPTED = "adopted", _("adopted")
    NOT_ADOPTED = "not_adopted", _("not adopted")


class CommentQuerySet(ScopedQuerySet):
    """Those who publish for the draft's unit (or above) see every comment; a member, their own only
    (docs/decisions/0011-draft-resolutions.md)."""

    scope_path_field = "draft__unit__path"
    view_permission = HANDBOOK_PUBLISH

    def own_records_q(self, user) -> Q:
        member_id = getattr(user, "member_id", None)
        return Q(member_id=member_id) if member_id else Q(pk__in=[])


class Comment(models.Model):
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="comments")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    # A follow-up to one of the member's own comments on the same draft.
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    text = models.TextField(_("comment"), max_length=COMMENT_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    reply = models.TextField(_("reply"), max_length=COMMENT_LENGTH, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["draft", "member"], name="comment_draft_member_idx")]

    def __str__(self) -> str:
        return self.text[:50]


class CommentVersion(models.Model):
    """Every text a comment has had, the first included, oldest first."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="versions")
    text = models.TextField(max_length=COMMENT_LENGTH)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["saved_at", "id"]


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
