"""The side-by-side benchmark: this project as deployed, the floor and the peer, on the same data.

    .venv/bin/python bench/run.py --works 1000000              # SQLite, 3 runs of 10 s per request kind
    .venv/bin/python bench/run.py --works 1000000 --database postgres
    .venv/bin/python bench/run.py --smoke                      # 100 works, 1 s per kind, one run (CI)

One command: it makes (or reuses) the catalogue of `--works N` works (`manage.py migrate`,
`loaddata seed`, `generate_catalogue --works N`) in bench/data/ (SQLite) or in the PostgreSQL
database `catalogue_bench_N`; installs the benchmark's own environment (bench/.venv, from
bench/requirements.txt: Datasette, orjson, gunicorn); draws the requests of each kind from the
catalogue (fixed seed); counts the project's queries per request of each kind with Django's test
client; then, for each run, starts each server alone on 127.0.0.1 in turn,

  this   `make serve`: gunicorn, production settings, WEB_CONCURRENCY workers, no cache
         (with --cached: the Redis response cache, emptied before each run);
  floor  bench/floor.py under gunicorn with as many workers: the same SQL, no framework;
  peer   Datasette serving the SQLite file read-only (--immutable), bench/datasette/metadata.yaml;

checks in the first run that the floor's answers equal the project's (and that the peer finds
the same records), loads it with wrk (fixed connections, fixed duration, loopback only) for each
request kind, and stops it. The figures are medians over the runs; the ratios this/floor and
this/peer are taken within each run, then their median. Written to bench/results/ as JSON and
Markdown (bench-<database>-<works>[-cached].*; smoke runs to smoke-*, which git ignores).
"""
import argparse
import base64
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PROJECT_PYTHON = ROOT / ".venv" / "bin" / "python"
BENCH_VENV = BENCH / ".venv"

KINDS = {
    "list": "works of a kind and a year, a random page",
    "work": "a work's detail (credits, titles, selections, nominations, sources)",
    "person": "a person's detail (names, filmography, nominations)",
    "cursor": "a deep cursor page of works",
    "first": "the first cursor page of works (what a deep page is compared with)",
    "search": "`q` on people: a name as written",
    "nominations": "nominations at a festival with an outcome, a random page",
}
SERVERS = ("this", "floor", "peer")
# Rates no load reaches, over a window of one second: the throttle still runs on every request,
# and each client's history (the times of its requests within the window, which the throttle
# reads and writes whole each time) stays as short as a real rate keeps it. Over a minute, the
# history held every request of the last minute: some 15,000 to 30,000 times, about 1.4 ms a
# request to read and write back at 30,000, which no deployment pays (at 120/minute it holds 120).
UNLIMITED = "1000000000/second"
CACHE_URL = "redis://127.0.0.1:6379/7"  # --cached: a Redis database of the benchmark's own, emptied per run


STARTED = time.monotonic()


def log(message):
    print(f"[bench {time.monotonic() - STARTED:5.1f} s] {message}", flush=True)


# Environments and data ----------------------------------------------------------------------------


