"""manage.py import_oscars on the real data set (../shared/data/oscars/), as it is: a slice in
most tests (the 1st ceremony's several films and several nominees, both Steve McQueens, both
Robert Bentons, companies, unknown ids), the whole file once; rows broken on purpose; a second
run that changes nothing."""
import csv
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Q

from catalogue import models
from catalogue.choices import NameKind, NominationOutcome, WorkKind

from . import factories as make

FOLDER = Path(settings.SHARED_DIR) / "data" / "oscars"
REAL = FOLDER / "oscars.csv"
pytestmark = pytest.mark.django_db


def real_lines():
    with open(REAL, encoding="utf-8") as handle:
        return handle.read().splitlines()


HEADER = real_lines()[0].split("\t")


def field(line, name):
    values = line.split("\t")
    index = HEADER.index(name)
    return values[index] if index < len(values) else ""


def write(folder, lines):
    """The lines as they are, under the real header, beside copies of the alias files."""
    folder.mkdir(exist_ok=True)
    for aliases in FOLDER.glob("*.yaml"):
        shutil.copy(aliases, folder / aliases.name)
    path = folder / "oscars.csv"
    path.write_text("\n".join([real_lines()[0], *lines]) + "\n", encoding="utf-8")
    return path


def run(path, report):
    output = StringIO()
    call_command("import_oscars", str(path), report=str(report), stdout=output, stderr=StringIO())
    return output.getvalue().splitlines()[0]


def summary(created=0, updated=0, unchanged=0, refused=0, warnings=0):
    return (f"Academy Awards nominations: {created} created, {updated} updated, {unchanged} unchanged, "
            f"{refused} not taken; {warnings} warnings.")


SLICE_IDS = ("nm0000537", "nm2588606", "nm0072960", "nm0000914", "co0005073", "nm0000067")


@pytest.fixture
def sliced(tmp_path):
    data = real_lines()[1:]
    unknown = [line for line in data if "?" in field(line, "NomineeIds").split("|")]
    lines = [line for line in data if field(line, "Ceremony") == "1" and field(line, "Class") in ("Acting", "Title")
             or any(imdb in field(line, "NomineeIds") for imdb in SLICE_IDS[:4])
             or line in unknown[:8]]
    for imdb in SLICE_IDS[4:]:  # a few rows of the company and of the composer with aliases
        lines += [line for line in data if imdb in field(line, "NomineeIds")][:2]
    lines = list(dict.fromkeys(lines))
    return write(tmp_path / "slice", lines), lines


def test_the_ceremonies_are_numbered_editions_held_the_year_after_the_years_they_honour(sliced, tmp_path):
    path, lines = sliced

    assert run(path, tmp_path / "report.csv") == summary(created=len(lines))

    academy = models.Festival.objects.get(slug="academy-awards")
    assert (academy.kind, academy.external_ids.get().value) == ("awards", "ev0000003")
    first = academy.editions.get(number=1)
    assert (first.year, first.years_honoured, first.name, str(first)) == (
        1929, "1927/28", "1st Academy Awards", "Academy Awards, 1st edition")
    assert academy.editions.get(number=39).years_honoured == "1966"
    assert academy.editions.get(number=39).year == 1967
    assert models.Nomination.objects.count() == len(lines)
    source = models.Source.objects.get(slug="oscar-data")
    assert all(n.citations.get().source == source for n in models.Nomination.objects.all())


def test_one_nomination_for_several_films_is_counted_once_with_every_film(sliced, tmp_path):
    path, _ = sliced
    run(path, tmp_path / "report.csv")

    gaynor = models.Person.objects.get(external_ids__value="nm0310980")
    nomination = gaynor.nominations.get()
    assert (nomination.award.name, nomination.outcome) == ("Actress in a Leading Role", NominationOutcome.WON)
    assert nomination.work.title == "7th Heaven"
    assert [work.title for work in nomination.other_works.order_by("title")] == ["Street Angel", "Sunrise"]
    assert nomination.detail == "Diane; Angela; The Wife"
    sunrise = models.Work.objects.get(external_ids__value="tt0018455")
    assert sunrise.all_nominations[0] == nomination


def test_several_nominees_share_one_nomination(sliced, tmp_path):
    path, lines = sliced
    run(path, tmp_path / "report.csv")

    several = [line for line in lines if len(field(line, "NomineeIds").split("|")) > 1
               and "?" not in field(line, "NomineeIds")][0]
    ids = field(several, "NomineeIds").split("|")
    nomination = models.Nomination.objects.get(people__external_ids__value=ids[0], edition__number=int(
        field(several, "Ceremony")), award__names__name=field(several, "Category"))
    named = {*nomination.people.values_list("external_ids__value", flat=True),
             *nomination.organisations.values_list("external_ids__value", flat=True)}
    assert named == set(ids)


