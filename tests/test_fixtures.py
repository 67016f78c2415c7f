"""The seed fixtures: they load into an empty database, load again without duplicates, and hold
every entity the seed documents name, each cited by the documents it comes from."""
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from catalogue import models
from catalogue.choices import CreditRole, NominationOutcome, SelectionStatus

pytestmark = pytest.mark.django_db

S000 = "000_e53c3140b74485fb.txt"
S001 = "001_8905126d8b9729da.txt"
S002 = "002_e539637223b80aad.txt"
S003 = "003_ab9fbd51605f2155.txt"
S004 = "004_d4151165c551de50.txt"


def counts():
    tallies = {}
    for model in apps.get_app_config("catalogue").get_models():
        tallies[model._meta.label] = model.objects.count()
        for field in model._meta.local_many_to_many:
            tallies[field.remote_field.through._meta.label] = field.remote_field.through.objects.count()
    return tallies


def cited_by(record):
    return set(record.citations.values_list("source__seed_file", flat=True))


def test_the_seed_fixtures_load_into_an_empty_database_and_again_without_duplicates(db):
    empty = counts()
    call_command("loaddata", "seed", verbosity=0)
    once = counts()
    call_command("loaddata", "seed", verbosity=0)
    assert counts() == once
    assert once["catalogue.Work"] > empty["catalogue.Work"] == 0


def test_every_seed_document_is_one_source(seed):
    seeds = sorted(path.name for path in (settings.SHARED_DIR / "seeds").glob("*.txt"))
    assert seeds == [S000, S001, S002, S003, S004]
    assert sorted(models.Source.objects.exclude(seed_file="").values_list("seed_file", flat=True)) == seeds


SOURCES = [
    (S000, "Doc on how Gen. Soleimani broke ISIS’ Amerli siege produced", "Tehran Times", "2021-11-30",
     "https://www.tehrantimes.com/news/467580/Doc-on-how-Gen-Soleimani-broke-ISIS-Amerli-siege-produced"),
    (S001, "Doc reveals Quds Force role in breaking ISIS siege of Amerli", "Tehran Times", "2020-11-16",
     "https://www.tehrantimes.com/news/454731/Doc-reveals-Quds-Force-role-in-breaking-ISIS-siege-of-Amerli"),
    (S002, "Qasem Soleimani; A hero in the shadow", None, "2021-01-06", ""),
    (S003, "‘Michael’ dir. on meeting Gen. Soleimani", "iFilm", None, "https://en.ifilmtv.com/News/Content/26541/"),
    (S004, "Exclusive interview with Hezbollah commander in Iraq: ‘The Americans did not fight ISIS’",
     "The Cradle", "2023-01-04",
     "https://thecradle.co/article-view/19989/exclusive-interview-with-hezbollah-commander-in-iraq-the-americans-did-not-fight-isis"),
]


@pytest.mark.parametrize(("seed_file", "title", "publisher", "published", "address"), SOURCES,
                         ids=[s[0][:3] for s in SOURCES])
def test_each_seed_source_is_described_as_published(seed, seed_file, title, publisher, published, address):
    source = models.Source.objects.get(seed_file=seed_file)
    assert source.title.replace("'", "’") == title.replace("'", "’")
    assert (source.publisher.name if source.publisher else None) == publisher
    assert (source.published_on.isoformat() if source.published_on else None) == published
    assert source.url == address
    assert source.citations.exists()


