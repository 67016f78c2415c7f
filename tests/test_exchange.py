"""The JSON Lines exchange format: its schema, `export_catalogue` / `import_catalogue`, the round
trip through an empty catalogue, bad lines, dry runs, and `POST /api/v1/import/`."""
import csv
import json
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from jsonschema import Draft202012Validator

from catalogue import exchange, models

from .api.conftest import token_client
from .api.test_writes import everything

ROOT = Path(settings.BASE_DIR)
EXAMPLE = ROOT / "fixtures" / "exchange-example.jsonl"
SCHEMA = ROOT / "catalogue" / "exchange.schema.json"
pytestmark = pytest.mark.django_db


def export_text():
    output = StringIO()
    exchange.write(exchange.export(), output)
    return output.getvalue()


def empty_the_catalogue():
    """Every catalogue record gone, the reference tables (countries, languages) kept: an empty
    catalogue, as after `migrate`. Raw deletes: the test's transaction is rolled back anyway."""
    for model in apps.get_app_config("catalogue").get_models(include_auto_created=True):
        if model not in (models.Country, models.Language) and not model._meta.label.startswith(
                "catalogue.Historical"):
            model._default_manager.all()._raw_delete(model._default_manager.db)


def import_file(path, tmp_path, *extra):
    output = StringIO()
    call_command("import_catalogue", str(path), *extra, report=str(tmp_path / "report.csv"), stdout=output)
    return output.getvalue().splitlines()[0]


def report_rows(tmp_path):
    with open(tmp_path / "report.csv", encoding="utf-8") as handle:
        return [(row["row"], row["what"], row["reason"]) for row in csv.DictReader(handle)]


def lines(*records):
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def test_the_schema_in_the_repository_is_the_one_the_code_checks_against():
    assert json.loads(SCHEMA.read_text(encoding="utf-8")) == exchange.schema()
    Draft202012Validator.check_schema(exchange.schema())


def test_every_line_of_the_example_is_valid_against_the_schema():
    validator = Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    records = [json.loads(line) for line in EXAMPLE.read_text(encoding="utf-8").splitlines()]
    assert {record["type"] for record in records} >= {"organisation", "source", "person", "festival", "edition",
                                                      "award", "work", "nomination"}
    for record in records:
        assert list(validator.iter_errors(record)) == [], record


def test_the_example_imports_into_an_empty_catalogue_and_exports_as_it_was(tmp_path):
    assert import_file(EXAMPLE, tmp_path) == "Catalogue import: 11 created, 0 updated, 0 unchanged, 0 not taken; " \
                                             "0 warnings."
    nomination = models.Nomination.objects.get()
    assert (nomination.work.title, [w.title for w in nomination.other_works.all()]) == ("7th Heaven",
                                                                                       ["Street Angel"])
    assert nomination.citations.get().source.slug == "oscar-data"
    assert models.Person.objects.get(external_ids__value="nm0310980").name == "Janet Gaynor"
    assert export_text() == EXAMPLE.read_text(encoding="utf-8")


def test_the_seed_catalogue_round_trips_through_an_empty_catalogue(seed, tmp_path):
    first = export_text()
    counts = {model: model.objects.count() for model in (models.Work, models.Credit, models.Citation,
                                                        models.PersonName, models.Nomination, models.Subject)}
    (tmp_path / "seed.jsonl").write_text(first, encoding="utf-8")
    empty_the_catalogue()
    assert models.Work.objects.count() == 0

    summary = import_file(tmp_path / "seed.jsonl", tmp_path)

    assert summary == f"Catalogue import: {len(first.splitlines())} created, 0 updated, 0 unchanged, 0 not taken; " \
                      "0 warnings."
    assert export_text() == first
    assert {model: model.objects.count() for model in counts} == counts
    # the search index follows the import
    assert models.SearchEntry.objects.filter(record_type="person").exists()


def test_a_second_import_changes_nothing_and_a_dry_run_changes_nothing(seed, tmp_path):
    path = tmp_path / "seed.jsonl"
    path.write_text(export_text(), encoding="utf-8")
    total = len(path.read_text(encoding="utf-8").splitlines())
    before = everything()

    assert import_file(path, tmp_path) == f"Catalogue import: 0 created, 0 updated, {total} unchanged, " \
                                          "0 not taken; 0 warnings."
    assert everything() == before

    empty_the_catalogue()
    emptied = everything()
    assert import_file(path, tmp_path, "--dry-run") == (
        f"Dry run, nothing changed. Catalogue import: {total} created, 0 updated, 0 unchanged, 0 not taken; "
        "0 warnings.")
    assert everything() == emptied


