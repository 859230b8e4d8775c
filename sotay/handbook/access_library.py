"""id → document, draft or comment for an actor, or 404: "missing" and "not yours" are one answer."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from sotay.core.permissions import HANDBOOK_PUBLISH, can
from sotay.handbook.models import Comment, Document, DocumentFile, Draft


def access_document(actor, document_id: int) -> Document:
    """A document of the actor's cell and the units above it (a member), or of their publishing scope."""
    document = Document.objects.visible_to(actor).select_related("unit").filter(pk=document_id).first()
    if document is None:
        raise Http404(_("No such document."))
    return document


def access_document_file(actor, document_id: int, file_id: int) -> DocumentFile:
    document = access_document(actor, document_id)
    found = DocumentFile.objects.filter(document=document, pk=file_id).first()
    if found is None:
        raise Http404(_("No such file."))
    return found


def access_draft(actor, draft_id: int, *, for_write: bool = False) -> Draft:
    """A draft the actor may read; PermissionDenied if `for_write` and they may not manage it."""
    draft = Draft.objects.visible_to(actor).select_related("unit").filter(pk=draft_id).first()
    if draft is None:
        raise Http404(_("No such draft resolution."))
    if for_write and not can(actor, HANDBOOK_PUBLISH, draft.unit):
        raise PermissionDenied(_("You may read this draft but not manage it."))
    return draft


def access_comment(actor, draft: Draft, comment_id: int) -> Comment:
    """A comment on `draft` the actor may see: their own, or any if they manage the draft."""
    comment = Comment.objects.visible_to(actor).filter(draft=draft, pk=comment_id).first()
    if comment is None:
        raise Http404(_("No such comment."))
    return comment