def test_two_people_who_share_a_name_stay_two_and_one_person_keeps_every_category(sliced, tmp_path):
    path, lines = sliced
    run(path, tmp_path / "report.csv")

    actor, director = (models.Person.objects.get(external_ids__value=imdb) for imdb in ("nm0000537", "nm2588606"))
    assert actor.pk != director.pk and actor.name == director.name == "Steve McQueen"
    assert [n.work.title for n in actor.nominations.all()] == ["The Sand Pebbles"]
    assert {n.award.name for n in director.nominations.all()} == {"Directing", "Best Picture"}

    writer = models.Person.objects.get(external_ids__value="nm0000914")
    expected = {field(line, "CanonicalCategory") for line in lines if "nm0000914" in field(line, "NomineeIds")}
    assert len({n.award_id for n in writer.nominations.all()}) == len(expected) > 1
    art_director = models.Person.objects.get(external_ids__value="nm0072960")
    assert art_director.pk != writer.pk and art_director.name == writer.name == "Robert Benton"


def test_categories_are_awards_with_their_historical_names_as_variants(sliced, tmp_path):
    path, _ = sliced
    run(path, tmp_path / "report.csv")

    actor = models.Award.objects.get(festival__slug="academy-awards", name="Actor in a Leading Role")
    assert set(actor.names.values_list("name", "kind")) == {
        ("ACTOR IN A LEADING ROLE", NameKind.ALTERNATIVE), ("ACTOR", NameKind.HISTORICAL)}
    assert models.Award.objects.get(slug="academy-awards-writing-original-screenplay").name == \
        "Writing (Original Screenplay)"


def test_companies_are_organisations_with_the_names_of_companies_yaml(sliced, tmp_path):
    path, _ = sliced
    run(path, tmp_path / "report.csv")

    universal = models.Organisation.objects.get(external_ids__value="co0005073")
    names = {universal.name, *universal.names.values_list("name", flat=True)}
    assert {"Universal", "Universal-International", "Universal City", "Universal City Studios"} <= names
    assert universal.nominations.exists()
    rozsa = models.Person.objects.get(external_ids__value="nm0000067")
    assert "Dr. Miklos Rozsa" in {rozsa.name, *rozsa.names.values_list("name", flat=True)}


def test_nominees_without_an_id_are_kept_and_companies_told_from_people_by_their_names(sliced, tmp_path):
    path, lines = sliced
    run(path, tmp_path / "report.csv")

    fox = models.Organisation.objects.get(name="Fox Film Corporation")
    assert not fox.external_ids.exists() and fox.nominations.exists()
    unknown = [line for line in lines if "?" in field(line, "NomineeIds").split("|")]
    for line in unknown:
        for name, imdb in zip(field(line, "Nominees").split("|"), field(line, "NomineeIds").split("|"), strict=True):
            if imdb == "?":
                named = Q(name=name) | Q(names__name=name)
                assert (models.Person.objects.filter(named, nominations__isnull=False).exists()
                        or models.Organisation.objects.filter(named, nominations__isnull=False).exists()), name


def test_a_second_run_creates_and_changes_nothing(sliced, tmp_path):
    path, lines = sliced
    run(path, tmp_path / "first.csv")
    tables = [models.Work, models.Person, models.Organisation, models.Nomination, models.Nomination.other_works.through,
              models.Nomination.people.through, models.Nomination.organisations.through, models.TitleVariant,
              models.PersonName, models.OrganisationName, models.AwardName, models.Award, models.ExternalId,
              models.Citation, models.FestivalEdition]
    before = {model: list(model.objects.order_by("pk").values()) for model in tables}

    assert run(path, tmp_path / "second.csv") == summary(unchanged=len(lines))
    assert {model: list(model.objects.order_by("pk").values()) for model in tables} == before


def test_existing_records_are_matched_by_imdb_id_and_a_namesake_without_one_is_not_taken(tmp_path):
    lines = [line for line in real_lines()[1:] if "nm0000537" in field(line, "NomineeIds")]
    mcqueen = make.person(name="Steve McQueen", slug="steve-mcqueen-the-director")
    models.ExternalId.objects.create(content_object=mcqueen, scheme="imdb", value="nm2588606")
    unidentified = make.person(name="Steve McQueen", slug="steve-mcqueen-unidentified")
    pebbles = make.work(title="The Sand Pebbles (curated)", year=1966)
    models.ExternalId.objects.create(content_object=pebbles, scheme="imdb", value="tt0060934")

    run(write(tmp_path / "mcqueen", lines), tmp_path / "report.csv")

    actor = models.Person.objects.get(external_ids__value="nm0000537")
    assert actor.pk not in (mcqueen.pk, unidentified.pk)
    assert not mcqueen.nominations.exists() and not unidentified.nominations.exists()
    assert actor.nominations.get().work == pebbles
    assert "The Sand Pebbles" in pebbles.titles.values_list("title", flat=True)


