import datetime
import logging
import time

from django.core.management.base import BaseCommand, CommandError

from sotay.devdata.demo import MEMBERS, seed_demo
from sotay.devdata.recruitment import REPORTED_YEAR
from sotay.organizations.models import Unit


class Command(BaseCommand):
    help = "Load the demo province (Ninh Bình, about 75,000 members) and the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=MEMBERS, help="members to generate (default: %(default)s)")
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="the day the current year's member development has reached (default: today)",
        )

    def handle(self, *args, members: int, today: datetime.date | None = None, **options):
        if members < 100:
            raise CommandError("--members must be at least 100")
        if today is not None and today.year - 1 <= REPORTED_YEAR:
            raise CommandError(
                f"--today must fall in {REPORTED_YEAR + 2} or later: the demo's last year comes after {REPORTED_YEAR}"
            )
        if Unit.objects.filter(code="NB").exists():
            self.stdout.write("The demo province is already loaded; delete var/sotay.sqlite3 to start again.")
            return
        started = time.monotonic()
        self.stdout.write(f"Loading the demo province ({members:,} members)…")
        progress = logging.StreamHandler(self.stdout)
        progress.setFormatter(logging.Formatter("  %(message)s"))
        phases = logging.getLogger("sotay.devdata.load")
        phases.addHandler(progress)
        phases.setLevel(logging.INFO)
        facts = seed_demo(members, today=today)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded in {time.monotonic() - started:.1f} s. The secretary ({facts['secretary']}) and the member "
                f"({facts['member']}) belong to {facts['cell']}. Member development: {facts['sources']} sources, "
                f"{facts['cases']} admission cases, {facts['admitted']} of them admitted."
            )
        )
