"""The one NinjaAPI object; each app contributes a router from `<app>/api.py`."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI

from sotay.accounts.api import router as auth_router
from sotay.api.auth import BearerToken, SignedInSession
from sotay.api.parsing import JsonObjectParser, json_bodies_only
from sotay.handbook.api import router as handbook_router
from sotay.handbook.api_library import router as handbook_library_router
from sotay.handbook.api_meetings import router as meetings_router
from sotay.members.api import router as members_router
from sotay.organizations.api import router as units_router
from sotay.recruitment.api import router as recruitment_router

DESCRIPTION = """
Units and members of the organization, as the signed-in user may see them: a role on a unit covers
its whole subtree, and anything outside it answers 404.

**Signing in**: a browser session (send the CSRF token on writes), or `Authorization: Bearer <token>`
with a token created at `/account/tokens/` (staff) or answered by `POST /api/auth/token` (members
signing in with phone or card number; the only operations open without credentials are that one
and `POST /api/auth/activate`).

**Lists** are ordered and paged by cursor: pass the `next` value of a page as `after` to get the
following one. `q` finds the names that have, for each word of `q`, a word starting with it, in
any order and ignoring case and diacritics: "an", "van an" and "an nguyen" all find Nguyễn Văn An.
Members are listed in Vietnamese alphabetical order (D before Đ, a before ă and â).

**Bodies** are JSON objects sent with `Content-Type: application/json`; any other type answers 415,
and a body that is not a JSON object answers 400.

**Bad input** answers 422 with one entry per field in `detail`. An entry of type `rule` comes from a
rule the schema cannot state (a date against today or against the unit's history, a code already
taken, which kind of unit may sit where); every other entry means the request broke the schema.
"""

api = NinjaAPI(
    title="Sổ tay API",
    version="1",
    description=DESCRIPTION,
    auth=[BearerToken(), SignedInSession()],
    parser=JsonObjectParser(),
    urls_namespace="api",
)
api.add_decorator(json_bodies_only(api), mode="view")
api.add_router("/auth", auth_router)
api.add_router("/units", units_router)
api.add_router("/members", members_router)
api.add_router("/recruitment", recruitment_router)
api.add_router("/handbook", handbook_router)
api.add_router("/handbook", handbook_library_router)
api.add_router("/handbook/meetings", meetings_router)


def field_errors(error: ValidationError) -> list[dict]:
    if hasattr(error, "error_dict"):
        return [
            {"loc": ["body", field], "msg": " ".join(str(m) for m in messages.messages), "type": "rule"}
            for field, messages in ((f, ValidationError(e)) for f, e in error.error_dict.items())
        ]
    return [{"loc": ["body"], "msg": " ".join(error.messages), "type": "rule"}]


@api.exception_handler(ValidationError)
def on_validation_error(request, error: ValidationError):
    return api.create_response(request, {"detail": field_errors(error)}, status=422)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, error: PermissionDenied):
    return api.create_response(request, {"detail": str(error) or "Forbidden"}, status=403)


@api.exception_handler(Http404)
def on_not_found(request, error: Http404):
    return api.create_response(request, {"detail": str(error) or "Not found"}, status=404)
