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
