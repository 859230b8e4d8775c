"""The PostgreSQL part, run by bench.run in its own processes with DATABASE_URL set:

python -m bench.national load --members N --workers W --out FILE   (figure 2 and its baseline)
python -m bench.national queries --runs R --out FILE              (figure 3, with query plans)
"""

import argparse
import json
import resource
import sys

import django


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.national")
    parser.add_argument("step", choices=["load", "queries"])
    parser.add_argument("--members", type=int, default=5_600_000)
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--out", required=True)
    parser.add_argument("--skip-reads", default="", help="letters of figure 3's reads to leave out")
    args = parser.parse_args()
    django.setup()
    if args.step == "load":
        from bench.load import copy_baseline, load_national

        result = {"load": load_national(args.members, args.workers)}
        result["load"]["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        print(f"  loaded {result['load']['members']:,} members in {result['load']['seconds']} s", flush=True)
        if not args.no_baseline:
            result["baseline"] = copy_baseline()
            print(f"  plain COPY baseline: {result['baseline']}", flush=True)
    else:
        from bench.plans import plans
        from bench.queries import Bench

        bench = Bench(args.runs)
        result = {"queries": bench.run_all(skip=args.skip_reads), "plans": plans()}
        if bench.recruitment_data:
            result["recruitment"] = bench.recruitment_data
        if bench.recruitment_cases:
            result["recruitment_cases"] = bench.recruitment_cases
        if bench.handbook_data:
            result["handbook"] = bench.handbook_data
        if bench.meetings_data:
            result["meetings"] = bench.meetings_data
    with open(args.out, "w") as out:
        json.dump(result, out, indent=1, default=str)


if __name__ == "__main__":
    sys.exit(main())