def bench_environment():
    """bench/.venv with bench/requirements.txt, (re)installed when the requirements change."""
    marker = BENCH_VENV / ".installed"
    requirements = BENCH / "requirements.txt"
    if marker.exists() and marker.stat().st_mtime >= requirements.stat().st_mtime:
        return
    log("installing bench/.venv (Datasette, orjson, gunicorn)")
    if not (BENCH_VENV / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(BENCH_VENV)], check=True)
    subprocess.run([str(BENCH_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet",
                    "--disable-pip-version-check", "-r", str(requirements)], check=True)
    marker.touch()


def manage(database_url, *args):
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run([str(PROJECT_PYTHON), str(ROOT / "manage.py"), *args], check=True, env=env, cwd=ROOT,
                   stdout=subprocess.DEVNULL if "migrate" in args else None)


def fill(database_url, works):
    started = time.monotonic()
    manage(database_url, "migrate", "--noinput", "--verbosity", "0")
    # The seed catalogue gives the answers citations, seasons, events and subjects to write.
    manage(database_url, "loaddata", "seed", "--verbosity", "0")
    manage(database_url, "generate_catalogue", "--works", str(works))
    log(f"catalogue of {works} works made in {time.monotonic() - started:.0f} s")


def sqlite_data(works, data_dir):
    """The SQLite catalogue of `works` works, made once: written aside, then moved into place."""
    target = data_dir / str(works) / "catalogue.sqlite3"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        log(f"making {target} ({works} works)")
        fill(f"sqlite:///{partial}", works)
        partial.rename(target)
    else:
        manage(f"sqlite:///{target}", "migrate", "--noinput", "--verbosity", "0")  # made by an older checkout
        analyze(target)
    return f"sqlite:///{target}", target


def analyze(target):
    """The planner's statistics, which generate_catalogue leaves since 2026-11-22: a file made
    before has none (ANALYZE takes a minute or two at a million works)."""
    with sqlite3.connect(target) as connection:
        if not connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
            log(f"ANALYZE {target}")
            connection.execute("ANALYZE")


def warm(target):
    """Read the whole SQLite file once, so that every server of the run finds its pages in the
    page cache: the first to ask for pages that are not (the full-text indexes, say, after a
    run of other kinds, which some kernels evict when idle) would otherwise wait on the disk."""
    started = time.monotonic()
    with open(target, "rb") as file:
        while file.read(1 << 24):
            pass
    log(f"read {target} ({target.stat().st_size >> 20} MB) into the page cache in {time.monotonic() - started:.1f} s")


def postgres_data(works, url):
    """The PostgreSQL catalogue: the database is created and filled when it does not exist yet."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            log(f"creating database {name}")
            connection.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(url) as connection:
        filled = connection.execute("SELECT to_regclass('catalogue_work') IS NOT NULL").fetchone()[0]
        count = connection.execute("SELECT count(*) FROM catalogue_work").fetchone()[0] if filled else 0
    if not count:
        fill(url, works)
        return url
    manage(url, "migrate", "--noinput", "--verbosity", "0")  # made by an older checkout
    vacuum(url)
    if abs(count - works) > 100:
        log(f"warning: {name} holds {count} works, not {works}; using it as it is")
    return url


def vacuum(url):
    """VACUUM (ANALYZE) a catalogue that an older checkout made, which only analyzed it: without
    the visibility map that a vacuum sets, an index-only scan reads the table's pages as well
    (generate_catalogue vacuums since 2026-11-22)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        visible = connection.execute(
            "SELECT relallvisible FROM pg_class WHERE relname = 'catalogue_work'").fetchone()[0]
        if not visible:
            log("VACUUM (ANALYZE)")
            connection.execute("VACUUM (ANALYZE)")


# Requests ---------------------------------------------------------------------------------------


def draw_requests(count, seed):
    """For each kind, `count` paths for this project and the floor, and the peer's paths for the
    same requests (Datasette canned queries), in random order."""
    from django.db.models import Count, Max, Min

    from catalogue import models, search

    rng = random.Random(seed)
    drawn = {kind: [] for kind in KINDS}

    pairs = list(models.Work.objects.filter(year__isnull=False).values_list("kind", "year").annotate(n=Count("id"))
                 .order_by("kind", "year"))
    for _ in range(count):
        kind, year, n = rng.choice(pairs)
        page = rng.randint(1, -(-n // 20))
        drawn["list"].append((f"/api/v1/works/?kind={kind}&year={year}&page={page}",
                              f"/catalogue/work_list.json?kind={kind}&year={year}&page={page}"))

    for model, kind, route, query in ((models.Work, "work", "works", "work_detail"),
                                      (models.Person, "person", "people", "person_detail")):
        bounds = model.objects.aggregate(low=Min("pk"), high=Max("pk"))
        wanted = {rng.randint(bounds["low"], bounds["high"]) for _ in range(count * 2)}
        found = sorted(model.objects.filter(pk__in=wanted).values_list("pk", flat=True))[:count]
        drawn[kind] = [(f"/api/v1/{route}/{pk}/", f"/catalogue/{query}.json?id={pk}") for pk in found]

    bounds = models.Work.objects.aggregate(low=Min("pk"), high=Max("pk"))
    for _ in range(count):
        after = rng.randint(bounds["low"], max(bounds["low"], bounds["high"] - 20))
        cursor = urllib.parse.quote(base64.b64encode(f"p={after}".encode()).decode())
        drawn["cursor"].append((f"/api/v1/works/?pagination=cursor&cursor={cursor}",
                                f"/catalogue/work_cursor.json?after={after}"))

    drawn["first"] = [("/api/v1/works/?pagination=cursor", "/catalogue/work_cursor.json?after=0")] * count

    people = models.Person.objects.aggregate(low=Min("pk"), high=Max("pk"))
    names = models.Person.objects.filter(
        pk__in={rng.randint(people["low"], people["high"]) for _ in range(count * 3)}).values_list("name", flat=True)
    for name in sorted(names):
        key = search.normalise(name)
        words = [w for w in key.split() if len(w) >= 3]
        loose, skeleton = search.loose_words(key), search.skeleton_words(key)
        if len(words) != 2 or len(loose) != 2 or len(skeleton) != 2:
            continue  # the peer's canned query takes names of two words
        peer = urllib.parse.urlencode({"key": key, "w1": words[0], "w2": words[1], "l1": loose[0], "l2": loose[1],
                                       "s1": skeleton[0], "s2": skeleton[1], "page": 1})
        drawn["search"].append((f"/api/v1/people/?{urllib.parse.urlencode({'q': name})}",
                                f"/catalogue/person_search.json?{peer}"))
    drawn["search"] = drawn["search"][:count]

    scopes = list(models.Nomination.objects.values_list("edition__festival__slug", "outcome")
                  .annotate(n=Count("id")).order_by("edition__festival__slug", "outcome"))
    for _ in range(count):
        slug, outcome, n = rng.choice(scopes)
        page = rng.randint(1, -(-n // 20))
        drawn["nominations"].append((f"/api/v1/nominations/?festival={slug}&outcome={outcome}&page={page}",
                                     f"/catalogue/nomination_list.json?festival={slug}&outcome={outcome}"
                                     f"&page={page}"))
    for kind, paths in drawn.items():
        # The peer's body nested as JSON (not a string), in a bare array of rows.
        drawn[kind] = [(path, f"{peer}&_shape=array&_json=body") for path, peer in paths]
        rng.shuffle(drawn[kind])
    return drawn


def count_queries(drawn, sample):
    """The project's queries per request of each kind, through the whole app (Django's test client)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_ACCEPT="application/json", HTTP_HOST="127.0.0.1")
    counts = {}
    for kind, paths in drawn.items():
        numbers = []
        for path, _ in paths[:sample]:
            client.get(path)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            assert response.status_code == 200, (path, response.status_code, response.content[:300])
            numbers.append(len(queries.captured_queries))
        counts[kind] = {"min": min(numbers), "median": statistics.median(numbers), "max": max(numbers)}
    return counts


# Servers ------------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """One server, alone on 127.0.0.1, in a process group of its own so that stopping it stops
    every process it started (make, gunicorn's master and workers)."""

    def __init__(self, name, options, database_url, sqlite_file, logs):
        self.name, self.port = name, free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "API_CACHE_SECONDS"}}
        env["DATABASE_URL"] = database_url
        if name == "this":
            env.update(HOST="127.0.0.1", PORT=str(self.port), WEB_CONCURRENCY=str(options.workers), DEBUG="false",
                       THROTTLE_ANON=options.throttle_rate, THROTTLE_USER=options.throttle_rate)
            if options.cached:
                env.update(REDIS_URL=CACHE_URL, API_CACHE_SECONDS="300")
                import redis  # the project's dependency (django-redis): empty the cache, so each run fills it

                redis.Redis.from_url(CACHE_URL).flushdb()
            self.command = ["make", "--no-print-directory", "serve"]
            self.probe = "/api/v1/"
        elif name == "floor":
            self.command = [str(BENCH_VENV / "bin" / "gunicorn"), "floor:application", "--chdir", str(BENCH),
                            "--workers", str(options.workers), "--bind", f"127.0.0.1:{self.port}"]
            self.probe = "/api/v1/works/?pagination=cursor"
        else:
            self.command = [str(BENCH_VENV / "bin" / "datasette"), "serve", "--immutable", str(sqlite_file),
                            "--metadata", str(BENCH / "datasette" / "metadata.yaml"), "--host", "127.0.0.1",
                            "--port", str(self.port), "--setting", "num_sql_threads", str(options.workers),
                            "--setting", "sql_time_limit_ms", "120000"]
            self.probe = "/catalogue/work_cursor.json?after=0"
        self.env, self.log_path = env, logs / f"{name}.log"

    def __enter__(self):
        self.log_file = open(self.log_path, "ab")  # noqa: SIM115 (closed in __exit__)
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env, stdout=self.log_file,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} stopped at start; see {self.log_path}")
            try:
                fetch(self.base + self.probe)
                return self
            except (OSError, urllib.error.URLError):
                time.sleep(0.3)
        raise RuntimeError(f"{self.name} did not answer within 180 s; see {self.log_path}")

    def __exit__(self, *exc):
        for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(wait)
                break
            except subprocess.TimeoutExpired:
                continue
        self.log_file.close()


def fetch(url):
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 (loopback only)
        return response.status, response.read(), dict(response.headers)


def answers(server, drawn, sample):
    """The server's answers to the first `sample` requests of each kind, addresses made host-free."""
    result = {}
    for kind, paths in drawn.items():
        for path, peer_path in paths[:sample]:
            status, body, headers = fetch(server.base + (peer_path if server.name == "peer" else path))
            text = body.decode().replace(server.base, "http://HOST")
            result[(kind, path)] = (status, json.loads(text), headers.get("X-Queries"))
    return result


def ids(body):
    if "results" in body:
        return [item["id"] for item in body["results"]]
    return [body["id"]]


def check(kind_answers, floor_answers, peer_answers):
    """Problems found: the floor must answer what the project answers; the peer the same records."""
    problems = []
    for key, (status, body, _) in kind_answers.items():
        floor_status, floor_body, _ = floor_answers[key]
        if (floor_status, floor_body) != (status, body):
            problems.append(f"floor differs from the API on {key[1]}")
        if peer_answers is not None:
            peer_body = peer_answers[key][1][0]["body"]
            if ids(peer_body) != ids(body):
                problems.append(f"peer finds other records than the API on {key[1]}")
    return problems


def load(server, kind, paths_file, options, seconds):
    """wrk against one request kind: fixed connections, fixed duration, loopback only."""
    command = ["wrk", "-t", str(min(options.threads, options.connections)), "-c", str(options.connections),
               "-d", f"{seconds}s", "--timeout", "60s", "-H", "Accept: application/json",
               "-s", str(BENCH / "wrk.lua"), server.base, "--", str(paths_file)]
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 120).stdout
    figures = json.loads(re.search(r"^WRK_JSON (.*)$", output, re.MULTILINE).group(1))
    # Requests wrk left queued are still being answered: one more request, queued behind them,
    # returns when they are done, so that the next measurement starts on an idle server.
    fetch(server.base + server.probe)
    seconds_taken = figures["duration_us"] / 1e6
    answered = figures["requests"] > 0  # none: every answer took longer than the duration
    return {
        "requests": figures["requests"],
        "rps": round(figures["requests"] / seconds_taken, 1),
        **{f"p{n}_ms": round(figures[f"p{n}_us"] / 1000, 2) if answered else None for n in (50, 90, 99)},
        "errors": figures["status_errors"] + figures["socket_errors"],
    }


# Results ------------------------------------------------------------------------------------------


def machine():
    model = ""
    if Path("/proc/cpuinfo").exists():
        found = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        model = found.group(1).strip() if found else ""
    memory = ""
    if Path("/proc/meminfo").exists():
        found = re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())
        memory = f", {int(found.group(1)) / 1024 / 1024:.0f} GB" if found else ""
    return (f"{os.cpu_count()} cores ({model or platform.machine()}){memory}, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
            f"load average at start {os.getloadavg()[0]:.2f}")


def ratio(a, b):
    return round(a / b, 3) if a and b else None


def summarise(runs, query_counts, floor_queries):
    rows = {}
    for kind in (kind for kind in KINDS if kind in query_counts):  # those measured (--kinds)
        row = {"kind": kind, "queries_this": query_counts[kind], "queries_floor": floor_queries.get(kind),
               "queries_peer": 1}
        for server in SERVERS:
            figures = [run[server][kind] for run in runs if kind in run.get(server, {})]
            for field in ("rps", "p50_ms", "p99_ms"):
                values = [f[field] for f in figures if f[field] is not None]
                row[f"{field}_{server}"] = round(statistics.median(values), 2) if values else None
            row[f"errors_{server}"] = sum(f["errors"] for f in figures)
        for other in ("floor", "peer"):
            for field in ("rps", "p50_ms", "p99_ms"):
                within = [ratio(run["this"][kind][field], run[other][kind][field]) for run in runs
                          if kind in run.get(other, {})]
                within = [value for value in within if value is not None]
                row[f"{field}_this_over_{other}"] = round(statistics.median(within), 3) if within else None
        rows[kind] = row
    return rows


def markdown(summary):
    def cell(value, digits=1):
        return "n/a" if value is None else f"{value:,.{digits}f}"

    rows = summary["rows"]
    lines = [
        f"# {summary['title']}",
        "",
        *([summary["note"], ""] if summary.get("note") else []),
        f"Machine: {summary['machine']}.  ",
        f"Data: {summary['database']}, {summary['works']:,} works ({summary['data']}).  ",
        f"Load: wrk, {summary['connections']} connections, {summary['duration_s']} s per request kind after "
        f"{summary['warmup_s']} s of warm-up, {summary['runs']} run(s); {summary['workers']} workers each "
        f"(Datasette: one process, {summary['workers']} SQL threads). Figures are medians over the runs; each "
        "ratio is taken within a run, then its median.",
        *([f"SQLite: this project and the floor with a {summary['sqlite_cache_mb']} MB page cache and "
           f"{summary['sqlite_mmap_mb']} MB memory-mapped; Datasette with its own settings."]
          if summary["database"] == "sqlite" and "sqlite_mmap_mb" in summary else []),
        "",
        "| request | this req/s | this p50 ms | this p99 ms | queries | this/floor req/s | this/floor p50 "
        "| this/peer req/s | this/peer p50 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, row in rows.items():
        queries = row["queries_this"]
        spread = f"{queries['median']:g}" if queries["min"] == queries["max"] else \
            f"{queries['median']:g} ({queries['min']}–{queries['max']})"
        lines.append(
            f"| {kind} | {cell(row['rps_this'])} | {cell(row['p50_ms_this'], 2)} | {cell(row['p99_ms_this'], 2)} "
            f"| {spread} | {cell(row['rps_this_over_floor'], 3)} | {cell(row['p50_ms_this_over_floor'], 2)} "
            f"| {cell(row['rps_this_over_peer'], 3)} | {cell(row['p50_ms_this_over_peer'], 2)} |")
    lines += [
        "",
        "| request | floor req/s | floor p50 ms | floor p99 ms | floor queries | peer req/s | peer p50 ms "
        "| peer p99 ms | errors this/floor/peer |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for kind, row in rows.items():
        lines.append(
            f"| {kind} | {cell(row['rps_floor'])} | {cell(row['p50_ms_floor'], 2)} | {cell(row['p99_ms_floor'], 2)} "
            f"| {row['queries_floor'] or 'n/a'} | {cell(row['rps_peer'])} | {cell(row['p50_ms_peer'], 2)} "
            f"| {cell(row['p99_ms_peer'], 2)} | {row['errors_this']}/{row['errors_floor']}/{row['errors_peer']} |")
    lines += ["", "Request kinds:", ""] + [f"- **{kind}**: {text}" for kind, text in KINDS.items() if kind in rows]
    lines += ["", "this/floor req/s below 1 is the share of the floor's throughput the project reaches; "
              "this/floor p50 above 1 is how many times slower its median answer is. The same for the peer.", ""]
    if summary["problems"]:
        lines += ["Problems found by the check of answers:", ""] + [f"- {p}" for p in summary["problems"]] + [""]
    return "\n".join(line for line in lines if line is not None) + "\n"


# Main ---------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--works", type=int, default=1_000_000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres-url", help="default: postgres://postgres@127.0.0.1:5432/catalogue_bench_<works>")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="Seconds of load per request kind and server.")
    parser.add_argument("--warmup", type=int, default=2, help="Seconds of load before each measurement.")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=1, help="wrk's threads (the machine runs the servers too).")
    parser.add_argument("--workers", type=int, default=2, help="Workers of each server.")
    parser.add_argument("--requests", type=int, default=1000, help="Requests drawn per kind.")
    parser.add_argument("--kinds", default=",".join(KINDS), help="Comma-separated request kinds.")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--data-dir", default=str(BENCH / "data"))
    parser.add_argument("--output", default=str(BENCH / "results"))
    parser.add_argument("--title", default="", help="The table's title (default: what was measured).")
    parser.add_argument("--note", default="", help="A line under the title, e.g. what the figures are for.")
    parser.add_argument("--cached", action="store_true",
                        help="This project with its Redis response cache (REDIS_URL, API_CACHE_SECONDS=300), "
                             "emptied before each run; the floor and the peer are uncached as always.")
    parser.add_argument("--throttle-rate", default=UNLIMITED,
                        help=f"THROTTLE_ANON and THROTTLE_USER of this project (default {UNLIMITED}).")
    parser.add_argument("--sqlite-mmap", type=int, default=2048,
                        help="SQLITE_MMAP_MB for this project and the floor (README: Deploying): megabytes of "
                             "the SQLite file read through a memory map. Datasette keeps its own settings.")
    parser.add_argument("--smoke", action="store_true", help="100 works, 1 s per kind, one run: that it works.")
    options = parser.parse_args()
    if options.smoke:
        # Four connections: the point is that every part works, and fewer requests left queued
        # behind each measurement keep it short.
        options.works, options.runs, options.duration, options.warmup, options.requests = 100, 1, 1, 0, 20
        options.connections = 4
    started = time.monotonic()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk")
    if not PROJECT_PYTHON.exists():
        sys.exit("the project's .venv is missing: make install")
    kinds = [kind for kind in options.kinds.split(",") if kind]
    bench_environment()

    if options.database == "sqlite":
        database_url, sqlite_file = sqlite_data(options.works, Path(options.data_dir))
    else:
        database_url = postgres_data(options.works, options.postgres_url
                                     or f"postgres://postgres@127.0.0.1:5432/catalogue_bench_{options.works}")
        sqlite_file = None  # Datasette reads SQLite only: the peer is left out on PostgreSQL

    os.environ.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="config.settings",
                      THROTTLE_ANON=UNLIMITED, THROTTLE_USER=UNLIMITED, API_CACHE_SECONDS="0",
                      SQLITE_MMAP_MB=str(options.sqlite_mmap))
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from catalogue import models

    works = models.Work.objects.count()
    log(f"drawing {options.requests} requests per kind from {works} works")
    drawn = {kind: paths for kind, paths in draw_requests(options.requests, options.seed).items() if kind in kinds}
    query_counts = count_queries(drawn, 2 if options.smoke else 20)
    log("queries per request (this project): " + ", ".join(f"{k} {v['median']:g}" for k, v in query_counts.items()))

    scratch = Path(tempfile.mkdtemp(prefix="catalogue-bench-"))
    files = {}
    for kind, paths in drawn.items():
        for server in SERVERS:
            files[(server, kind)] = scratch / f"{server}-{kind}.txt"
            files[(server, kind)].write_text("\n".join(peer if server == "peer" else path for path, peer in paths))

    servers = [s for s in SERVERS if s != "peer" or sqlite_file is not None]
    sample = 3 if options.smoke else 10
    runs, seen, floor_queries, problems = [], {}, {}, []
    for number in range(options.runs):
        run = {}
        order = servers[number % len(servers):] + servers[:number % len(servers)]
        if sqlite_file is not None:
            warm(sqlite_file)
        for name in order:
            log(f"run {number + 1}/{options.runs}: {name}")
            with Server(name, options, database_url, sqlite_file, scratch) as server:
                if number == 0:
                    seen[name] = answers(server, drawn, sample)
                    if name == "floor":
                        floor_queries = {kind: max(int(q) for (k, _), (_, _, q) in seen["floor"].items() if k == kind)
                                         for kind in drawn}
                else:
                    for paths in drawn.values():  # warm the caches of a server just started
                        for path, peer in paths[:sample]:
                            fetch(server.base + (peer if name == "peer" else path))
                run[name] = {}
                for kind in drawn:
                    if options.warmup:
                        load(server, kind, files[(name, kind)], options, options.warmup)
                    run[name][kind] = load(server, kind, files[(name, kind)], options, options.duration)
                    figures = run[name][kind]
                    log(f"  {kind:12} {figures['rps']:9.1f} req/s  p50 {figures['p50_ms']} ms  "
                        f"p99 {figures['p99_ms']} ms  errors {figures['errors']}")
        runs.append(run)
        if number == 0:
            problems = check(seen["this"], seen["floor"], seen.get("peer"))
            for problem in problems:
                log(f"CHECK: {problem}")

    summary = {
        "title": options.title or (f"This project{' (Redis cache)' if options.cached else ''}, the floor and "
                                   f"the peer: {options.database}, {works:,} works"),
        "cached": options.cached,
        "note": options.note,
        "machine": machine(),
        "database": options.database,
        "works": works,
        "data": "generate_catalogue with the seed fixtures",
        "connections": options.connections, "duration_s": options.duration, "warmup_s": options.warmup,
        "runs": options.runs, "workers": options.workers, "threads": options.threads,
        "sqlite_cache_mb": int(os.environ.get("SQLITE_CACHE_MB") or 64), "sqlite_mmap_mb": options.sqlite_mmap,
        "problems": problems,
        "rows": summarise(runs, query_counts, floor_queries),
        "raw_runs": runs,
        "elapsed_s": round(time.monotonic() - started, 1),
    }
    output = Path(options.output)
    output.mkdir(parents=True, exist_ok=True)
    stem = f"smoke-{options.database}" if options.smoke else f"bench-{options.database}-{options.works}"
    stem += "-cached" if options.cached else ""
    (output / f"{stem}.json").write_text(json.dumps(summary, indent=2) + "\n")
    table = markdown(summary)
    (output / f"{stem}.md").write_text(table)
    shutil.rmtree(scratch, ignore_errors=True)
    print(table)
    log(f"written to {output / stem}.json and .md in {summary['elapsed_s']} s")
    if problems:
        sys.exit(f"{len(problems)} problem(s) found: the floor or the peer does not answer as the API does")
    if any(row[f"errors_{s}"] for row in summary["rows"].values() for s in servers):
        sys.exit("some requests failed: see the errors column")


if __name__ == "__main__":
    main()
