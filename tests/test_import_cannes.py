"""manage.py import_cannes on the real data set (../shared/data/cannes/), as it is: a slice in
most tests, the whole file once; rows broken on purpose; matching; a second run that changes
nothing."""
import csv
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from catalogue import models
from catalogue.choices import CreditRole, TitleKind

from . import factories as make

REAL = Path(settings.SHARED_DIR) / "data" / "cannes" / "cannes_competition_films.csv"
pytestmark = pytest.mark.django_db


def real_rows():
    with open(REAL, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(real_rows()[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def run(path, report):
    output = StringIO()
    call_command("import_cannes", str(path), report=str(report), stdout=output, stderr=StringIO())
    return output.getvalue().splitlines()[0]


@pytest.fixture
def sliced(tmp_path):
    """1946 (co-directors, films in several languages) and every film of Ken Loach's (one
    director across five decades)."""
    rows = [row for row in real_rows() if row["year"] == "1946" or row["director"] == "Ken Loach"]
    return write(tmp_path / "slice.csv", rows), rows


def test_a_slice_creates_the_festival_its_editions_works_and_directors(sliced, tmp_path):
    path, rows = sliced
    summary = run(path, tmp_path / "report.csv")
    assert summary == f"Cannes competition films: {len(rows)} created, 0 updated, 0 unchanged, 0 not taken; 0 warnings."
    festival = models.Festival.objects.get(slug="cannes-film-festival")
    assert festival.external_ids.get().value == "ev0000147"
    years = sorted({int(row["year"]) for row in rows})
    assert sorted(festival.editions.values_list("year", flat=True)) == years
    assert models.Work.objects.count() == len(rows) == models.Selection.objects.count()

    beauty = models.Work.objects.get(external_ids__value="tt0038348")
    assert (beauty.title, beauty.year, beauty.runtime_minutes) == ("Beauty and the Beast", 1946, 96)
    assert list(beauty.titles.values_list("title", "kind")) == [("La Belle et la Bête", TitleKind.ORIGINAL)]
    assert list(beauty.languages.values_list("code", flat=True)) == ["fr"]
    assert sorted(beauty.credits.values_list("person__name", "role")) == [
        ("Jean Cocteau", CreditRole.CO_DIRECTOR), ("René Clément", CreditRole.CO_DIRECTOR)]
    selection = beauty.selections.get()
    assert (selection.edition.year, selection.section.name, selection.status) == (1946, "Competition",
                                                                                  "in_competition")
    source = models.Source.objects.get(slug="great-tables-films")
    assert beauty.citations.get().source == source


def test_one_director_across_five_decades_is_one_person(sliced, tmp_path):
    path, rows = sliced
    run(path, tmp_path / "report.csv")
    loach = models.Person.objects.get(name="Ken Loach")
    assert loach.credits.filter(role=CreditRole.DIRECTOR).count() == 15


def test_a_second_run_creates_and_changes_nothing(sliced, tmp_path):
    path, rows = sliced
    run(path, tmp_path / "first.csv")
    tables = [models.Work, models.Person, models.Credit, models.TitleVariant, models.Selection, models.ExternalId,
              models.Citation, models.FestivalEdition, models.Section]
    before = {model: list(model.objects.order_by("pk").values()) for model in tables}
    summary = run(path, tmp_path / "second.csv")
    assert summary == f"Cannes competition films: 0 created, 0 updated, {len(rows)} unchanged, 0 not taken; " \
                      "0 warnings."
    assert {model: list(model.objects.order_by("pk").values()) for model in tables} == before


def test_bad_rows_are_reported_with_their_reason_and_the_good_ones_kept(tmp_path):
    good, *others = [row for row in real_rows() if row["year"] == "1947"][:5]
    no_title = {**others[0], "title": ""}
    bad_year = {**others[1], "year": "19x7"}
    bad_address = {**others[2], "imdb_url": "https://example.org/film/1"}
    odd = {**others[3], "run_time": "long", "languages": "xx,fr", "countries_of_origin": "ZZ"}
    path = write(tmp_path / "broken.csv", [good, no_title, bad_year, bad_address, odd])
    summary = run(path, tmp_path / "report.csv")
    assert summary == "Cannes competition films: 2 created, 0 updated, 0 unchanged, 3 not taken; 3 warnings."
    with open(tmp_path / "report.csv", encoding="utf-8") as handle:
        report = [(row["row"], row["what"], row["reason"]) for row in csv.DictReader(handle)]
    assert report == [
        ("3", "not taken", "no title"),
        ("4", "not taken", "the year '19x7' is not a festival year"),
        ("5", "not taken", "'https://example.org/film/1' is not an IMDb title address"),
        ("6", "warning", "run time 'long' not understood; left empty"),
        ("6", "warning", "unknown language code 'xx' left out"),
        ("6", "warning", "unknown country code 'ZZ' left out"),
    ]
    kept = models.Work.objects.get(title=odd["title"])
    assert (kept.runtime_minutes, list(kept.languages.values_list("code", flat=True))) == (None, ["fr"])
    assert models.Work.objects.filter(title=good["title"]).exists()


def test_existing_records_are_matched_by_imdb_id_then_by_title_and_year_never_by_title_alone(tmp_path):
    rows = [row for row in real_rows() if row["year"] == "1946"][:3]
    by_id = make.work(title="Some other title", year=None)
    models.ExternalId.objects.create(content_object=by_id, scheme="imdb", value=rows[0]["imdb_url"].split("/")[-2])
    by_title = make.work(title=rows[1]["title"], year=1946)
    other_year = make.work(title=rows[2]["title"], year=1990)
    summary = run(write(tmp_path / "three.csv", rows), tmp_path / "report.csv")
    assert summary == "Cannes competition films: 1 created, 2 updated, 0 unchanged, 0 not taken; 0 warnings."
    by_id.refresh_from_db()
    assert (by_id.title, by_id.year) == ("Some other title", 1946)  # curated title kept, blank year filled
    assert by_title.external_ids.get().value == rows[1]["imdb_url"].split("/")[-2]
    assert models.Work.objects.filter(title=rows[2]["title"]).count() == 2
    other_year.refresh_from_db()
    assert not other_year.external_ids.exists()


def test_a_namesake_in_another_role_is_not_taken_for_the_director(tmp_path):
    actor = make.person(name="Ken Loach", slug="ken-loach-the-actor")
    models.Credit.objects.create(work=make.work(year=1990), person=actor, role=CreditRole.CAST)
    rows = [row for row in real_rows() if row["director"] == "Ken Loach"][:2]
    run(write(tmp_path / "loach.csv", rows), tmp_path / "report.csv")
    director = models.Person.objects.exclude(pk=actor.pk).get(name="Ken Loach")
    assert director.credits.filter(role=CreditRole.DIRECTOR).count() == 2
    assert not actor.credits.filter(role=CreditRole.DIRECTOR).exists()


@pytest.mark.whole_file
def test_the_whole_file(tmp_path):
    rows = real_rows()
    summary = run(REAL, tmp_path / "report.csv")
    assert summary == f"Cannes competition films: {len(rows)} created, 0 updated, 0 unchanged, 0 not taken; 0 warnings."
    assert models.Work.objects.count() == len(rows) == 1851
    assert models.FestivalEdition.objects.filter(festival__slug="cannes-film-festival").count() == len(
        {row["year"] for row in rows})
    # every director once, whatever the number of films: no two people of one name
    names = list(models.Person.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))
    assert run(REAL, tmp_path / "again.csv") == (
        f"Cannes competition films: 0 created, 0 updated, {len(rows)} unchanged, 0 not taken; 0 warnings.")
