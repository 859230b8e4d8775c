"""The headers every answer carries: a strict Content-Security-Policy, no caching of anything
but static files, HSTS and secure cookies in production, and `check --deploy` clean."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.static_files import production_static_files

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [ROOT / "sotay" / "templates", *ROOT.glob("sotay/*/templates")]


def assert_private_page_headers(response) -> None:
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "no-store" in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_page_for_a_signed_in_user(tree, client_for):
    response = client_for(tree.district_officer).get(reverse("member-detail", args=[tree.an.pk]))
    assert response.status_code == 200
    assert_private_page_headers(response)


def test_the_sign_in_page(db, client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert_private_page_headers(response)


def test_an_api_answer(tree, client_for):
    response = client_for(tree.district_officer).get("/api/members")
    assert response.status_code == 200
    assert_private_page_headers(response)


def test_the_page_that_shows_a_new_api_token(tree, client_for):
    """Shown once and never again: the middleware's no-store keeps it out of the browser's cache."""
    response = client_for(tree.district_officer).post(reverse("tokens"), {"name": "script"}, follow=True)
    assert response.context["raw"]
    assert_private_page_headers(response)


def test_an_error_page(tree, client_for):
    response = client_for(tree.district_officer).get(reverse("member-detail", args=[tree.dung.pk]))
    assert response.status_code == 404
    assert "no-store" in response.headers["Cache-Control"]


PAGES_DO_NOT_LOAD = ("admin", "ninja", "django_htmx", "treebeard", "chart*")  # slow to compress


@pytest.fixture(scope="module")
def static_client(tmp_path_factory, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        production_static_files(tmp_path_factory.mktemp("static"), ignore=PAGES_DO_NOT_LOAD),
    ):
        yield Client()


def test_a_static_file_is_hashed_compressed_and_cached_for_good(static_client):
    from django.templatetags.static import static

    url = static("vendor/pico.min.css")
    assert re.fullmatch(r"/static/vendor/pico\.min\.[0-9a-f]{12}\.css", url)
    response = static_client.get(url, headers={"accept-encoding": "gzip, deflate, br"})
    response.close()
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    assert response.headers["Cache-Control"] == "max-age=315360000, public, immutable"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert int(response.headers["Content-Length"]) < 15_000  # 83 KB as sent before
    gzipped = static_client.get(url, headers={"accept-encoding": "gzip"})
    gzipped.close()
    assert gzipped.headers["Content-Encoding"] == "gzip"


def test_the_pages_link_the_hashed_files(static_client):
    body = static_client.get(reverse("login")).content.decode()
    assert re.search(r"/static/sotay/site\.[0-9a-f]{12}\.css", body)
    assert re.search(r"/static/sotay/site\.[0-9a-f]{12}\.js", body)


INLINE = {
    "an inline script": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
    "a style element": re.compile(r"<style\b", re.I),
    "a style attribute": re.compile(r"\sstyle=", re.I),
    "an event handler attribute": re.compile(r"\son[a-z]+=", re.I),
    "an htmx inline handler": re.compile(r"\shx-on", re.I),
    "a javascript: URL": re.compile(r"javascript:", re.I),
}


@pytest.mark.parametrize("template", sorted(p for d in TEMPLATE_DIRS for p in d.rglob("*.html")), ids=str)
def test_no_template_needs_inline_script_or_style(template: Path):
    """The policy refuses them: the browser would silently drop them."""
    text = template.read_text()
    found = [what for what, pattern in INLINE.items() if pattern.search(text)]
    assert found == [], f"{template.relative_to(ROOT)} has {', '.join(found)}"


def production_settings(**env: str) -> dict:
    """Settings as a production process sees them, from a fresh interpreter."""
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "sotay.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "sotay.example.org",
        "DATABASE_URL": "sqlite:///:memory:",
        **env,
    }
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; print(json.dumps({k: getattr(s, k)"
        " for k in ('DEBUG', 'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE',"
        " 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS')}))"
    )
    command = [sys.executable, "-c", script]  # our own script, nothing from outside
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=True)  # noqa: S603
    return json.loads(done.stdout)


def test_production_is_https_only():
    assert production_settings() == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    }


def test_the_demo_over_plain_http_keeps_its_cookies():
    """`make demo` serves http://127.0.0.1:8000: a secure cookie or a redirect to HTTPS breaks it."""
    demo = production_settings(HTTPS="0")
    assert not demo["SECURE_SSL_REDIRECT"] and not demo["SESSION_COOKIE_SECURE"] and not demo["CSRF_COOKIE_SECURE"]
    assert demo["SECURE_HSTS_SECONDS"] == 0


def test_the_old_secure_cookies_setting_stops_the_start():
    """Renamed to HTTPS: an operator who still sets SECURE_COOKIES=0 must not get HTTPS silently."""
    with pytest.raises(subprocess.CalledProcessError) as refused:
        production_settings(SECURE_COOKIES="0")
    assert "use HTTPS" in refused.value.stderr


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "sotay.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "sotay.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr + done.stdout
    assert "no issues" in done.stdout
    # HSTS preload, the only security check silenced, and SQLite building covering indexes without
    # their INCLUDE columns: see settings.
    assert settings.SILENCED_SYSTEM_CHECKS == ["security.W021", "models.W040"]