def test_a_pseudonym_two_people_shared_names_both_of_them(tmp_path):
    jaynes = [line for line in real_lines()[1:] if field(line, "NomineeIds") == "nm0001053,nm0001054"]
    named = [line for line in real_lines()[1:] if field(line, "NomineeIds") == "nm0001053"][:1]

    assert run(write(tmp_path / "coens", named + jaynes), tmp_path / "report.csv") == summary(created=3)

    coens = [models.Person.objects.get(external_ids__value=imdb) for imdb in ("nm0001053", "nm0001054")]
    for nomination in models.Nomination.objects.filter(award__name="Film Editing"):
        assert set(nomination.people.all()) == set(coens)
    assert coens[0].name == field(named[0], "Nominees") == "Ethan Coen"
    assert coens[0].names.get(name="Roderick Jaynes").kind == NameKind.NOM_DE_GUERRE


def test_two_technical_awards_to_one_company_at_one_ceremony_stay_two(tmp_path):
    lines = [line for line in real_lines()[1:] if field(line, "Ceremony") == "60" and field(line, "Class") == "SciTech"]
    kodak = [line for line in lines if field(line, "Nominees") == "Eastman Kodak Company"]
    assert len(kodak) == 2  # the same award, company and detail: only the citations differ

    assert run(write(tmp_path / "scitech", lines), tmp_path / "report.csv") == summary(created=len(lines))

    nominations = models.Nomination.objects.filter(organisations__name="Eastman Kodak Company")
    quotes = models.Citation.objects.filter(content_type__model="nomination", object_id__in=nominations.values("pk"))
    assert sorted(quotes.values_list("quote", flat=True)) == sorted(field(line, "Citation") for line in kodak)


def test_bad_rows_are_reported_with_their_reason_and_the_good_ones_kept(tmp_path):
    good, *others = [line for line in real_lines()[1:] if field(line, "Ceremony") == "2"][:6]

    def changed(line, **fields):
        values = line.split("\t") + [""] * (len(HEADER) - len(line.split("\t")))
        for name, value in fields.items():
            values[HEADER.index(name)] = value
        return "\t".join(values)

    broken = [
        good,
        changed(others[0], Ceremony="second"),
        changed(others[1], Year="1928-29"),
        changed(others[2], FilmId="tt1|tt2"),
        changed(others[3], NomineeIds="xx123"),
        others[4] + "\t" * (len(HEADER) - len(others[4].split("\t"))) + "\tone field too many",
    ]
    report = tmp_path / "report.csv"

    assert run(write(tmp_path / "broken", broken), report) == summary(created=1, refused=5)
    with open(report, encoding="utf-8") as handle:
        rows = [(row["row"], row["what"], row["reason"]) for row in csv.DictReader(handle)]
    assert rows == [
        ("3", "not taken", "the ceremony 'second' is not a number from 1"),
        ("4", "not taken", "the year '1928-29' is neither 1934 nor 1927/28"),
        ("5", "not taken", f"{len(field(others[2], 'Film').split('|'))} films but 2 film ids"),
        ("6", "not taken", "'xx123' is neither an IMDb name id nor a company id"),
        ("7", "not taken", "1 fields more than the header names"),
    ]
    assert models.Nomination.objects.count() == 1
    assert models.FestivalEdition.objects.get().number == 2


def test_documentaries_and_shorts_are_imported_as_their_kind(tmp_path):
    lines = [line for line in real_lines()[1:] if field(line, "Ceremony") == "96" and field(
        line, "CanonicalCategory") in ("DOCUMENTARY (Feature)", "DOCUMENTARY (Short Subject)", "SHORT FILM (Animated)")]
    run(write(tmp_path / "docs", lines), tmp_path / "report.csv")

    kinds = {work.kind for work in models.Work.objects.all()}
    assert kinds == {WorkKind.DOCUMENTARY, WorkKind.SHORT_DOCUMENTARY, WorkKind.ANIMATION}


@pytest.mark.whole_file
def test_the_whole_file(tmp_path):
    lines = real_lines()[1:]

    assert run(REAL, tmp_path / "report.csv") == summary(created=len(lines))
    assert models.Nomination.objects.count() == len(lines) == 12137
    assert models.FestivalEdition.objects.filter(festival__slug="academy-awards").count() == 98
    assert models.Award.objects.filter(festival__slug="academy-awards").count() == len(
        {field(line, "CanonicalCategory") for line in lines})
    assert models.Nomination.objects.filter(outcome=NominationOutcome.WON).count() == sum(
        field(line, "Winner") == "True" for line in lines)
    identified = {imdb for line in lines for ids in field(line, "NomineeIds").split("|") for imdb in ids.split(",")
                  if imdb.startswith(("nm", "co"))}
    assert models.ExternalId.objects.filter(value__regex=r"^(nm|co)").count() == len(identified)
    assert run(REAL, tmp_path / "again.csv") == summary(unchanged=len(lines))
