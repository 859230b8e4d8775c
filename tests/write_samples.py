"""A valid body for every write, page or API, with the object of the other subtree to aim it at.

The district-A officer sends each body twice: aimed at district B it must answer 404 and write
nothing; aimed at district A it must succeed, which proves the body is valid, so the first answer
came from the scope check and not from a form or schema error. A write without a sample here fails
tests/test_scoping_routes.py.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from sotay.accounts.services import token_issue
from sotay.members.services import UPDATABLE_FIELDS
from sotay.organizations.models import UnitKind
from tests.factories import make_candidate, make_unit


@dataclass
class Aim:
    """Where a request goes: the URL's path values and the body."""

    url: dict[str, int]
    data: dict


@dataclass
class Write:
    ours: Aim  # succeeds: the body is valid
    theirs: Aim  # the same request aimed at district B: 404, nothing written
    # The same request naming a district-B unit by code in its body: answered exactly as an unknown code.
    their_code: str | None = None
    code_field: str = field(default="target_code")


def today() -> str:
    return timezone.localdate().isoformat()


NEW_MEMBER = {
    "full_name": "Hoàng Thị Yến",
    "gender": "female",
    "birth_date": "1990-02-14",
    "religion": "none",
    "general_education": "12/12",
    "professional_level": "none",
    "political_theory": "none",
    "category": "worker",
    "admitted_on": "2025-06-01",
    "status": "probationary",
}


def profile_form(member) -> dict:
    values = {name: getattr(member, name) for name in UPDATABLE_FIELDS}
    return {
        name: value.isoformat() if isinstance(value, datetime.date) else ("" if value is None else value)
        for name, value in values.items()
    } | {"phone": "0912345678"}


def _unit_create(tree):
    data = {"code": "CNEW", "name": "Chi bộ Mới", "kind": "cell", "sector": "commune", "founded_on": "2020-01-01"}
    return Write(Aim({"unit_id": tree.commune_a.pk}, data), Aim({"unit_id": tree.commune_b.pk}, data))


def _unit_rename(tree):
    data = {"name": "Chi bộ Tên Mới", "occurred_on": today()}
    return Write(Aim({"unit_id": tree.cell_a1.pk}, data), Aim({"unit_id": tree.cell_b1.pk}, data))


def _unit_move(tree):
    make_unit(tree.district_a, "Xã Kim Tây", UnitKind.GRASSROOTS, code="GA2")
    data = {"target_code": "GA2", "occurred_on": today(), "confirm": "on"}
    return Write(Aim({"unit_id": tree.cell_a2.pk}, data), Aim({"unit_id": tree.cell_b1.pk}, data), their_code="GB")


def _unit_merge(tree):
    data = {"target_code": "CA1", "occurred_on": today(), "confirm": "on"}
    return Write(Aim({"unit_id": tree.cell_a2.pk}, data), Aim({"unit_id": tree.cell_b1.pk}, data), their_code="CB1")


def _unit_dissolve(tree):
    empty = make_unit(tree.commune_a, "Chi bộ thôn Bốn", code="CA4")
    data = {"occurred_on": today(), "confirm": "on"}
    return Write(Aim({"unit_id": empty.pk}, data), Aim({"unit_id": tree.cell_b1.pk}, data))


def _member_create(tree):
    return Write(Aim({"unit_id": tree.cell_a2.pk}, NEW_MEMBER), Aim({"unit_id": tree.cell_b1.pk}, NEW_MEMBER))


def _member_edit(tree):
    data = profile_form(tree.an)
    return Write(Aim({"member_id": tree.an.pk}, data), Aim({"member_id": tree.dung.pk}, data))


def _member_status(tree):
    data = {"status": "exempt", "valid_from": today(), "reason": "Sức khỏe"}
    return Write(Aim({"member_id": tree.an.pk}, data), Aim({"member_id": tree.dung.pk}, data))


def _member_transfer(tree):
    data = {"unit_code": "CA2", "valid_from": today(), "reason": "Chuyển sinh hoạt"}
    return Write(
        Aim({"member_id": tree.an.pk}, data),
        Aim({"member_id": tree.dung.pk}, data),
        their_code="CB1",
        code_field="unit_code",
    )


def _token_revoke(tree):
    own, _raw = token_issue(actor=tree.district_officer, name="mine")
    other, _raw = token_issue(actor=tree.outsider, name="someone else's")
    return Write(Aim({"token_id": own.pk}, {}), Aim({"token_id": other.pk}, {}))


NEW_SOURCE = {
    "full_name": "Đỗ Thị Hương",
    "gender": "female",
    "birth_date": "1999-03-08",
    "vietnamese_citizen": "on",
    "religion": "none",
    "general_education": "12/12",
    "category": "worker",
    "mass_organization": "youth_union",
    "identified_on": "2026-02-01",
}


