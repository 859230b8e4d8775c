"""Figure 1: seeding the demo province on SQLite through the real command, as `make demo` does."""

import os
import tempfile

from bench.common import PYTHON, env_for, run

TARGET_SECONDS = 90


def seed_demo(members: int | None = None) -> dict:
    with tempfile.TemporaryDirectory(prefix="sotay-bench-") as folder:
        database = os.path.join(folder, "demo.sqlite3")
        env = env_for(f"sqlite:///{database}")
        env["HTTPS"] = "0"
        migrate = run([PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], env)
        extra = ["--members", str(members)] if members else []
        seconds = run([PYTHON, "-m", "sotay", "seed", "demo", *extra], env)
        size = os.path.getsize(database)
    return {
        "seconds": round(seconds, 2),
        "migrate_seconds": round(migrate, 2),
        "members": members or 75_180,
        "database_mb": round(size / 1e6, 1),
        "target_seconds": TARGET_SECONDS,
    }
