"""`make bench`: the figures the design asks of the app, printed and saved in bench/results/.

1. Seeding the demo province (75,180 members) on SQLite through `python -m sotay seed demo`.
2. The national data set (34 provinces, ~358,000 units, 5.6 M members) loaded into a fresh
   PostgreSQL database through `load_tree`, beside a plain COPY of the same rows.
3. Reads at national scale, app against hand-written SQL, p50/p95 over varied inputs; (e), the
   member-development progress report, first gives the set a year and a part of admissions and
   this year's targets, and (f), the committee's board, a year's pipeline of open cases
   (bench/recruitment.py); (g), the member's feed, 2 M notices (bench/handbook.py); (h), a province's
   report of meetings not held, a year of meetings of every cell (bench/meetings.py).

    python -m bench.run                       # everything (about 10 minutes)
    python -m bench.run --skip-national       # the demo seed only
    python -m bench.run --members 300000      # a smaller national set, for a quick look
    python -m bench.run --reuse-db            # keep the loaded database, measure the reads again
"""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import PG_ADMIN_URL, PYTHON, ROOT, env_for, run

RESULTS = ROOT / "bench" / "results"
NATIONAL_MEMBERS = 5_600_000
LOAD_TARGET_SECONDS = 60


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-demo", action="store_true", help="skip figure 1 (SQLite demo seed)")
    parser.add_argument("--skip-national", action="store_true", help="skip figures 2 and 3 (PostgreSQL)")
    parser.add_argument("--members", type=int, default=NATIONAL_MEMBERS, help="national members (%(default)s)")
    parser.add_argument("--demo-members", type=int, default=None, help="demo members (the demo's own default)")
    parser.add_argument("--runs", type=int, default=30, help="timed runs per read (%(default)s)")
    parser.add_argument("--workers", type=int, default=2, help="processes generating members (%(default)s)")
    parser.add_argument("--database", default="sotay_bench", help="PostgreSQL database, dropped and recreated")
    parser.add_argument("--reuse-db", action="store_true", help="do not reload: measure the reads on what is there")
    parser.add_argument("--skip-queries", action="store_true", help="load only")
    parser.add_argument("--no-baseline", action="store_true", help="skip the plain COPY baseline")
    parser.add_argument("--skip-reads", default="", help="figure 3's reads to leave out, as letters: --skip-reads h")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    report: dict = {"date": datetime.datetime.now().isoformat(timespec="seconds"), "machine": _machine()}
    if not args.skip_demo:
        from bench.demo import seed_demo

        print("1. Demo seed on SQLite (python -m sotay seed demo)…", flush=True)
        report["demo"] = seed_demo(args.demo_members)
        print(f"  {report['demo']['seconds']} s (target < {report['demo']['target_seconds']} s)", flush=True)
    if not args.skip_national:
        report.update(_national(args))
    report["bench_seconds"] = round(time.perf_counter() - started, 1)
    report["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    partial = (
        args.skip_demo
        or args.skip_national
        or args.skip_queries
        or args.reuse_db
        or args.members != NATIONAL_MEMBERS
        or args.demo_members
        or args.skip_reads
    )
    json_path, md_path = _save(report, partial=bool(partial))
    print(f"\nWritten {json_path.relative_to(ROOT)} and {md_path.relative_to(ROOT)}")
    print(md_path.read_text())
    return 0


def _national(args) -> dict:
    url = f"{PG_ADMIN_URL}/{args.database}"
    env = env_for(url)
    result: dict = {"database": url}
    with tempfile.TemporaryDirectory(prefix="sotay-bench-") as folder:
        if not args.reuse_db:
            print(f"2. National set ({args.members:,} members) into a fresh database {args.database}…", flush=True)
            _recreate(args.database)
            result["migrate_seconds"] = round(run([PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], env), 2)
            out = os.path.join(folder, "load.json")
            command = [PYTHON, "-m", "bench.national", "load", "--members", str(args.members)]
            command += ["--workers", str(args.workers), "--out", out]
            if args.no_baseline:
                command.append("--no-baseline")
            run(command, env, quiet=False)
            result.update(json.loads(Path(out).read_text()))
            result["load"]["target_seconds"] = LOAD_TARGET_SECONDS
            if "baseline" in result:
                baseline = result["baseline"]["indexed_table_seconds"]
                result["load"]["app_over_baseline"] = round(result["load"]["seconds"] / baseline, 2)
        if not args.skip_queries:
            print(f"3. Reads at national scale ({args.runs} runs each)…", flush=True)
            out = os.path.join(folder, "queries.json")
            command = [PYTHON, "-m", "bench.national", "queries", "--runs", str(args.runs), "--out", out]
            run([*command, "--skip-reads", args.skip_reads], env, quiet=False)
            result.update(json.loads(Path(out).read_text()))
    result["sizes"] = _sizes(args.database)
    return {"national": result}


def _recreate(database: str) -> None:
    admin = ["-h", "127.0.0.1", "-U", "postgres"]
    if PG_ADMIN_URL != "postgres://postgres@127.0.0.1:5432":
        raise SystemExit("BENCH_PG_URL other than the local default: create the database yourself and use --reuse-db")
    subprocess.run(["dropdb", *admin, "--if-exists", database], check=True)
    subprocess.run(["createdb", *admin, database], check=True)


