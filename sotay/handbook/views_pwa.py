"""The handbook as an installable app: its web manifest, its service worker and the page the
worker shows offline for a page it never saved (docs/decisions/0012-offline-handbook.md).

The manifest and the worker are served by views, not as static files: the manifest's names are
translated and its icons named by their hashed URLs, and the worker's address must stay the same
across releases while the files it keeps change with them.
"""

import hashlib
import json

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sotay.core.access import PUBLIC, requires

THEME_COLOUR = "#c52f21"  # Pico red's --pico-primary-background (sotay/handbook/icons.py draws in it)
# What the worker keeps from its install on: the styles and scripts of the handbook's pages, htmx
# for those that update in place, the small icon, and the offline page.
SHELL_FILES = (
    "vendor/pico.min.css",
    "sotay/site.css",
    "sotay/site.js",
    "vendor/htmx.min.js",
    "handbook/handbook.css",
    "handbook/handbook.js",
    "handbook/icons/icon-192.png",
)


def _icons() -> list[dict[str, str]]:
    return [
        *(
            {"src": static(f"handbook/icons/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
            for size in (192, 512)
        ),
        *(
            {
                "src": static(f"handbook/icons/maskable-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": "maskable",
            }
            for size in (192, 512)
        ),
    ]


@requires(PUBLIC)  # browsers fetch a manifest without the session (the page asks for the cookies)
def manifest(request):
    home = reverse("handbook:home")
    body = {
        "id": home,
        "name": _("Sổ tay: the member's handbook"),
        "short_name": _("Sổ tay"),
        "description": _("Notices and meetings of your cell, readable offline."),
        "lang": get_language(),
        "start_url": home,
        "scope": home,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": _icons(),
    }
    return JsonResponse(body, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})


@requires(PUBLIC)  # it holds no data; a signed-out browser must be able to fetch its update
def service_worker(request):
    """The worker's settings, then its code (a hashed static file, so a release changes this
    answer's bytes and browsers install the new worker)."""
    settings = {
        "shell": [static(name) for name in SHELL_FILES],
        "offline": reverse("handbook:offline"),
        "start": reverse("handbook:home"),
        "scope": reverse("handbook:home"),
        "signIn": reverse("login"),
        # Pages never kept: the officers' forms and lists, and attachments (files, not pages).
        "skip": [reverse("handbook:manage"), "/files/"],
    }
    settings["version"] = hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:12]
    code = f"self.SOTAY = {json.dumps(settings)};\nimportScripts({json.dumps(static('handbook/sw.js'))});\n"
    return HttpResponse(code, content_type="text/javascript; charset=utf-8")


@requires(PUBLIC)
def offline(request):
    """What the worker shows for a handbook page it has no copy of, when the line is down."""
    return render(request, "handbook/offline.html")
