"""Writes to notices: publish (now or for later), edit before it is out, withdraw, and mark read.

Who may: `handbook.publish` on the notice's unit (committees on their subtree, a secretary on their
cell). Each write is one transaction; `notice_published` goes out after the commit.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.core.audit import acting_as
from sotay.core.permissions import HANDBOOK_PUBLISH, can
from sotay.core.text import has_control_characters
from sotay.handbook.attachments import Checked, check_uploads
from sotay.handbook.models import BODY_LENGTH, TITLE_LENGTH, Notice, NoticeAttachment, NoticeRead, kinds_key, reader
from sotay.handbook.signals import notice_published
from sotay.organizations.models import LEVEL_ORDER, Unit, UnitKind

# A form filled in at 10:00:30 for "10:00" is still "now"; anything older is a mistake.
PAST_TOLERANCE = datetime.timedelta(minutes=1)


def kinds_below(unit: Unit) -> list[str]:
    """The kinds of unit that can sit below `unit`: the choices for "only for"."""
    return [kind for kind in LEVEL_ORDER[LEVEL_ORDER.index(UnitKind(unit.kind)) + 1 :]]


def _require(actor, unit: Unit) -> None:
    if not can(actor, HANDBOOK_PUBLISH, unit):
        raise PermissionDenied(_("You may not publish notices for %(unit)s.") % {"unit": unit.name})


def _clean(*, unit: Unit, title: str, body: str, publish_at: datetime.datetime, kinds: Sequence[str]) -> dict:
    errors: dict[str, str] = {}
    title, body = title.strip(), body.strip().replace("\r\n", "\n")
    for name, text in (("title", title), ("body", body)):
        if has_control_characters(text):
            errors[name] = _("Remove the control characters from this text.")
    if "title" in errors:
        pass
    elif not title:
        errors["title"] = _("Give the notice a title.")
    elif len(title) > TITLE_LENGTH:
        errors["title"] = _("A title has at most %(n)d characters.") % {"n": TITLE_LENGTH}
    if "body" in errors:
        pass
    elif not body:
        errors["body"] = _("Write the text of the notice.")
    elif len(body) > BODY_LENGTH:
        errors["body"] = _("The text has at most %(n)d characters.") % {"n": BODY_LENGTH}
    if publish_at < timezone.now() - PAST_TOLERANCE:
        errors["publish_at"] = _("A notice cannot be published in the past: leave the time empty to publish now.")
    allowed = kinds_below(unit)
    wrong = [kind for kind in kinds if kind not in allowed]
    if wrong:
        errors["kinds"] = _("%(unit)s has no units of this kind below it: %(kinds)s.") % {
            "unit": unit.name,
            "kinds": ", ".join(str(kind) for kind in wrong),
        }
    if errors:
        raise ValidationError(errors)
    return {"title": title, "body": body, "publish_at": publish_at, "target_kinds": kinds_key(kinds)}


def _announce(notice: Notice) -> None:
    transaction.on_commit(lambda: notice_published.send(sender=Notice, notice=notice, visible_from=notice.publish_at))


def _attach(notice: Notice, files: list[Checked]) -> None:
    NoticeAttachment.objects.bulk_create(
        NoticeAttachment(notice=notice, file=f.upload, name=f.name, size=f.size, content_type=f.content_type)
        for f in files
    )


def notice_publish(
    *,
    actor,
    unit: Unit,
    title: str,
    body: str,
    publish_at: datetime.datetime | None = None,
    kinds: Sequence[str] = (),
    attachments: Iterable[UploadedFile] = (),
) -> Notice:
    """Publish a notice to `unit`'s subtree, now or at `publish_at`, to every unit or only to some
    kinds below. Raises PermissionDenied without `handbook.publish` on the unit, ValidationError
    (by field) for a bad title, text, time, kind or attachment."""
    _require(actor, unit)
    fields = _clean(unit=unit, title=title, body=body, publish_at=publish_at or timezone.now(), kinds=kinds)
    files = check_uploads(attachments)
    with transaction.atomic(), acting_as(actor):
        notice = Notice.objects.create(unit=unit, created_by=actor, **fields)
        _attach(notice, files)
        _announce(notice)
    return notice


def notice_edit(
    *,
    actor,
    notice: Notice,
    title: str | None = None,
    body: str | None = None,
    publish_at: datetime.datetime | None = None,
    kinds: Sequence[str] | None = None,
    attachments: Iterable[UploadedFile] = (),
    remove_attachments: Sequence[int] = (),
) -> Notice:
    """Change a notice that is not out yet (scheduled for later). Omitted fields keep their value.
    Raises PermissionDenied without `handbook.publish` on its unit, ValidationError once it is out
    or withdrawn, or for bad values. A new time is announced again (`notice_published`)."""
    _require(actor, notice.unit)
    files = check_uploads(attachments)
    with transaction.atomic(), acting_as(actor):
        locked = Notice.objects.select_for_update().select_related("unit").get(pk=notice.pk)
        if locked.withdrawn_at is not None:
            raise ValidationError(_("This notice was withdrawn; publish a new one instead."))
        if locked.publish_at <= timezone.now():
            raise ValidationError(_("This notice is already out and can no longer be changed; withdraw it instead."))
        fields = _clean(
            unit=locked.unit,
            title=locked.title if title is None else title,
            body=locked.body if body is None else body,
            publish_at=locked.publish_at if publish_at is None else publish_at,
            kinds=locked.kinds if kinds is None else kinds,
        )
        moved = fields["publish_at"] != locked.publish_at
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save()
        if remove_attachments:
            NoticeAttachment.objects.filter(notice=locked, pk__in=remove_attachments).delete()
        _attach(locked, files)
        if moved:
            _announce(locked)
    return locked


def notice_withdraw(*, actor, notice: Notice) -> Notice:
    """Take a notice back: it leaves every feed (read marks are kept). Raises PermissionDenied
    without `handbook.publish` on its unit, ValidationError if it was already withdrawn."""
    _require(actor, notice.unit)
    with transaction.atomic(), acting_as(actor):
        locked = Notice.objects.select_for_update().get(pk=notice.pk)
        if locked.withdrawn_at is not None:
            raise ValidationError(_("This notice was already withdrawn."))
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["withdrawn_at", "updated_at"])
    return locked


def notice_mark_read(*, actor, notice: Notice) -> bool:
    """Record that the actor's member has read `notice`; True if it is (now or already) read.
    Idempotent; False, writing nothing, for an account without a member record or a notice outside
    their feed (an officer reading what they published)."""
    who = reader(actor)
    if who is None or not notice.is_visible() or notice.unit_id not in who.unit_ids:
        return False
    if notice.kinds and who.cell.kind not in notice.kinds:
        return False
    if not NoticeRead.objects.filter(notice=notice, member_id=who.member_id).exists():
        NoticeRead.objects.bulk_create([NoticeRead(notice=notice, member_id=who.member_id)], ignore_conflicts=True)
    return True
