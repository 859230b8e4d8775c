"""The handbook as an installable app: the manifest, the icons, the service worker's script, the
offline page, and signing out forgetting what the browser kept (decision 0012)."""

import json
import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from PIL import Image

from sotay.handbook import views_pwa
from sotay.handbook.icons import FOLDER

PICO = Path(settings.BASE_DIR) / "sotay" / "static" / "vendor" / "pico.min.css"


def test_the_manifest_is_translated_and_names_the_icons(db, client):
    response = client.get("/handbook/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    body = json.loads(response.content)
    assert body["name"] == "Sổ tay: the member's handbook" and body["lang"] == "en"
    assert body["start_url"] == body["scope"] == body["id"] == "/handbook/"
    assert body["display"] == "standalone"
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in body["icons"]}
    assert sizes == {("192x192", "any"), ("512x512", "any"), ("192x192", "maskable"), ("512x512", "maskable")}
    for icon in body["icons"]:
        assert finders.find(icon["src"].removeprefix(settings.STATIC_URL)), icon["src"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    assert json.loads(client.get("/handbook/manifest.webmanifest").content)["lang"] == "vi"


def test_the_theme_colour_is_the_css_primary_colour():
    if not PICO.exists():  # built by `make static` (npm)
        return
    assert f"--pico-primary-background:{views_pwa.THEME_COLOUR}" in PICO.read_text()


def test_the_icons_have_their_sizes_and_the_maskable_ones_fill_the_square():
    for size in (192, 512):
        with Image.open(FOLDER / f"icon-{size}.png") as icon:
            assert icon.size == (size, size)
            assert icon.getpixel((0, 0))[3] == 0  # rounded corners
        with Image.open(FOLDER / f"maskable-{size}.png") as icon:
            assert icon.size == (size, size) and icon.mode == "RGB"
            assert icon.getpixel((0, 0)) == (0xC5, 0x2F, 0x21)


def test_the_service_worker_script_names_the_shell_and_is_never_cached(db, client):
    response = client.get("/handbook/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    code = response.content.decode()
    found = re.fullmatch(r"self\.SOTAY = (\{.*\});\nimportScripts\((\".*\")\);\n", code)
    assert found, code
    config = json.loads(found.group(1))
    assert json.loads(found.group(2)) == "/static/handbook/sw.js"
    assert config["offline"] == "/handbook/offline/" and config["scope"] == config["start"] == "/handbook/"
    assert config["skip"] == ["/handbook/manage/", "/files/"]
    for url in config["shell"]:
        assert finders.find(url.removeprefix(settings.STATIC_URL)), url
    assert re.fullmatch(r"[0-9a-f]{12}", config["version"])
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_the_offline_page_is_open_to_anyone(db, client):
    response = client.get("/handbook/offline/")
    assert response.status_code == 200
    assert "You are offline" in response.content.decode()


def test_the_handbook_pages_link_the_manifest_and_carry_the_offline_banner(tree, client_for):
    body = client_for(tree.member_user).get("/handbook/").content.decode()
    assert '<link rel="manifest" href="/handbook/manifest.webmanifest" crossorigin="use-credentials">' in body
    assert 'src="/static/handbook/handbook.js"' in body
    template = re.search(r'<template id="handbook-offline"([^>]*)>(.*?)</template>', body, re.S)
    assert template, body
    assert 'data-worker="/handbook/sw.js"' in template.group(1) and 'data-sign-out="/logout/"' in template.group(1)
    assert "You are offline — showing what was saved at <time></time>." in template.group(2)


def test_signing_out_clears_what_the_site_kept_in_the_browser(tree, client_for):
    client = client_for(tree.member_user)
    response = client.post("/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"storage"'
    assert client.get("/handbook/").status_code == 302
