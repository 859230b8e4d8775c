"""Which files a notice, a document or a meeting may carry: PDF, JPEG, PNG and office documents up
to 10 MB, judged by their first bytes as well as their name, so a renamed program is refused."""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 10

PDF, JPEG, PNG, ZIP, OLE = b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
# extension → (content type, the signatures a file of that kind starts with)
ALLOWED: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (PDF,)),
    ".jpg": ("image/jpeg", (JPEG,)),
    ".jpeg": ("image/jpeg", (JPEG,)),
    ".png": ("image/png", (PNG,)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (ZIP,)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (ZIP,)),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (ZIP,)),
    ".odt": ("application/vnd.oasis.opendocument.text", (ZIP,)),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", (ZIP,)),
    ".doc": ("application/msword", (OLE,)),
    ".xls": ("application/vnd.ms-excel", (OLE,)),
    ".ppt": ("application/vnd.ms-powerpoint", (OLE,)),
}
ACCEPT = ",".join(ALLOWED)  # for the file input's `accept`


@dataclass(frozen=True)
class Checked:
    upload: UploadedFile
    name: str
    size: int
    content_type: str


def check_upload(upload: UploadedFile) -> Checked:
    """The upload with its name, size and content type, or a ValidationError on `attachments`."""
    name = os.path.basename(upload.name or "").strip()[:200] or "file"
    size = upload.size or 0
    if size > MAX_BYTES:
        raise ValidationError(
            {"attachments": _("%(name)s is larger than 10 MB; each attachment may be at most 10 MB.") % {"name": name}}
        )
    allowed = ALLOWED.get(os.path.splitext(name)[1].lower())
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if allowed is None or not head.startswith(allowed[1]):
        raise ValidationError(
            {
                "attachments": _(
                    "%(name)s cannot be attached here: attach PDF, JPEG, PNG or office documents "
                    "(Word, Excel, PowerPoint, OpenDocument)."
                )
                % {"name": name}
            }
        )
    if size == 0:
        raise ValidationError({"attachments": _("%(name)s is empty.") % {"name": name}})
    return Checked(upload, name, size, allowed[0])


def check_uploads(uploads) -> list[Checked]:
    uploads = list(uploads)
    if len(uploads) > MAX_FILES:
        raise ValidationError({"attachments": _("At most 10 files can be attached.")})
    return [check_upload(upload) for upload in uploads]
