"""The regulation's parameters as the migrations load them, for databases a flush has emptied
(live-server and transactional tests flush; a test that runs after one in the same worker would
find no parameters)."""

import importlib

from django.apps import apps

from sotay.core.models import PolicyParameter

# The data migrations' own loaders, so the tests never hold a second copy of the numbers.
POLICY_MIGRATIONS = (
    ("sotay.core.migrations.0001_policy_parameters", "charter_parameters"),
    ("sotay.core.migrations.0002_recruitment_parameters", "recruitment_parameters"),
    ("sotay.core.migrations.0003_handbook_parameters", "handbook_parameters"),
    ("sotay.core.migrations.0004_meeting_parameters", "meeting_parameters"),
)


def load_regulation() -> None:
    if PolicyParameter.objects.exists():
        return
    for module, loader in POLICY_MIGRATIONS:
        getattr(importlib.import_module(module), loader)(apps, None)
