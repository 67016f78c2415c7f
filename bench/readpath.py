"""How long the heaviest read paths take inside the app: the work detail, the person detail and
the filtered works list, through Django's test client (the whole app: middleware, DRF, the
database; no network, no server, one process).

    DATABASE_URL=sqlite:///bench/data/20000/catalogue.sqlite3 .venv/bin/python bench/readpath.py
    ... bench/readpath.py --save /tmp/bodies.jsonl       # keep every answer's body
    ... bench/readpath.py --compare /tmp/bodies.jsonl    # and check later that none changed

The requests are those bench/run.py draws (the same seed gives the same paths). Each is sent
once to warm up, then timed; the queries of each are counted apart (capturing them slows the
request down). Prints the median, p90 and mean milliseconds and the queries per request of each
kind, and the median CPU time of the process per request (on a shared machine, wall time
counts the other jobs too; CPU time counts this process's work: the app and, on SQLite, the
database). `--save` and `--compare` keep the bodies byte for byte, so that a change to a read
path can be checked against the answers it gave before on a whole generated catalogue.
"""
import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.update(THROTTLE_ANON="1000000000/minute", THROTTLE_USER="1000000000/minute", API_CACHE_SECONDS="0")
os.environ.pop("REDIS_URL", None)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200, help="Requests per kind.")
    parser.add_argument("--kinds", default="work,person,list")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--save", help="Write every answer's body to this file (JSON Lines).")
    parser.add_argument("--compare", help="Check every answer's body against a file written by --save.")
    options = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from run import draw_requests

    kinds = options.kinds.split(",")
    drawn = {kind: paths[:options.requests] for kind, paths in draw_requests(options.requests, options.seed).items()
             if kind in kinds}
    client = Client(HTTP_ACCEPT="application/json", HTTP_HOST="127.0.0.1")
    expected = {}
    if options.compare:
        with open(options.compare, encoding="utf-8") as kept:
            expected = {entry["path"]: entry["body"] for entry in map(json.loads, kept)}
    bodies, differ = [], []
    for kind in kinds:
        timings, cpu, counts = [], [], []
        for path, _ in drawn[kind]:
            client.get(path)
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
            assert response.status_code == 200, (path, response.status_code, response.content[:300])
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            counts.append(len(queries.captured_queries))
            body = response.content.decode()
            bodies.append({"path": path, "body": body})
            if options.compare and path in expected and expected[path] != body:
                differ.append(path)
        print(f"{kind:8} {len(timings):4} requests  median {statistics.median(timings):7.1f} ms  "
              f"p90 {percentile(timings, 0.9):7.1f} ms  mean {statistics.mean(timings):7.1f} ms  "
              f"CPU median {statistics.median(cpu):6.1f} ms  "
              f"queries {statistics.median(counts):g} ({min(counts)}-{max(counts)})", flush=True)
    if options.save:
        Path(options.save).write_text("".join(json.dumps(entry) + "\n" for entry in bodies), encoding="utf-8")
    if options.compare:
        missing = [entry["path"] for entry in bodies if entry["path"] not in expected]
        print(f"bodies compared: {len(bodies) - len(missing)}, different: {len(differ)}, not in the file: "
              f"{len(missing)}")
        for path in differ[:10]:
            print(f"  differs: {path}")
        if differ:
            sys.exit(1)


if __name__ == "__main__":
    main()