def _sizes(database: str) -> dict:
    query = (
        "SELECT relname, n_live_tup, pg_total_relation_size(relid) FROM pg_stat_user_tables "
        "WHERE relname IN ('members_member', 'organizations_unit', 'members_memberstatusevent', "
        "'members_memberunitevent', 'organizations_unitmembercount', 'recruitment_admissiontally', "
        "'members_member_word', 'recruitment_admissioncase') ORDER BY relname"
    )
    output = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-At", "-F", "\t", database, "-c", query],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    sizes = {}
    for line in output.splitlines():
        name, rows, size = line.split("\t")
        sizes[name] = {"rows": int(rows), "mb": round(int(size) / 1e6)}
    return sizes


def _machine() -> dict:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    version = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", "SHOW server_version"], capture_output=True, text=True
    ).stdout
    return {
        "cpus": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "postgresql": version.strip(),
        "commit": commit.strip(),
    }


def _save(report: dict, *, partial: bool) -> tuple[Path, Path]:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = datetime.date.today().isoformat() + ("-partial" if partial else "")
    # A second run on the same day is written beside the first, not over it.
    taken = [stem, *(f"{stem}-{number}" for number in range(2, 100))]
    stem = next(name for name in taken if not (RESULTS / f"{name}.md").exists())
    json_path, md_path = RESULTS / f"{stem}.json", RESULTS / f"{stem}.md"
    json_path.write_text(json.dumps(report, indent=1, ensure_ascii=False, default=str) + "\n")
    md_path.write_text(_markdown(report))
    return json_path, md_path


def _markdown(report: dict) -> str:
    machine = report["machine"]
    lines = [
        f"# Benchmarks, {report['date']}",
        "",
        f"Machine: {machine['cpus']} CPUs, {machine['memory_gb']} GiB, PostgreSQL {machine['postgresql']}, "
        f"Python {machine['python']}, commit {machine['commit']}; load average at start "
        f"{machine['load_average_at_start']}, at the end {machine.get('load_average_at_end')} (1, 5, 15 min). "
        f"Whole bench: {report['bench_seconds']} s.",
        "",
        "| Figure | Measured | Target / baseline |",
        "| --- | --- | --- |",
    ]
    if "demo" in report:
        demo = report["demo"]
        lines.append(
            f"| 1. Demo seed, SQLite, {demo['members']:,} members (`python -m sotay seed demo`) "
            f"| {demo['seconds']} s | < {demo['target_seconds']} s |"
        )
    national = report.get("national", {})
    if "load" in national:
        load = national["load"]
        baseline = national.get("baseline", {})
        compare = f"< {load['target_seconds']} s"
        if baseline:
            compare += (
                f"; plain COPY of the same {baseline['rows']:,} rows into a table with the same "
                f"{baseline['indexes']} indexes: {baseline['indexed_table_seconds']} s "
                f"(app/baseline {load['app_over_baseline']}×); COPY then build the indexes: "
                f"{baseline['index_after_seconds']} s"
            )
        lines.append(
            f"| 2. National load through `load_tree`, PostgreSQL: {load['units']:,} units, "
            f"{load['members']:,} members | {load['seconds']} s ({load['members_per_second']:,} members/s; "
            f"{load['waiting_for_generator_seconds']} s of it waiting for the generator, so "
            f"{load['seconds'] - load['waiting_for_generator_seconds']:.1f} s in the app and the database; "
            f"peak RSS {load['peak_rss_mb']} MB) "
            f"| {compare} |"
        )
    queries = national.get("queries", {})
    if queries:
        lines += [
            "",
            "## 3. Reads at national scale (ms; app vs hand-written SQL returning the same ids)",
            "",
            "| Read | app p50 | app p95 | SQL p50 | SQL p95 | app/SQL (p50) | target p95 |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for name, figures in queries.items():
            app, sql = figures["app_ms"], figures["sql_ms"]
            target = f"< {figures['target_p95_ms']}" if figures.get("target_p95_ms") else ""
            lines.append(
                f"| {name} | {app['p50']:.2f} | {app['p95']:.2f} | {sql['p50']:.2f} | {sql['p95']:.2f} "
                f"| {figures['ratio_p50']} | {target} |"
            )
        lines.append(f"\n{next(iter(queries.values()))['app_ms']['n']} timed runs each, after 2 warm-up runs.")
    recruitment = national.get("recruitment")
    if recruitment:
        lines.append(
            f"\n(e) reads {recruitment['admissions']:,} generated admissions (last year and this year to "
            f"{recruitment['as_of']}) in {recruitment['tally_rows']:,} maintained tally rows, generated in "
            f"{recruitment['seconds']} s."
        )
    cases = national.get("recruitment_cases")
    if cases:
        lines.append(f"\n(f) reads {cases['open_cases']:,} generated open cases, generated in {cases['seconds']} s.")
    handbook = national.get("handbook")
    if handbook:
        lines.append(f"\n(g) reads {handbook['notices']:,} generated notices, generated in {handbook['seconds']} s.")
    meetings = national.get("meetings")
    if meetings:
        lines.append(
            f"\n(h) reads {meetings['meetings']:,} generated meetings and {meetings['attendance']:,} attendance "
            f"records, generated in {meetings['seconds']} s."
        )
    if "load" in national:
        lines += ["", "## Load phases", ""]
        lines += [f"- {phase}" for phase in national["load"]["phases"]]
    if national.get("plans"):
        lines += ["", "## Query plans (execution time of the app's SQL)", ""]
        for name, plan in national["plans"].items():
            timing = [line.strip() for line in plan.splitlines() if line.strip().startswith("Execution Time")]
            first = plan.splitlines()[0].strip() if plan else ""
            lines.append(f"- {name}: {timing[0] if timing else ''} — top node `{first[:110]}`")
    if national.get("sizes"):
        lines += ["", "## Table sizes", ""]
        lines += [f"- {name}: {s['rows']:,} rows, {s['mb']:,} MB" for name, s in national["sizes"].items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
