from typing import cast

from django.db.models import Field
from django.http import HttpRequest
from ninja import Query, Router, Status

from sotay.core.api_responses import READ_ERRORS, WRITE_ERRORS, links_to_created, responses
from sotay.core.schemas import Id
from sotay.members import selectors, services
from sotay.members.access import access_member, may_see_sensitive
from sotay.members.choices import SENSITIVE_FIELDS
from sotay.members.models import Member
from sotay.members.schemas import MemberCreateIn, MemberListQuery, MemberOut, MemberPageOut, MemberPatchIn
from sotay.organizations.access import access_unit

router = Router(tags=["members"])


def _summary(member: Member) -> dict:
    return {
        "id": member.pk,
        "full_name": member.full_name,
        "gender": member.gender,
        "birth_date": member.birth_date,
        "status": member.status,
        "category": member.category,
        "unit_id": member.unit_id,
        "unit_name": member.unit.name,
    }


def _detail(actor, member: Member) -> dict:
    history = selectors.member_history(member)
    out = {**_summary(member), **{field: getattr(member, field) for field in services.PROFILE_FIELDS}}
    if not may_see_sensitive(actor, member):
        out.update(dict.fromkeys(SENSITIVE_FIELDS))
    out["status_history"] = [
        {"valid_from": e.valid_from, "value": e.status, "reason": e.reason, "document_ref": e.document_ref}
        for e in history["statuses"]
    ]
    out["unit_history"] = [
        {"valid_from": e.valid_from, "value": e.unit.name, "reason": e.reason, "document_ref": e.document_ref}
        for e in history["units"]
    ]
    return out


@router.get("", response=responses({200: MemberPageOut}, READ_ERRORS))
def list_members(request: HttpRequest, filters: Query[MemberListQuery]):
    """Members in your scope in Vietnamese alphabetical order; `q` is the start of any words of the name ("van an")."""
    unit = access_unit(request.user, filters.unit) if filters.unit else None
    criteria = selectors.MemberFilters(
        unit=unit,
        q=filters.q,
        **{key: getattr(filters, key) or "" for key in ("status", "category", "religion", "age_band", "education")},
    )
    page = selectors.member_page(request.user, criteria, after=filters.after, limit=filters.limit)
    return {
        "items": [_summary(m) for m in page.members],
        "next": page.next_cursor,
        "total": page.total,
        "more_than": page.more_than,
    }


@router.get("/{member_id}", response=responses({200: MemberOut}, READ_ERRORS))
def get_member(request: HttpRequest, member_id: Id):
    member = access_member(request.user, member_id)
    return _detail(request.user, member)


@router.post(
    "",
    response=responses({201: MemberOut}, WRITE_ERRORS),
    openapi_extra=links_to_created(
        "member_id", read="sotay_members_api_get_member", change="sotay_members_api_update_member"
    ),
)
def create_member(request: HttpRequest, payload: MemberCreateIn):
    unit = access_unit(request.user, payload.unit_id)
    profile = payload.dict(exclude_unset=True, exclude={"unit_id", "status"})
    member = services.member_create(actor=request.user, unit=unit, profile=profile, status=payload.status)
    return Status(201, _detail(request.user, member))


@router.patch("/{member_id}", response=responses({200: MemberOut}, WRITE_ERRORS))
def update_member(request: HttpRequest, member_id: Id, payload: MemberPatchIn):
    member = access_member(request.user, member_id, for_write=True)
    profile = payload.dict(exclude_unset=True)
    # The schema lets null through only where the record may be empty: the empty string where the
    # column holds no null.
    for field, value in profile.items():
        if value is None and not cast(Field, Member._meta.get_field(field)).null:
            profile[field] = ""
    services.member_update(actor=request.user, member=member, profile=profile)
    return _detail(request.user, member)
