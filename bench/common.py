"""Helpers shared by the benchmarks: environments, subprocesses, timing and percentiles."""

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")


def env_for(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"DEBUG": "1", "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "sotay.settings"})
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run(args: list[str], env: dict[str, str] | None = None, *, quiet: bool = True) -> float:
    """Run a command to completion; returns its wall seconds, raising if it fails."""
    started = time.perf_counter()
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=quiet, text=True, check=False)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        detail = (result.stderr or "")[-3000:] if quiet else ""
        raise RuntimeError(f"{' '.join(args)} failed ({result.returncode}):\n{detail}")
    return seconds


def timed(function: Callable, *args, **kwargs) -> tuple[float, object]:
    """Milliseconds one call took, and what it returned."""
    started = time.perf_counter()
    value = function(*args, **kwargs)
    return (time.perf_counter() - started) * 1000, value


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    if len(ordered) == 1:
        return {"p50": ordered[0], "p95": ordered[0], "n": 1}
    cuts = statistics.quantiles(ordered, n=100, method="inclusive")
    return {"p50": round(cuts[49], 3), "p95": round(cuts[94], 3), "n": len(ordered)}
