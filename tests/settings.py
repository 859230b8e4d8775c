"""Test settings: the app's settings with a fast hasher, immediate tasks and the database from
TEST_DATABASE_URL (SQLite in memory unless set; `.ci/run` points it at PostgreSQL)."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("HTTPS", "0")  # the test client and the live server speak plain HTTP
os.environ["DATABASE_URL"] = os.environ.get("TEST_DATABASE_URL", "sqlite://:memory:")

from sotay.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
LANGUAGE_CODE = "en"
# Static files come from the finders in tests (whitenoise wants a collected STATIC_ROOT).
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
# Uploads from the tests go to a folder of their own, not the checkout's var/.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="sotay-test-media-"))
