"""Static files served as in production: collected with hashed names and gzip/brotli twins, and
sent by whitenoise. The test settings serve them from the finders instead (fast, nothing to
collect); the tests of caching and of the first load's weight need the real thing."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.management import call_command
from django.test import override_settings

from sotay import settings as production

# A collected file's name: the source's name with the manifest storage's 12-hex-digit hash before
# the extension ("pico.min.css" → "pico.min.0123456789ab.css").
HASHED_NAME = re.compile(r"[\w.-]+\.[0-9a-f]{12}\.\w+")


@contextmanager
def production_static_files(root: Path, *, ignore: tuple[str, ...] = ()) -> Iterator[None]:
    """Collect the static files into `root` and serve them from there, for the block's duration.

    Compressing takes seconds a megabyte: use it in a module- or package-scoped fixture, and
    `ignore` what the test does not load (collectstatic's patterns: "admin" skips a folder).
    A client or live server must be created inside the block, as whitenoise lists the files
    when its middleware is built.
    """
    with override_settings(STATIC_ROOT=root, STORAGES=production.STORAGES, MIDDLEWARE=production.MIDDLEWARE):
        call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=list(ignore))
        yield