# (model, lookup, the seed documents that must be cited for it)
ENTITIES = [
    (models.Work, {"title": "360° Siege"}, {S000}),
    (models.Work, {"title": "Liberation of Amerli"}, {S000, S001}),
    (models.Work, {"title": "Green Zone", "year": 2020}, {S001}),
    (models.Work, {"title": "Abadan 11, 60"}, {S001}),
    (models.Work, {"title": "Capital"}, {S003}),
    (models.Work, {"title": "Michael"}, {S003}),
    (models.Work, {"title": "Imam Ali"}, {S003}),
    (models.Work, {"title": "Madineh"}, {S003}),
    (models.Work, {"title": "The Redemption"}, {S003}),
    (models.Work, {"title": "The Wall"}, {S003}),
    (models.Work, {"title": "Until Being with Sorayya"}, {S003}),
    (models.Work, {"title": "The Days of Life"}, {S003}),
    (models.Work, {"title": "Coma"}, {S003}),
    (models.Work, {"title": "Floating in a Bubble"}, {S003}),
    (models.Person, {"name": "Hamed Hadian"}, {S000, S001}),
    (models.Person, {"name": "Komeil Karimi"}, {S000}),
    (models.Person, {"name": "Mehdi Motahhar"}, {S001}),
    (models.Person, {"name": "Behnam Bahadori"}, {S001}),
    (models.Person, {"name": "Mehrdad Khoshbakht"}, {S001}),
    (models.Person, {"name": "Sirous Moqaddam"}, {S003}),
    (models.Person, {"name": "Davoud Mirbaqeri"}, {S003}),
    (models.Person, {"name": "Daryoush Arjmand"}, {S003}),
    (models.Person, {"name": "Qassem Soleimani"}, {S000, S001, S002, S003, S004}),
    (models.Person, {"name": "Abu Mahdi al-Muhandis"}, {S004}),
    (models.Organisation, {"name": "Islamic Revolution Documentary House"}, {S001}),
    (models.Organisation, {"name": "Islamic Ideology Dissemination Organization"}, {S001}),
    (models.Organisation, {"name__startswith": "Art Bureau"}, {S001}),
    (models.Organisation, {"name__startswith": "Children"}, {S001}),
    (models.Organisation, {"name": "School of Hajji Qassem Foundation"}, {S000}),
    (models.Organisation, {"name": "iFilm"}, {S003}),
    (models.Festival, {"name": "Cinéma Vérité"}, {S001}),
    (models.Festival, {"name": "Fajr Film Festival"}, {S001}),
    (models.Festival, {"name": "Resistance International Film Festival"}, {S001}),
    (models.FestivalEdition, {"festival__name": "Cinéma Vérité", "year": 2020}, {S001}),
    (models.FestivalEdition, {"festival__name": "Fajr Film Festival", "number": 38}, {S001}),
    (models.FestivalEdition, {"festival__name": "Resistance International Film Festival", "number": 16}, {S001}),
    (models.Section, {"name": "Prominent Resistance Martyr Section"}, {S001}),
    (models.Award, {"festival__name": "Fajr Film Festival", "name__icontains": "Soleimani"}, {S001}),
    (models.Subject, {"name": "Qassem Soleimani"}, {S001}),
    (models.Subject, {"name": "Siege of Amerli"}, {S000, S001, S002, S004}),
    (models.Subject, {"name": "Amerli"}, {S000, S001}),
    (models.Subject, {"name": "Abadan"}, {S001}),
    (models.Subject, {"name__startswith": "Iran–Iraq"}, {S001}),
    (models.Subject, {"name": "Abu Mahdi al-Muhandis"}, {S004}),
    (models.Subject, {"name__icontains": "Jurf al-Sakhar"}, {S004}),
    (models.Subject, {"name__icontains": "Dhuluiya"}, {S004}),
    (models.Subject, {"name__icontains": "Tikrit"}, {S004}),
    (models.Subject, {"name__icontains": "Baiji"}, {S004}),
]


@pytest.mark.parametrize(("model", "lookup", "sources"), ENTITIES,
                         ids=[f"{m._meta.model_name}-{next(iter(lk.values()))}" for m, lk, _ in ENTITIES])
def test_each_seed_entity_is_catalogued_with_its_citations(seed, model, lookup, sources):
    record = model.objects.get(**lookup)
    assert sources <= cited_by(record)
    for citation in record.citations.all():
        citation.full_clean()


def credits(work, role):
    return sorted((c.person or c.organisation).name for c in work.credits.filter(role=role))


def test_360_siege_is_a_documentary_by_hamed_hadian_with_a_fifth_of_archival_footage(seed):
    work = models.Work.objects.get(title="360° Siege")
    assert (work.kind, work.archival_footage_percent) == ("documentary", 20)
    assert credits(work, CreditRole.DIRECTOR) == ["Hamed Hadian"]
    assert credits(work, CreditRole.GRAPHIC_DESIGNER) == ["Komeil Karimi"]
    assert S000 in {c.source.seed_file for c in work.citations.filter(field="archival_footage_percent")}
    unveiling = work.events.get(kind="unveiling")
    assert (unveiling.date.isoformat(), unveiling.organisation.name) == ("2021-11-30", "School of Hajji Qassem Foundation")
    assert {"Siege of Amerli"} <= set(work.subjects.values_list("name", flat=True))


def test_liberation_of_amerli_was_in_competition_at_cinema_verite_2020(seed):
    work = models.Work.objects.get(title="Liberation of Amerli")
    assert (work.kind, work.year) == ("documentary", 2020)
    assert credits(work, CreditRole.DIRECTOR) == ["Hamed Hadian"]
    assert credits(work, CreditRole.PRODUCER) == ["Mehdi Motahhar"]
    assert credits(work, CreditRole.PRODUCTION_COMPANY) == ["Islamic Revolution Documentary House"]
    selection = work.selections.get()
    assert (selection.edition.festival.name, selection.edition.year) == ("Cinéma Vérité", 2020)
    assert selection.status == SelectionStatus.IN_COMPETITION
    edition = selection.edition
    assert (edition.format, edition.start_date.isoformat(), edition.end_date.isoformat()) == (
        "online", "2020-12-08", "2020-12-15")
    assert cited_by(selection) == {S001}


