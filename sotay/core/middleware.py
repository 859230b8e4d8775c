from django.conf import settings
from django.utils.cache import add_never_cache_headers


class VietnameseByDefaultMiddleware:
    """Ignore the browser's Accept-Language so Vietnamese is the default for everyone.

    Members share phones and office PCs set up in English; the language they choose with the
    switcher (a cookie) still wins, through LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class PrivateResponseMiddleware:
    """Keep every page and API answer out of caches, and deny the browser features no page uses.

    It sits after whitenoise, so static files (hashed, cached for good) never reach it; every
    other answer may name a member, and office PCs and phones are shared: `no-store` keeps it
    out of the browser's cache, so "back" after signing out shows nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