def test_bad_lines_are_reported_with_their_reason_and_the_good_ones_kept(tmp_path):
    path = tmp_path / "broken.jsonl"
    path.write_text(lines(
        {"type": "person", "slug": "asghar-farhadi", "name": "Asghar Farhadi", "country": "IR"},
        {"type": "film", "slug": "x"},
        {"type": "person", "slug": "p", "name": "P", "birth_year": "nineteen"},
        {"type": "person", "slug": "q", "name": "Q", "country": "XX"},
        {"type": "work", "slug": "untitled"},
        {"type": "nomination", "award": "no-such-award", "edition": "no-such-edition"},
        {"type": "person", "slug": "asghar-farhadi", "name": "Asghar Farhadi", "birth_year": 1972,
         "citations": [{"source": "no-such-source"}]},
    ) + "{not json\n", encoding="utf-8")

    summary = import_file(path, tmp_path)

    assert summary == "Catalogue import: 1 created, 1 updated, 0 unchanged, 6 not taken; 1 warnings."
    assert report_rows(tmp_path) == [
        ("2", "not taken", "unknown type 'film'; one of " + ", ".join(exchange.BY_TYPE)),
        ("3", "not taken", "birth_year: 'nineteen' is not of type 'integer', 'null'"),
        ("4", "not taken", "country: no country 'XX'"),
        ("5", "not taken", "title: This field cannot be blank.; kind: This field cannot be blank."),
        ("6", "not taken", "award: no award 'no-such-award'"),
        ("8", "not taken", "not JSON: Expecting property name enclosed in double quotes at column 2"),
        ("7", "warning", "citation: no source 'no-such-source'"),
    ]
    farhadi = models.Person.objects.get(slug="asghar-farhadi")
    assert (farhadi.birth_year, farhadi.country_id) == (1972, "IR")
    assert not models.Person.objects.filter(slug__in=["p", "q"]).exists()


def test_an_import_adds_parts_and_changes_given_fields_but_removes_nothing(tmp_path):
    call_command("import_catalogue", str(EXAMPLE), report=str(tmp_path / "first.csv"), stdout=StringIO())
    path = tmp_path / "more.jsonl"
    path.write_text(lines({"type": "work", "slug": "street-angel-1928", "runtime_minutes": 102,
                           "titles": [{"title": "L'Ange de la rue", "kind": "translated", "language": "fr"}]}),
                    encoding="utf-8")

    assert import_file(path, tmp_path) == "Catalogue import: 0 created, 1 updated, 0 unchanged, 0 not taken; " \
                                          "0 warnings."
    angel = models.Work.objects.get(slug="street-angel-1928")
    assert angel.runtime_minutes == 102
    assert list(angel.titles.values_list("title", flat=True)) == ["L'Ange de la rue"]
    assert angel.credits.count() == 2  # the credits the line did not name are kept
    assert import_file(path, tmp_path) == "Catalogue import: 0 created, 0 updated, 1 unchanged, 0 not taken; " \
                                          "0 warnings."


# The API -----------------------------------------------------------------------------------------


def post(client, body, **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return client.post(f"/api/v1/import/{'?' + query if query else ''}", data=body.encode("utf-8"),
                       content_type="application/x-ndjson")


def test_a_curator_imports_lines_and_reads_the_report(curator):
    client = token_client(curator)
    body = lines({"type": "person", "slug": "asghar-farhadi", "name": "Asghar Farhadi"},
                 {"type": "person", "slug": "bad", "name": "Bad", "country": "XX"})

    response = post(client, body)

    assert response.status_code == 200
    assert response.json() == {
        "dry_run": False,
        "summary": "Catalogue import: 1 created, 0 updated, 0 unchanged, 1 not taken; 0 warnings.",
        "counts": {"created": 1, "not taken": 1},
        "not_taken": [{"line": 2, "reason": "country: no country 'XX'"}],
        "warnings": [],
    }
    assert models.Person.objects.filter(slug="asghar-farhadi").exists()
    found = client.get("/api/v1/people/", {"q": "Asghar Farhadi"}, HTTP_ACCEPT="application/json").json()
    assert [person["slug"] for person in found["results"]] == ["asghar-farhadi"]


def test_a_dry_run_through_the_api_reports_and_changes_nothing(curator):
    before = everything()

    response = post(token_client(curator), lines({"type": "person", "slug": "asghar-farhadi", "name": "Farhadi"}),
                    dry_run="true")

    assert response.status_code == 200
    assert (response.json()["dry_run"], response.json()["counts"]) == (True, {"created": 1})
    assert everything() == before


def test_the_import_endpoint_refuses_strangers_bad_bodies_and_bad_parameters(curator, django_user_model, settings):
    body = lines({"type": "person", "slug": "asghar-farhadi", "name": "Asghar Farhadi"})
    stranger = django_user_model.objects.create_user("stranger", password="pw-stranger-1")
    client = token_client(curator)

    assert post(token_client(stranger), body).status_code == 403
    from rest_framework.test import APIClient
    assert post(APIClient(), body).status_code == 401
    assert client.post("/api/v1/import/", data=body, content_type="application/json").status_code == 415
    assert post(client, body, dry_run="perhaps").json()["errors"] == {"dry_run": ["Must be a valid boolean."]}
    settings.IMPORT_MAX_BYTES = 10
    too_big = post(client, body)
    assert too_big.status_code == 400
    assert "larger than 10 bytes" in too_big.json()["detail"]
    assert not models.Person.objects.exists()