def test_the_two_green_zones_are_not_confused_and_the_short_belongs_to_a_nested_department(seed):
    work = models.Work.objects.get(title="Green Zone", year=2020)
    assert work.kind == "short_documentary"
    assert credits(work, CreditRole.DIRECTOR) == ["Behnam Bahadori"]
    [producer] = [c.organisation for c in work.credits.filter(role=CreditRole.PRODUCTION_COMPANY)]
    chain = []
    while producer:
        chain.append(producer.name)
        producer = producer.parent
    assert chain[-1] == "Islamic Ideology Dissemination Organization"
    assert chain[1].startswith("Art Bureau") and chain[0].startswith("Children")


def test_abadan_11_60_won_the_award_named_after_soleimani_at_the_38th_fajr(seed):
    work = models.Work.objects.get(title="Abadan 11, 60")
    assert credits(work, CreditRole.DIRECTOR) == ["Mehrdad Khoshbakht"]
    nomination = work.nominations.get()
    assert nomination.outcome == NominationOutcome.WON
    assert str(nomination.edition) == "Fajr Film Festival, 38th edition"
    assert "Soleimani" in nomination.award.name
    assert cited_by(nomination) == {S001}


def test_sirous_moqaddam_directed_the_fifth_season_of_capital(seed):
    capital = models.Work.objects.get(title="Capital")
    credit = capital.credits.get(person__name="Sirous Moqaddam")
    assert (credit.role, credit.season.number) == (CreditRole.DIRECTOR, 5)


def test_imam_ali_credits_its_director_assistant_and_malek(seed):
    work = models.Work.objects.get(title="Imam Ali")
    assert work.kind == "tv_series"
    assert credits(work, CreditRole.DIRECTOR) == ["Davoud Mirbaqeri"]
    assert credits(work, CreditRole.ASSISTANT_DIRECTOR) == ["Sirous Moqaddam"]
    assert work.credits.get(role=CreditRole.CAST).character == "Malek"


@pytest.mark.parametrize("title", ["Madineh", "The Redemption", "The Wall", "Until Being with Sorayya",
                                   "The Days of Life", "Coma", "Floating in a Bubble"])
def test_each_series_aired_on_ifilm_is_directed_by_moqaddam_with_its_broadcast(seed, title):
    work = models.Work.objects.get(title=title)
    assert credits(work, CreditRole.DIRECTOR) == ["Sirous Moqaddam"]
    assert work.events.get(kind="broadcast").organisation.name == "iFilm"


def test_the_resistance_festival_has_its_special_section_as_published(seed):
    edition = models.FestivalEdition.objects.get(festival__name="Resistance International Film Festival")
    assert edition.number == 16
    assert edition.dates_display == "December 2020"
    assert list(edition.sections.values_list("name", flat=True)) == ["Prominent Resistance Martyr Section"]


def test_the_siege_of_amerli_keeps_each_sources_claim_of_its_duration(seed):
    siege = models.Subject.objects.get(name="Siege of Amerli")
    claims = sorted(siege.citations.filter(field="duration").values_list("source__seed_file", "claim"))
    assert claims == [(S000, "89 days"), (S001, "89 days"), (S002, "more than 75 days"), (S004, "80 days")]
    assert (siege.end_date.isoformat(), siege.end_precision) == ("2014-08-31", "day")


def test_soleimani_is_a_person_with_every_spelling_the_sources_use(seed):
    person = models.Person.objects.get(name="Qassem Soleimani")
    names = set(person.names.values_list("name", flat=True))
    assert {"Qasem Soleimani", "Qasim Sulaimani", "Qasim Solomon", "Hajji Qassem", "Hajj Qassem",
            "Haj Qasem Soleimani"} <= names
    assert person.native_name == "قاسم سلیمانی"
    assert person.subject.kind == "person"


def test_seed_quotations_are_copied_from_the_documents(seed):
    texts = {path.name: path.read_text() for path in (settings.SHARED_DIR / "seeds").glob("*.txt")}
    quoted = models.Citation.objects.exclude(quote="").select_related("source")
    assert quoted.exists()
    for citation in quoted:
        assert " ".join(citation.quote.split()) in " ".join(texts[citation.source.seed_file].split()), citation.quote


PARTISAN = re.compile(r"martyr|terroris|\bhero(es|ic)?\b|barbaric|tyrant|takfiri|oppressed|zionist", re.I)
OWN_WORDS = {
    models.Work: ["synopsis"], models.Person: ["biography"], models.Organisation: ["description"],
    models.Festival: ["description"], models.FestivalEdition: ["description"], models.Section: ["description"],
    models.Award: ["description"], models.Subject: ["description"], models.ReleaseEvent: ["description"],
}


@pytest.mark.parametrize("model", OWN_WORDS, ids=lambda m: m._meta.model_name)
def test_the_catalogues_own_words_are_neutral(seed, model):
    for record in model.objects.all():
        for field in OWN_WORDS[model]:
            assert not PARTISAN.search(getattr(record, field)), (record, getattr(record, field))