def _source_create(tree):
    return Write(Aim({"unit_id": tree.cell_a2.pk}, NEW_SOURCE), Aim({"unit_id": tree.cell_b1.pk}, NEW_SOURCE))


def _source_pair(tree):
    return make_candidate(tree.cell_a1, "Ngô Văn Tâm"), make_candidate(tree.cell_b1, "Vũ Thị Hạnh")


def _source_edit(tree):
    ours, theirs = _source_pair(tree)
    data = {**NEW_SOURCE, "full_name": "Ngô Văn Tâm", "phone": "0912345678"}
    return Write(Aim({"source_id": ours.pk}, data), Aim({"source_id": theirs.pk}, data))


def _source_drop(tree):
    ours, theirs = _source_pair(tree)
    data = {"on": today(), "reason": "Chuyển đi nơi khác"}
    return Write(Aim({"source_id": ours.pk}, data), Aim({"source_id": theirs.pk}, data))


def _unit_special_area(tree):
    data = {"special_area": "highland"}
    return Write(Aim({"unit_id": tree.cell_a1.pk}, data), Aim({"unit_id": tree.cell_b1.pk}, data))


PAGE_WRITES = {
    "unit-create": _unit_create,
    "unit-rename": _unit_rename,
    "unit-move": _unit_move,
    "unit-merge": _unit_merge,
    "unit-dissolve": _unit_dissolve,
    "member-create": _member_create,
    "member-edit": _member_edit,
    "member-status": _member_status,
    "member-transfer": _member_transfer,
    "token-revoke": _token_revoke,
    "unit-special-area": _unit_special_area,
    "recruitment:source-create": _source_create,
    "recruitment:source-edit": _source_edit,
    "recruitment:source-drop": _source_drop,
}
# Pages a POST does not change, and pages that act only on the caller's own account.
READ_ONLY_PAGES = {
    "home",
    "my-record",
    "unit-tree",
    "unit-detail",
    "unit-children",
    "member-list",
    "member-detail",
    "recruitment:source-list",
    "recruitment:source-detail",
}
OWN_ACCOUNT_PAGES = {"login", "logout", "tokens", "password-change"}


def _api_unit_create(tree):
    body = {"code": "CNEW", "name": "Chi bộ Mới", "kind": "cell", "sector": "commune"}
    return Write(Aim({}, {**body, "parent_id": tree.commune_a.pk}), Aim({}, {**body, "parent_id": tree.commune_b.pk}))


def _api_unit_rename(tree):
    body = {"name": "Chi bộ Tên Mới", "occurred_on": today()}
    return Write(Aim({"unit_id": tree.cell_a1.pk}, body), Aim({"unit_id": tree.cell_b1.pk}, body))


def _api_member_create(tree):
    body = {key: value for key, value in NEW_MEMBER.items()}
    return Write(Aim({}, {**body, "unit_id": tree.cell_a2.pk}), Aim({}, {**body, "unit_id": tree.cell_b1.pk}))


def _api_member_patch(tree):
    body = {"phone": "0912345678", "gender": "male"}
    return Write(Aim({"member_id": tree.an.pk}, body), Aim({"member_id": tree.dung.pk}, body))


def _api_source_create(tree):
    body = {key: value for key, value in NEW_SOURCE.items() if key != "vietnamese_citizen"}
    return Write(Aim({}, {**body, "unit_id": tree.cell_a2.pk}), Aim({}, {**body, "unit_id": tree.cell_b1.pk}))


def _api_source_patch(tree):
    ours, theirs = _source_pair(tree)
    body = {"phone": "0912345678", "category": "student"}
    return Write(Aim({"source_id": ours.pk}, body), Aim({"source_id": theirs.pk}, body))


def _api_source_drop(tree):
    ours, theirs = _source_pair(tree)
    body = {"on": today(), "reason": "Chuyển đi nơi khác"}
    return Write(Aim({"source_id": ours.pk}, body), Aim({"source_id": theirs.pk}, body))


def _api_unit_special_area(tree):
    body = {"special_area": "border"}
    return Write(Aim({"unit_id": tree.cell_a1.pk}, body), Aim({"unit_id": tree.cell_b1.pk}, body))


API_WRITES = {
    "POST /api/units": _api_unit_create,
    "PATCH /api/units/{unit_id}": _api_unit_rename,
    "POST /api/members": _api_member_create,
    "PATCH /api/members/{member_id}": _api_member_patch,
    "PUT /api/units/{unit_id}/special-area": _api_unit_special_area,
    "POST /api/recruitment/sources": _api_source_create,
    "PATCH /api/recruitment/sources/{source_id}": _api_source_patch,
    "POST /api/recruitment/sources/{source_id}/drop": _api_source_drop,
}
