"""manage.py generate_catalogue: a realistic synthetic catalogue for benchmarks, the same for the
same seed, valid by the model's rules, and searchable at once."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from catalogue import models, search


def generate(works, seed=1):
    output = StringIO()
    call_command("generate_catalogue", works=works, seed=seed, stdout=output)
    return output.getvalue()


def snapshot():
    return {
        "works": list(models.Work.objects.order_by("pk").values_list("title", "kind", "year")),
        "people": list(models.Person.objects.order_by("pk").values_list("name", "native_name")),
        "credits": models.Credit.objects.count(),
        "nominations": models.Nomination.objects.count(),
    }


@pytest.mark.django_db
def test_it_creates_what_it_says_with_a_few_credits_per_work_and_festivals_with_nominations():
    report = generate(200)
    assert report.startswith("Created ")
    assert models.Work.objects.count() == 200
    assert 3 <= models.Credit.objects.count() / 200 <= 7
    assert models.Festival.objects.count() == 40
    assert models.FestivalEdition.objects.filter(festival__slug__startswith="fajr").exists()
    assert models.Nomination.objects.filter(outcome="won").exists()
    assert models.Person.objects.exclude(native_name="").exists()  # Persian and Arabic names in their script
    assert models.PersonName.objects.exists()  # and in other romanisations
    assert models.TitleVariant.objects.filter(kind="original").exists()


@pytest.mark.django_db
def test_every_record_keeps_the_model_rules():
    generate(60)
    for model in (models.Work, models.Person, models.Credit, models.FestivalEdition, models.Selection,
                  models.Nomination, models.Award):
        for record in model.objects.all()[:200]:
            record.full_clean()


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_catalogue_and_another_seed_another():
    generate(50, seed=3)
    first = snapshot()
    for model in (models.Nomination, models.Selection, models.Section, models.FestivalEdition, models.Award,
                  models.Festival, models.WorkSubject, models.Subject, models.Credit, models.Work,
                  models.PersonName, models.Person, models.Organisation, models.SearchEntry):
        model.objects.all().delete()
    generate(50, seed=3)
    assert snapshot() == first
    generate(50, seed=4)
    assert snapshot()["works"][50:] != first["works"]


@pytest.mark.django_db
def test_the_generated_catalogue_is_indexed_as_saves_would_index_it(api):
    generate(80)
    written = sorted(models.SearchEntry.objects.values_list("record_type", "record_id", "kind", "key", "loose"))
    search.rebuild_index()
    assert sorted(models.SearchEntry.objects.values_list("record_type", "record_id", "kind", "key", "loose")) == written
    person = models.Person.objects.exclude(native_name="").first()
    results = api.get("/api/v1/people/", {"q": person.native_name}).json()["results"]
    assert person.pk in [r["id"] for r in results]


@pytest.mark.django_db
def test_new_records_after_a_generation_take_free_ids(api):
    generate(20)
    created = models.Work.objects.create(title="After", slug="after", kind="documentary")
    assert created.pk == 21


@pytest.mark.django_db
def test_the_planner_has_the_statistics_of_the_generated_catalogue():
    generate(100)
    nominations = models.Nomination.objects.count()
    assert nominations > 100

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":  # ANALYZE's row count heads each index's statistics
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'catalogue_nomination'")
            counts = {int(stat.split()[0]) for stat, in cursor.fetchall()}
        else:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'catalogue_nomination'")
            counts = {int(reltuples) for reltuples, in cursor.fetchall()}
    assert counts == {nominations}


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="VACUUM is PostgreSQL's: this runs in the PostgreSQL suite (.ci/run)")
def test_on_postgresql_a_generated_catalogue_is_vacuumed_so_index_only_scans_skip_the_tables(settings):
    """As the benchmark makes it: manage.py in a process of its own, outside any transaction, on a
    database of its own (a test's flush of the test database would leave later tests without
    their content types)."""
    import os
    import subprocess
    import sys

    import psycopg

    database = settings.DATABASES["default"]
    server = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
    name = f"{database['NAME']}_generated_{os.getpid()}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            env = {**os.environ, "DATABASE_URL": f"{server}/{name}"}
            for command in (["migrate", "--noinput", "--verbosity", "0"], ["generate_catalogue", "--works", "30"]):
                done = subprocess.run([sys.executable, "manage.py", *command], env=env, cwd=settings.BASE_DIR,
                                      capture_output=True, text=True)
                assert done.returncode == 0, done.stderr
            with psycopg.connect(f"{server}/{name}") as generated:
                tables = generated.execute(
                    "SELECT relname, relpages, relallvisible, reltuples FROM pg_class"
                    " WHERE relkind = 'r' AND relname IN ('catalogue_work', 'catalogue_credit', 'catalogue_nomination')"
                    " ORDER BY relname").fetchall()
                nominations = generated.execute("SELECT count(*) FROM catalogue_nomination").fetchone()[0]
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    assert [table for table, *_ in tables] == ["catalogue_credit", "catalogue_nomination", "catalogue_work"]
    assert all(pages > 0 and visible == pages for _, pages, visible, _ in tables)  # the visibility map is set
    assert tables[1][3] == nominations > 30  # and the planner has the statistics
