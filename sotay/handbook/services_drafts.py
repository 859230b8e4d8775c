"""Writes to draft resolutions: publish a draft, comment (and follow up, and edit: every text is
kept), mark a comment adopted or not with a reply, publish the final text.

Members comment on the drafts of their cell and the units above it until the deadline; those with
`handbook.publish` on the draft's unit manage it. See docs/decisions/0011-draft-resolutions.md.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.core.audit import acting_as
from sotay.core.permissions import HANDBOOK_PUBLISH, can
from sotay.handbook.models import (
    BODY_LENGTH,
    COMMENT_LENGTH,
    TITLE_LENGTH,
    Comment,
    CommentVersion,
    Draft,
    DraftStatus,
    Outcome,
    reader,
)
from sotay.handbook.services_documents import clean_text
from sotay.organizations.models import Unit


def _require(actor, unit: Unit) -> None:
    if not can(actor, HANDBOOK_PUBLISH, unit):
        raise PermissionDenied(_("You may not manage draft resolutions of %(unit)s.") % {"unit": unit.name})


def draft_publish(*, actor, unit: Unit, title: str, text: str, comment_deadline: datetime.datetime) -> Draft:
    """Publish a draft to `unit`'s members for comments until `comment_deadline`. Raises
    PermissionDenied without `handbook.publish` on the unit, ValidationError (by field)."""
    _require(actor, unit)
    errors: dict[str, str] = {}
    title = clean_text(errors, "title", title, TITLE_LENGTH, required=_("Give the draft a title."))
    text = clean_text(errors, "text", text, BODY_LENGTH, required=_("Write the text of the draft."))
    if comment_deadline <= timezone.now():
        errors["comment_deadline"] = _("The deadline for comments must be in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        return Draft.objects.create(
            unit=unit, title=title, text=text, comment_deadline=comment_deadline, created_by=actor
        )


def _open_for_comments(draft: Draft) -> None:
    if draft.status == DraftStatus.FINAL:
        raise ValidationError(_("The final text is out; comments are closed."))
    if not draft.takes_comments():
        raise ValidationError(_("Comments closed at the deadline."))


def _comment_text(text: str) -> str:
    errors: dict[str, str] = {}
    text = clean_text(errors, "text", text, COMMENT_LENGTH, required=_("Write your comment."))
    if errors:
        raise ValidationError(errors)
    return text


def comment_add(*, actor, draft: Draft, text: str, parent: Comment | None = None) -> Comment:
    """The actor's member comments on `draft` (a follow-up under `parent`, one of their own comments
    on it). Raises PermissionDenied for an account without a member record or a draft outside
    their cell's line, ValidationError after the deadline or for an empty or long text."""
    who = reader(actor)
    if who is None or draft.unit_id not in who.unit_ids:
        raise PermissionDenied(_("Only members of the units below the draft's may comment on it."))
    text = _comment_text(text)
    if parent is not None and (parent.draft_id != draft.pk or parent.member_id != who.member_id):
        raise ValidationError({"parent": _("You can follow up only on your own comments on this draft.")})
    with transaction.atomic(), acting_as(actor):
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        _open_for_comments(locked)
        now = timezone.now()
        comment = Comment.objects.create(
            draft=locked, member_id=who.member_id, parent=parent, text=text, created_at=now, updated_at=now
        )
        CommentVersion.objects.create(comment=comment, text=text, saved_at=now)
    return comment


def comment_edit(*, actor, comment: Comment, text: str) -> Comment:
    """Change the text of one's own comment before the deadline; the earlier text is kept as a version."""
    if getattr(actor, "member_id", None) != comment.member_id:
        raise PermissionDenied(_("You can change only your own comments."))
    text = _comment_text(text)
    with transaction.atomic(), acting_as(actor):
        draft = Draft.objects.select_for_update().get(pk=comment.draft_id)
        _open_for_comments(draft)
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        if locked.text == text:
            return locked
        now = timezone.now()
        locked.text, locked.updated_at = text, now
        locked.save(update_fields=["text", "updated_at"])
        CommentVersion.objects.create(comment=locked, text=text, saved_at=now)
    return locked


def comment_decide(*, actor, comment: Comment, outcome: str, reply: str = "") -> Comment:
    """Mark a comment adopted, not adopted (or back to pending), with a reply the commenter reads."""
    draft = Draft.objects.select_related("unit").get(pk=comment.draft_id)
    _require(actor, draft.unit)
    errors: dict[str, str] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = _("Choose adopted, not adopted or pending.")
    reply = clean_text(errors, "reply", reply, COMMENT_LENGTH)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        locked.outcome, locked.reply = outcome, reply
        locked.decided_at, locked.decided_by = timezone.now(), actor
        locked.save(update_fields=["outcome", "reply", "decided_at", "decided_by"])
    return locked


def draft_finalize(*, actor, draft: Draft, final_text: str) -> Draft:
    """Publish the final text; comments close. Publishing again corrects the final text."""
    _require(actor, draft.unit)
    errors: dict[str, str] = {}
    final_text = clean_text(errors, "final_text", final_text, BODY_LENGTH, required=_("Write the final text."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        locked.status, locked.final_text, locked.finalized_at = DraftStatus.FINAL, final_text, timezone.now()
        locked.save(update_fields=["status", "final_text", "finalized_at"])
    return locked
