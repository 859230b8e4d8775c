"""The handbook API for the document library and draft resolutions, scoped as the pages are."""

from django.http import FileResponse, HttpRequest
from django.urls import reverse
from ninja import Query, Router, Status

from sotay.core.api_responses import READ_ERRORS, WRITE_ERRORS, responses
from sotay.core.permissions import HANDBOOK_PUBLISH, can
from sotay.core.schemas import Id
from sotay.handbook import selectors_library as library
from sotay.handbook import services_documents, services_drafts
from sotay.handbook.access import access_publish_unit
from sotay.handbook.access_library import access_comment, access_document, access_document_file, access_draft
from sotay.handbook.api import FILE_RESPONSE, _aware, _files
from sotay.handbook.models import Comment, Document, Draft, reader
from sotay.handbook.schemas_library import (
    CommentIn,
    CommentOut,
    CommentPatchIn,
    DocumentIn,
    DocumentOut,
    DraftIn,
    DraftOut,
    DraftPageOut,
    FinalTextIn,
    LibraryOut,
    LibraryQuery,
    OutcomeIn,
)
from sotay.handbook.views_library import _filter_unit

router = Router(tags=["handbook"])


def _document(document: Document) -> dict:
    return {
        "id": document.pk,
        "unit_id": document.unit_id,
        "unit_name": document.unit.name,
        "kind": document.kind,
        "number": document.number,
        "title": document.title,
        "issued_on": document.issued_on,
        "year": document.year,
        "summary": document.summary,
        "files": [
            {
                "id": f.pk,
                "name": f.name,
                "size": f.size,
                "content_type": f.content_type,
                "url": reverse("api:get_document_file", kwargs={"document_id": document.pk, "file_id": f.pk}),
            }
            for f in document.files.all()
        ],
    }


@router.get("/documents", response=responses({200: LibraryOut}, READ_ERRORS))
def list_documents(request: HttpRequest, query: Query[LibraryQuery]):
    """The library: documents of your cell and the units above it, and of the units where you
    publish, newest issued first; by unit, type, year and words of the number or title."""
    page = library.library_page(
        request.user,
        unit=_filter_unit(request.user, query.unit),
        kind=query.kind or "",
        year=query.year,
        query=query.q,
        page=query.page,
        size=query.limit,
    )
    return {
        "items": [_document(d) for d in page.documents],
        "page": page.page,
        "has_next": page.has_next,
        "count": page.count,
    }


@router.get("/documents/{document_id}", response=responses({200: DocumentOut}, READ_ERRORS))
def get_document(request: HttpRequest, document_id: Id):
    return _document(access_document(request.user, document_id))


@router.get(
    "/documents/{document_id}/files/{file_id}", response=responses({}, READ_ERRORS), openapi_extra=FILE_RESPONSE
)
def get_document_file(request: HttpRequest, document_id: Id, file_id: Id):
    found = access_document_file(request.user, document_id, file_id)
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name, content_type=found.content_type)


@router.post("/documents", response=responses({201: DocumentOut}, WRITE_ERRORS))
def publish_document(request: HttpRequest, payload: DocumentIn):
    """Put a document in a unit's library; files as base64 (PDF, JPEG, PNG, office documents; 10 MB each)."""
    unit = access_publish_unit(request.user, payload.unit_id)
    document = services_documents.document_publish(
        actor=request.user,
        unit=unit,
        kind=payload.kind,
        number=payload.number,
        title=payload.title,
        issued_on=payload.issued_on,
        summary=payload.summary,
        attachments=_files(payload.attachments),
    )
    return Status(201, _document(document))


# Drafts ---------------------------------------------------------------------------------------


def _comment(comment: Comment) -> dict:
    return {
        "id": comment.pk,
        "parent_id": comment.parent_id,
        "member_id": comment.member_id,
        "member_name": comment.member.full_name,
        "text": comment.text,
        "created_at": comment.created_at,
        "updated_at": comment.updated_at,
        "versions": [v.text for v in comment.versions.all()],
        "outcome": comment.outcome,
        "reply": comment.reply,
    }


