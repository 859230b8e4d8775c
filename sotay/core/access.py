"""Every page declares what it needs; a test fails on any URL whose view does not."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from sotay.core.scoping import scope_paths

SIGNED_IN = "signed-in"
PUBLIC = "public"


def requires(need: str) -> Callable:
    """`need` is a permission (the user must hold it somewhere), SIGNED_IN or PUBLIC.

    Staff pages answer 404 to a signed-in user with no such role anywhere, as for an object
    outside their scope.
    """

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if need != PUBLIC and not request.user.is_authenticated:
                to_login = redirect_to_login(request.get_full_path())
                if getattr(request, "htmx", False):  # a partial must not swap the login page in
                    return HttpResponseClientRedirect(to_login.url)
                return to_login
            if need not in (PUBLIC, SIGNED_IN) and not scope_paths(request.user, need):
                raise Http404(_("Page not found."))
            return view(request, *args, **kwargs)

        wrapped.sotay_access = need  # type: ignore[attr-defined]
        return wrapped

    return decorate
