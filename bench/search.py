"""How fast `q` finds names at scale: name queries through the API, timed in the app.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/catalogue_bench \
        .venv/bin/python bench/search.py --queries 200

Run it against a catalogue made by `manage.py generate_catalogue --works N`. The queries are
drawn (with a fixed seed) from the catalogue's own people and works and respelled the ways
users write them: the name as it is, another romanisation, a loose respelling, Persian script,
and one wrong letter. Each is sent through Django's test client (the whole app: middleware,
DRF, the database; no network), once to warm up, then timed. Prints and writes to
bench/results/ the median, p90 and p99 per kind of query and endpoint.
"""
import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("THROTTLE_ANON", "1000000/minute")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def typo(text, rng):
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    i = rng.choice(letters[1:-1] or letters)
    return text[:i] + ("a" if text[i] != "a" else "e") + text[i + 1:]


def queries(count, rng):
    from catalogue import models

    people = list(models.Person.objects.filter(pk__in=sample_ids(models.Person, count, rng)))
    works = list(models.Work.objects.filter(pk__in=sample_ids(models.Work, count, rng)))
    variants = {v.person_id: v.name for v in models.PersonName.objects.filter(person__in=people)}
    drawn = []
    for person in people:
        drawn.append(("name", "people", person.name))
        if person.pk in variants:
            drawn.append(("variant", "people", variants[person.pk]))
        if person.native_name:
            drawn.append(("persian script", "people", person.native_name))
        drawn.append(("one wrong letter", "people", typo(person.name, rng)))
    for work in works:
        drawn.append(("title", "works", work.title))
    rng.shuffle(drawn)
    return drawn


def sample_ids(model, count, rng):
    from django.db.models import Max, Min

    bounds = model.objects.aggregate(low=Min("pk"), high=Max("pk"))
    return [rng.randint(bounds["low"], bounds["high"]) for _ in range(count)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--queries", type=int, default=100, help="People and works to draw queries from.")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--output", default=str(ROOT / "bench" / "results"))
    options = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from catalogue import models

    rng = random.Random(options.seed)
    client = Client(HTTP_ACCEPT="application/json", HTTP_HOST="127.0.0.1")
    timings = {}
    for kind, resource, text in queries(options.queries, rng):
        for endpoint, params in ((f"/api/v1/{resource}/", {"q": text}), ("/api/v1/search/", {"q": text})):
            client.get(endpoint, params)  # warm: connection, caches of the database
            started = time.perf_counter()
            response = client.get(endpoint, params)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, response.content[:300]
            label = f"{'q on ' + resource if endpoint != '/api/v1/search/' else 'search'}: {kind}"
            timings.setdefault(label, []).append(elapsed)

    rows = []
    for label, values in sorted(timings.items()):
        rows.append({"query": label, "n": len(values), "median_ms": round(statistics.median(values), 1),
                     "p90_ms": round(percentile(values, 0.9), 1), "p99_ms": round(percentile(values, 0.99), 1)})
    every = [v for values in timings.values() for v in values]
    names = [v for label, values in timings.items() if label.startswith("q on people") for v in values]
    summary = {
        "database": connection.vendor,
        "works": models.Work.objects.count(),
        "people": models.Person.objects.count(),
        "index_entries": models.SearchEntry.objects.count(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "median_ms_all": round(statistics.median(every), 1),
        "median_ms_name_queries_on_people": round(statistics.median(names), 1) if names else None,
        "rows": rows,
    }
    print(f"{summary['database']}: {summary['works']} works, {summary['people']} people, "
          f"{summary['index_entries']} index entries; {summary['machine']}")
    print(f"{'query':45} {'n':>5} {'median':>8} {'p90':>8} {'p99':>8}  (ms)")
    for row in rows:
        print(f"{row['query']:45} {row['n']:>5} {row['median_ms']:>8} {row['p90_ms']:>8} {row['p99_ms']:>8}")
    print(f"median of every name query on people: {summary['median_ms_name_queries_on_people']} ms")
    Path(options.output).mkdir(parents=True, exist_ok=True)
    target = Path(options.output) / f"search-{summary['database']}-{summary['works']}.json"
    target.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    print(f"written to {target}")


if __name__ == "__main__":
    main()
