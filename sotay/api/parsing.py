"""Request bodies: JSON objects only, refused before anything reads the body."""

import json
from functools import wraps

from django.utils.translation import gettext as _
from ninja.parser import Parser

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
JSON = "application/json"


class JsonObjectParser(Parser):
    """A body of `null`, a list or a bare string is no set of fields: 400, not an empty change."""

    def parse_body(self, request):
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise ValueError("the body must be a JSON object")
        return data


def json_bodies_only(api):
    """A view decorator: a write whose body is not JSON answers 415.

    It runs before authentication, because the session's CSRF check reads `request.POST`, which
    consumes a multipart body that the JSON parser would then fail to read (a 500).
    """

    def decorator(run):
        @wraps(run)
        def checked(request, *args, **kwargs):
            if request.method in BODY_METHODS and request.content_type.lower() != JSON:
                detail = _("Send the body as JSON, with the header Content-Type: application/json.")
                return api.create_response(request, {"detail": detail}, status=415)
            return run(request, *args, **kwargs)

        return checked

    return decorator
