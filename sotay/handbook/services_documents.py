"""Writes to the document library: publish a document with its files.

Who may: `handbook.publish` on the document's unit. Files go through the notices' checks
(handbook.attachments) and Django's storage API.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sotay.core.audit import acting_as
from sotay.core.permissions import HANDBOOK_PUBLISH, can
from sotay.core.text import has_control_characters
from sotay.handbook.attachments import check_uploads
from sotay.handbook.models import (
    NUMBER_LENGTH,
    SUMMARY_LENGTH,
    TITLE_LENGTH,
    Document,
    DocumentFile,
    DocumentKind,
)
from sotay.organizations.models import Unit


def clean_text(errors: dict, name: str, text: str, limit: int, *, required: str = "") -> str:
    text = text.strip().replace("\r\n", "\n")
    if has_control_characters(text):
        errors[name] = _("Remove the control characters from this text.")
    elif required and not text:
        errors[name] = required
    elif len(text) > limit:
        errors[name] = _("This text has at most %(n)d characters.") % {"n": limit}
    return text


def document_publish(
    *,
    actor,
    unit: Unit,
    kind: str,
    title: str,
    issued_on: datetime.date,
    number: str = "",
    summary: str = "",
    attachments: Iterable[UploadedFile] = (),
) -> Document:
    """Put a document in `unit`'s library. Raises PermissionDenied without `handbook.publish` on
    the unit, ValidationError (by field) for a bad type, title, date or file."""
    if not can(actor, HANDBOOK_PUBLISH, unit):
        raise PermissionDenied(_("You may not publish documents for %(unit)s.") % {"unit": unit.name})
    errors: dict[str, str] = {}
    title = clean_text(errors, "title", title, TITLE_LENGTH, required=_("Give the document a title."))
    number = clean_text(errors, "number", number, NUMBER_LENGTH)
    summary = clean_text(errors, "summary", summary, SUMMARY_LENGTH)
    if kind not in DocumentKind.values:
        errors["kind"] = _("Choose the type of document.")
    if issued_on > timezone.localdate():
        errors["issued_on"] = _("A document cannot be issued in the future.")
    if errors:
        raise ValidationError(errors)
    files = check_uploads(attachments)
    with transaction.atomic(), acting_as(actor):
        document = Document(
            unit=unit, kind=kind, number=number, title=title, issued_on=issued_on, summary=summary, created_by=actor
        )
        document.save()
        DocumentFile.objects.bulk_create(
            DocumentFile(document=document, file=f.upload, name=f.name, size=f.size, content_type=f.content_type)
            for f in files
        )
    return document