def _draft(actor, draft: Draft) -> dict:
    who = reader(actor)
    return {
        "id": draft.pk,
        "unit_id": draft.unit_id,
        "unit_name": draft.unit.name,
        "title": draft.title,
        "text": draft.text,
        "comment_deadline": draft.comment_deadline,
        "status": draft.state(),
        "final_text": draft.final_text,
        "published_at": draft.published_at,
        "may_comment": who is not None and draft.unit_id in who.unit_ids and draft.takes_comments(),
        "manages": can(actor, HANDBOOK_PUBLISH, draft.unit),
        "comments": [_comment(c) for c in library.draft_comments(actor, draft)],
    }


@router.get("/drafts", response=responses({200: DraftPageOut}, READ_ERRORS))
def list_drafts(request: HttpRequest):
    """Draft resolutions of your cell and the units above it, and of the units where you publish, newest first."""
    drafts = library.drafts_for(request.user)[:100]
    return {
        "items": [
            {
                "id": d.pk,
                "unit_id": d.unit_id,
                "unit_name": d.unit.name,
                "title": d.title,
                "comment_deadline": d.comment_deadline,
                "status": d.state(),
            }
            for d in drafts
        ]
    }


@router.get("/drafts/{draft_id}", response=responses({200: DraftOut}, READ_ERRORS))
def get_draft(request: HttpRequest, draft_id: Id):
    """A draft with your comments (their versions, outcome and reply); every comment if you manage it."""
    return _draft(request.user, access_draft(request.user, draft_id))


@router.post("/drafts", response=responses({201: DraftOut}, WRITE_ERRORS))
def publish_draft(request: HttpRequest, payload: DraftIn):
    """Publish a draft resolution for comments until `comment_deadline`."""
    unit = access_publish_unit(request.user, payload.unit_id)
    draft = services_drafts.draft_publish(
        actor=request.user,
        unit=unit,
        title=payload.title,
        text=payload.text,
        comment_deadline=_aware(payload.comment_deadline) or payload.comment_deadline,
    )
    draft.unit = unit
    return Status(201, _draft(request.user, draft))


@router.post("/drafts/{draft_id}/comments", response=responses({201: CommentOut}, WRITE_ERRORS))
def add_comment(request: HttpRequest, draft_id: Id, payload: CommentIn):
    """Comment on a draft of your cell or above before its deadline (a follow-up with `parent_id`)."""
    draft = access_draft(request.user, draft_id)
    parent = access_comment(request.user, draft, payload.parent_id) if payload.parent_id else None
    comment = services_drafts.comment_add(actor=request.user, draft=draft, text=payload.text, parent=parent)
    return Status(201, _comment(access_comment(request.user, draft, comment.pk)))


@router.patch("/drafts/{draft_id}/comments/{comment_id}", response=responses({200: CommentOut}, WRITE_ERRORS))
def edit_comment(request: HttpRequest, draft_id: Id, comment_id: Id, payload: CommentPatchIn):
    """Change your comment before the deadline; the earlier text is kept in `versions`."""
    draft = access_draft(request.user, draft_id)
    comment = access_comment(request.user, draft, comment_id)
    services_drafts.comment_edit(actor=request.user, comment=comment, text=payload.text)
    return _comment(access_comment(request.user, draft, comment.pk))


@router.post("/drafts/{draft_id}/comments/{comment_id}/outcome", response=responses({200: CommentOut}, WRITE_ERRORS))
def decide_comment(request: HttpRequest, draft_id: Id, comment_id: Id, payload: OutcomeIn):
    """Mark a comment adopted or not, with a reply the member reads."""
    draft = access_draft(request.user, draft_id, for_write=True)
    comment = access_comment(request.user, draft, comment_id)
    services_drafts.comment_decide(actor=request.user, comment=comment, outcome=payload.outcome, reply=payload.reply)
    return _comment(access_comment(request.user, draft, comment.pk))


@router.post("/drafts/{draft_id}/final", response=responses({200: DraftOut}, WRITE_ERRORS))
def finalize_draft(request: HttpRequest, draft_id: Id, payload: FinalTextIn):
    """Publish the final text; comments close."""
    draft = access_draft(request.user, draft_id, for_write=True)
    services_drafts.draft_finalize(actor=request.user, draft=draft, final_text=payload.final_text)
    return _draft(request.user, access_draft(request.user, draft_id))
