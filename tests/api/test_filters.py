"""The list filters, `q` search and ordering of the read API.

Each filter narrows a list to exactly the expected records, found by slug or title rather than by
numeric id: the seed fixtures, plus a few records (`extras`) that a filter has to tell apart from
the seed (a co-director and a producer of the same person, a nomination that did not win, a work
with no archival footage, ...). Each invalid value answers 400 naming its parameter, and nothing
answers 500."""
import datetime

import pytest
from django.db.models import F
from django.urls import resolve

from catalogue import models
from catalogue.choices import (
    CreditRole,
    EditionFormat,
    FestivalKind,
    NominationOutcome,
    SectionKind,
    SelectionStatus,
    SourceKind,
    SubjectRole,
    TitleKind,
    WorkKind,
)

from .. import factories as make

pytestmark = pytest.mark.django_db

RESOURCES = [
    "works", "seasons", "people", "organisations", "festivals", "editions", "sections", "selections",
    "awards", "nominations", "subjects", "sources",
]
SEARCHABLE = ["works", "seasons", "people", "organisations", "festivals", "editions", "awards", "subjects", "sources"]


# Records named by what a reader knows them by, resolved to ids when the test runs -------------


class Ref:
    """A record named by a lookup (a slug, a title, a work and a number), never by its id."""

    def __init__(self, model, **lookup):
        self.model, self.lookup = model, lookup

    @property
    def pk(self):
        return self.model.objects.get(**self.lookup).pk

    def __repr__(self):
        return f"{self.model.__name__}({', '.join(f'{k}={v}' for k, v in self.lookup.items())})"


class IdOf(Ref):
    """A parameter value given as the record's id rather than its slug."""


def work(slug):
    return Ref(models.Work, slug=slug)


def person(slug):
    return Ref(models.Person, slug=slug)


def organisation(slug):
    return Ref(models.Organisation, slug=slug)


def festival(slug):
    return Ref(models.Festival, slug=slug)


def edition(slug):
    return Ref(models.FestivalEdition, slug=slug)


def award(slug):
    return Ref(models.Award, slug=slug)


def subject(slug):
    return Ref(models.Subject, slug=slug)


def source(slug):
    return Ref(models.Source, slug=slug)


def season(work_slug, number):
    return Ref(models.Season, work__slug=work_slug, number=number)


def section(edition_slug, name):
    return Ref(models.Section, edition__slug=edition_slug, name=name)


def selection(work_slug, edition_slug):
    return Ref(models.Selection, work__slug=work_slug, edition__slug=edition_slug)


def nomination(award_slug, edition_slug, work_slug):
    return Ref(models.Nomination, award__slug=award_slug, edition__slug=edition_slug, work__slug=work_slug)


def id_of(ref):
    return IdOf(ref.model, **ref.lookup)


def resolved(params):
    """The query parameters with every record reference replaced by its id."""
    def one(value):
        return str(value.pk) if isinstance(value, Ref) else value

    return {name: [one(v) for v in value] if isinstance(value, list) else one(value) for name, value in params.items()}


def listed(api, resource, params=None):
    """The ids of the list, in its order, all on one page."""
    response = api.get(f"/api/v1/{resource}/", {**resolved(params or {}), "page_size": 100})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["count"] == len(body["results"]) <= 100
    return [row["id"] for row in body["results"]]


def ids(*refs):
    return sorted(ref.pk for ref in refs)


# Seed records by slug ---------------------------------------------------------------------------

SIEGE = "360-siege"
AMERLI = "liberation-of-amerli"
GREEN_ZONE = "green-zone-2020"
ABADAN = "abadan-11-60"
SERIES_BY_MOQADDAM = [
    "capital", "coma", "floating-in-a-bubble", "madineh", "michael", "the-days-of-life", "the-redemption",
    "the-wall", "until-being-with-sorayya",
]
SEED_WORKS = [SIEGE, AMERLI, GREEN_ZONE, ABADAN, "imam-ali", *SERIES_BY_MOQADDAM]
SEED_PEOPLE = [
    "abu-mahdi-al-muhandis", "abu-muntazer", "ali-al-sistani", "bashar-al-assad", "behnam-bahadori",
    "daryoush-arjmand", "davoud-mirbaqeri", "haider-al-abadi", "hamed-hadian", "hassan-nasrallah", "ismail-qaani",
    "komeil-karimi", "mehdi-motahhar", "mehrdad-khoshbakht", "mohammad-hossein-movahedinejad", "nuri-al-maliki",
    "qassem-soleimani", "saddam-hussein", "sirous-moqaddam",
]
CINEMA_VERITE = "cinema-verite"
FAJR = "fajr-film-festival"
RESISTANCE = "resistance-international-film-festival"
CINEMA_VERITE_2020 = "cinema-verite-2020"
FAJR_38 = "fajr-film-festival-38"
RESISTANCE_16 = "resistance-international-film-festival-16"
SOLEIMANI_AWARD = "fajr-award-named-after-qassem-soleimani"
MARTYR_SECTION = "Prominent Resistance Martyr Section"
TEHRAN_TIMES_2021 = "tehran-times-2021-doc-on-how-gen-soleimani-broke-isis-amerli-siege-produced"
TEHRAN_TIMES_2020 = "tehran-times-2020-doc-reveals-quds-force-role-in-breaking-isis-siege-of-amerli"
HERO_IN_THE_SHADOW = "qasem-soleimani-a-hero-in-the-shadow"
IFILM_MICHAEL = "ifilm-michael-dir-on-meeting-gen-soleimani"
CRADLE_INTERVIEW = "the-cradle-2023-exclusive-interview-with-hezbollah-commander-in-iraq"

# Records the extras add -------------------------------------------------------------------------

CODIRECTED = "x-codirected"  # documentary, 2019, co-directed by Hadian; won the Golden Prize, nominated at Fajr
PRODUCED = "x-produced"  # feature film, 2022, produced by Hadian and Motahhar; at no festival
NO_ARCHIVE = "x-no-archive"  # documentary, 2021, no archival footage, directed by Motahhar; special mention
DIARIES = "x-frontline-diaries"  # documentary series with two seasons and a romanised title
NOMINEE = "x-nominee"
AWARDS_BODY = "x-awards"
AWARDS_2019 = "x-awards-2019"
AWARDS_2021 = "x-awards-2021"
GOLDEN_PRIZE = "x-golden-prize"
COMPETITION = "Documentary Competition"
PANORAMA = "Panorama"
BOOK = "x-amerli-diaries"


@pytest.fixture
def extras(seed):
    """The seed fixtures and the records that let each filter include some works and exclude others."""
    hadian = models.Person.objects.get(slug="hamed-hadian")
    motahhar = models.Person.objects.get(slug="mehdi-motahhar")
    documentary_house = models.Organisation.objects.get(slug="islamic-revolution-documentary-house")

    codirected = make.work(
        slug=CODIRECTED, title="Desert Crossing", kind=WorkKind.DOCUMENTARY, year=2019, runtime_minutes=45,
        archival_footage_percent=50, first_shown_on=datetime.date(2019, 3, 1),
    )
    codirected.countries.set(["IQ"])
    codirected.languages.set(["ar"])
    models.Credit.objects.create(work=codirected, person=hadian, role=CreditRole.CO_DIRECTOR)

    produced = make.work(slug=PRODUCED, title="Borrowed Time", kind=WorkKind.FEATURE_FILM, year=2022,
                         runtime_minutes=120)
    produced.languages.set(["fa"])
    models.Credit.objects.create(work=produced, person=hadian, role=CreditRole.PRODUCER)
    models.Credit.objects.create(work=produced, person=motahhar, role=CreditRole.EXECUTIVE_PRODUCER)
    models.Credit.objects.create(work=produced, organisation=documentary_house, role=CreditRole.DISTRIBUTOR)

    no_archive = make.work(
        slug=NO_ARCHIVE, title="Without Witness", kind=WorkKind.DOCUMENTARY, year=2021, runtime_minutes=90,
        archival_footage_percent=0, first_shown_on=datetime.date(2021, 1, 1),
    )
    no_archive.countries.set(["IR", "IQ"])
    models.Credit.objects.create(work=no_archive, person=motahhar, role=CreditRole.DIRECTOR)
    models.WorkSubject.objects.create(work=no_archive, subject=models.Subject.objects.get(slug="qassem-soleimani"),
                                      role=SubjectRole.MENTIONED)

    diaries = make.work(slug=DIARIES, title="Frontline Diaries", kind=WorkKind.DOCUMENTARY_SERIES)
    models.TitleVariant.objects.create(work=diaries, title="Ruzneveshtha-ye Jebheh", kind=TitleKind.ROMANISED)
    models.Season.objects.create(work=diaries, number=1, year=2018)
    models.Season.objects.create(work=diaries, number=2, year=2019)

    nominee = make.person(slug=NOMINEE, name="Xavier Nominee", country_id="FR", birth_year=1970)

    # Two founding years, so that ordering by it can tell ascending from descending.
    models.Festival.objects.filter(slug=FAJR).update(founded_year=1982)
    body = make.festival(slug=AWARDS_BODY, name="Prix Lumière", kind=FestivalKind.AWARDS, country_id="FR",
                         founded_year=1990)
    in_2019 = make.edition(festival=body, slug=AWARDS_2019, year=2019, number=1, format=EditionFormat.HYBRID,
                           start_date=datetime.date(2019, 5, 1))
    in_2021 = make.edition(festival=body, slug=AWARDS_2021, year=2021, number=2, format=EditionFormat.IN_PERSON,
                           start_date=datetime.date(2021, 6, 1))
    competition = models.Section.objects.create(edition=in_2021, name=COMPETITION, kind=SectionKind.COMPETITION,
                                                order=1)
    models.Section.objects.create(edition=in_2021, name=PANORAMA, kind=SectionKind.SIDEBAR, order=2)
    models.Selection.objects.create(work=codirected, edition=in_2021, section=competition,
                                    status=SelectionStatus.IN_COMPETITION)
    models.Selection.objects.create(work=no_archive, edition=in_2019, status=SelectionStatus.OUT_OF_COMPETITION)

    golden = make.award(festival=body, slug=GOLDEN_PRIZE, name="Golden Prize")
    models.AwardName.objects.create(award=golden, name="Prix d’Or")
    won = models.Nomination.objects.create(award=golden, edition=in_2021, work=codirected,
                                           outcome=NominationOutcome.WON)
    won.people.set([nominee])
    won.organisations.set([documentary_house])
    models.Nomination.objects.create(award=golden, edition=in_2019, work=no_archive,
                                     outcome=NominationOutcome.SPECIAL_MENTION)
    at_fajr = models.Nomination.objects.create(
        award=models.Award.objects.get(slug=SOLEIMANI_AWARD), edition=models.FestivalEdition.objects.get(slug=FAJR_38),
        work=codirected, outcome=NominationOutcome.NOMINATED,
    )
    at_fajr.people.set([hadian])

    make.source(slug=BOOK, title="Amerli Diaries", kind=SourceKind.BOOK, published_on=datetime.date(2019, 5, 1))


# 1. Every filter of every list narrows it to exactly the expected records -----------------------

ALL_WORKS = [*SEED_WORKS, CODIRECTED, PRODUCED, NO_ARCHIVE, DIARIES]


def works(*slugs):
    return [work(slug) for slug in slugs]


def all_works_but(*slugs):
    return works(*(slug for slug in ALL_WORKS if slug not in slugs))


def people(*slugs):
    return [person(slug) for slug in slugs]


FILTER_CASES = [
    # works
    ("works", {"kind": "documentary"}, works(SIEGE, AMERLI, CODIRECTED, NO_ARCHIVE)),
    ("works", {"kind": ["documentary", "short_documentary"]}, works(SIEGE, AMERLI, GREEN_ZONE, CODIRECTED, NO_ARCHIVE)),
    ("works", {"kind": ["short_documentary", "documentary_series"]}, works(GREEN_ZONE, DIARIES)),
    ("works", {"year": "2021"}, works(SIEGE, NO_ARCHIVE)),
    ("works", {"year_min": "2021"}, works(SIEGE, NO_ARCHIVE, PRODUCED)),
    ("works", {"year_max": "2019"}, works(CODIRECTED)),
    ("works", {"year_min": "2020", "year_max": "2020"}, works(AMERLI, GREEN_ZONE, ABADAN)),
    ("works", {"country": "IQ"}, works(CODIRECTED, NO_ARCHIVE)),
    ("works", {"country": "iq"}, works(CODIRECTED, NO_ARCHIVE)),
    ("works", {"language": "ar"}, works(CODIRECTED)),
    ("works", {"language": "FA"}, works(ABADAN, "imam-ali", *SERIES_BY_MOQADDAM, PRODUCED)),
    ("works", {"director": "hamed-hadian"}, works(SIEGE, AMERLI, CODIRECTED)),
    ("works", {"director": id_of(person("hamed-hadian"))}, works(SIEGE, AMERLI, CODIRECTED)),
    ("works", {"director": "sirous-moqaddam"}, works(*SERIES_BY_MOQADDAM)),
    ("works", {"producer": "mehdi-motahhar"}, works(AMERLI, PRODUCED)),
    ("works", {"producer": id_of(person("mehdi-motahhar"))}, works(AMERLI, PRODUCED)),
    ("works", {"producer": "hamed-hadian"}, works(PRODUCED)),
    ("works", {"person": "sirous-moqaddam"}, works("imam-ali", *SERIES_BY_MOQADDAM)),
    ("works", {"person": "hamed-hadian"}, works(SIEGE, AMERLI, CODIRECTED, PRODUCED)),
    ("works", {"person": id_of(person("mehdi-motahhar"))}, works(AMERLI, PRODUCED, NO_ARCHIVE)),
    ("works", {"organisation": "islamic-revolution-documentary-house"}, works(AMERLI, PRODUCED)),
    ("works", {"organisation": id_of(organisation("art-bureau-childrens-department"))}, works(GREEN_ZONE)),
    ("works", {"festival": CINEMA_VERITE}, works(AMERLI)),
    ("works", {"festival": id_of(festival(FAJR))}, works(ABADAN, CODIRECTED)),
    ("works", {"festival": AWARDS_BODY}, works(CODIRECTED, NO_ARCHIVE)),
    ("works", {"festival": RESISTANCE}, []),
    ("works", {"edition": CINEMA_VERITE_2020}, works(AMERLI)),
    ("works", {"edition": FAJR_38}, works(ABADAN, CODIRECTED)),
    ("works", {"edition": id_of(edition(AWARDS_2019))}, works(NO_ARCHIVE)),
    ("works", {"award": SOLEIMANI_AWARD}, works(ABADAN, CODIRECTED)),
    ("works", {"award": id_of(award(GOLDEN_PRIZE))}, works(CODIRECTED, NO_ARCHIVE)),
    ("works", {"won": "true"}, works(ABADAN, CODIRECTED)),
    ("works", {"won": "false"}, all_works_but(ABADAN, CODIRECTED)),
    ("works", {"nominated": "true"}, works(ABADAN, CODIRECTED, NO_ARCHIVE)),
    ("works", {"nominated": "false"}, all_works_but(ABADAN, CODIRECTED, NO_ARCHIVE)),
    ("works", {"festival": FAJR, "won": "false"}, works(CODIRECTED)),
    ("works", {"subject": "qassem-soleimani"}, works(SIEGE, GREEN_ZONE, NO_ARCHIVE)),
    ("works", {"subject": id_of(subject("siege-of-amerli"))}, works(SIEGE, AMERLI)),
    ("works", {"runtime_min": "90"}, works(NO_ARCHIVE, PRODUCED)),
    ("works", {"runtime_max": "90"}, works(CODIRECTED, NO_ARCHIVE)),
    ("works", {"runtime_min": "46", "runtime_max": "119"}, works(NO_ARCHIVE)),
    ("works", {"has_archival_footage": "true"}, works(SIEGE, CODIRECTED)),
    ("works", {"has_archival_footage": "false"}, all_works_but(SIEGE, CODIRECTED)),
    ("works", {"q": "siege"}, works(SIEGE)),
    ("works", {"text": "Mazandaran"}, works("capital")),
    ("works", {"text": "comedy television"}, works("capital")),
    ("works", {"q": "paytakht"}, works("capital")),
    ("works", {"q": "ruzneveshtha ye jebheh"}, works(DIARIES)),
    # seasons
    ("seasons", {"work": "capital"}, [season("capital", 5)]),
    ("seasons", {"work": id_of(work(DIARIES))}, [season(DIARIES, 1), season(DIARIES, 2)]),
    ("seasons", {"year": "2019"}, [season(DIARIES, 2)]),
    ("seasons", {"q": "paytakht"}, [season("capital", 5)]),
    ("seasons", {"q": "frontline"}, [season(DIARIES, 1), season(DIARIES, 2)]),
    ("seasons", {"q": "Ruzneveshtha"}, [season(DIARIES, 1), season(DIARIES, 2)]),
    # people
    ("people", {"role": "director"}, people("behnam-bahadori", "davoud-mirbaqeri", "hamed-hadian", "mehdi-motahhar",
                                            "mehrdad-khoshbakht", "sirous-moqaddam")),
    ("people", {"role": "co_director"}, people("hamed-hadian")),
    ("people", {"role": "executive_producer"}, people("mehdi-motahhar")),
    ("people", {"role": "cast"}, people("daryoush-arjmand")),
    ("people", {"work": "imam-ali"}, people("davoud-mirbaqeri", "sirous-moqaddam", "daryoush-arjmand")),
    ("people", {"work": id_of(work(PRODUCED))}, people("hamed-hadian", "mehdi-motahhar")),
    ("people", {"festival": CINEMA_VERITE}, people("hamed-hadian", "mehdi-motahhar")),
    ("people", {"festival": FAJR}, people("mehrdad-khoshbakht", "hamed-hadian")),
    ("people", {"festival": id_of(festival(AWARDS_BODY))}, people(NOMINEE, "hamed-hadian", "mehdi-motahhar")),
    ("people", {"award": SOLEIMANI_AWARD}, people("mehrdad-khoshbakht", "hamed-hadian")),
    ("people", {"award": id_of(award(GOLDEN_PRIZE))}, people(NOMINEE, "hamed-hadian", "mehdi-motahhar")),
    ("people", {"won": "true"}, people("mehrdad-khoshbakht", "hamed-hadian", NOMINEE)),
    ("people", {"won": "false"}, people(*(p for p in SEED_PEOPLE if p not in {"mehrdad-khoshbakht", "hamed-hadian"}))),
    ("people", {"festival": FAJR, "won": "true"}, people("mehrdad-khoshbakht")),
    ("people", {"award": GOLDEN_PRIZE, "won": "false"}, people("mehdi-motahhar")),
    ("people", {"award": SOLEIMANI_AWARD, "won": "false"}, people("hamed-hadian")),
    ("people", {"country": "FR"}, people(NOMINEE)),
    ("people", {"country": "iq"}, people("abu-mahdi-al-muhandis", "haider-al-abadi", "nuri-al-maliki",
                                         "saddam-hussein")),
    ("people", {"q": "sayyed"}, people("ali-al-sistani", "hassan-nasrallah")),
    ("people", {"text": "airstrike baghdad"}, people("qassem-soleimani", "abu-mahdi-al-muhandis")),
    ("people", {"q": "moghaddam"}, people("sirous-moqaddam")),
    # organisations
    ("organisations", {"kind": "department"}, [organisation("art-bureau"),
                                               organisation("art-bureau-childrens-department")]),
    ("organisations", {"kind": ["news_agency", "broadcaster"]}, [organisation("tasnim-news-agency"),
                                                                 organisation("ifilm")]),
    ("organisations", {"parent": "military-council-iraq-2014"}, [
        organisation("al-qaqaa-brigades"), organisation("brigade-of-the-messenger-of-god"),
        organisation("salah-al-din-brigades"), organisation("twentieth-revolution")]),
    ("organisations", {"parent": id_of(organisation("islamic-ideology-dissemination-organization"))},
     [organisation("art-bureau")]),
    ("organisations", {"country": "GB"}, [organisation("the-daily-telegraph")]),
    ("organisations", {"country": "us"}, [organisation("the-new-york-times")]),
    ("organisations", {"q": "hashd"}, [organisation("popular-mobilization-units")]),
    ("organisations", {"q": "daesh"}, [organisation("isis")]),
    ("organisations", {"text": "hozeh honari"}, [organisation("art-bureau")]),
    # festivals
    ("festivals", {"kind": "awards"}, [festival(AWARDS_BODY)]),
    ("festivals", {"kind": ["film_festival"]}, [festival(CINEMA_VERITE), festival(FAJR), festival(RESISTANCE)]),
    ("festivals", {"country": "FR"}, [festival(AWARDS_BODY)]),
    ("festivals", {"country": "ir"}, [festival(CINEMA_VERITE), festival(FAJR), festival(RESISTANCE)]),
    ("festivals", {"q": "lumiere"}, [festival(AWARDS_BODY)]),
    ("festivals", {"q": "fajr international"}, [festival(FAJR)]),
    ("festivals", {"text": "Tehran"}, [festival(FAJR), festival("cinema-verite")]),
    # editions
    ("editions", {"festival": AWARDS_BODY}, [edition(AWARDS_2019), edition(AWARDS_2021)]),
    ("editions", {"festival": id_of(festival(CINEMA_VERITE))}, [edition(CINEMA_VERITE_2020)]),
    ("editions", {"year": "2020"}, [edition(CINEMA_VERITE_2020), edition(FAJR_38), edition(RESISTANCE_16)]),
    ("editions", {"year_min": "2021"}, [edition(AWARDS_2021)]),
    ("editions", {"year_max": "2019"}, [edition(AWARDS_2019)]),
    ("editions", {"year_min": "2020", "year_max": "2021"}, [edition(CINEMA_VERITE_2020), edition(FAJR_38),
                                                            edition(RESISTANCE_16), edition(AWARDS_2021)]),
    ("editions", {"edition_format": "online"}, [edition(CINEMA_VERITE_2020)]),
    ("editions", {"edition_format": ["hybrid", "in_person"]}, [edition(AWARDS_2019), edition(AWARDS_2021)]),
    ("editions", {"q": "fajr"}, [edition(FAJR_38)]),
    ("editions", {"q": "iran international documentary"}, [edition(CINEMA_VERITE_2020)]),
    ("editions", {"q": "lumière"}, [edition(AWARDS_2019), edition(AWARDS_2021)]),
    # sections
    ("sections", {"festival": RESISTANCE}, [section(RESISTANCE_16, MARTYR_SECTION)]),
    ("sections", {"festival": id_of(festival(AWARDS_BODY))}, [section(AWARDS_2021, COMPETITION),
                                                              section(AWARDS_2021, PANORAMA)]),
    ("sections", {"edition": AWARDS_2021}, [section(AWARDS_2021, COMPETITION), section(AWARDS_2021, PANORAMA)]),
    ("sections", {"edition": id_of(edition(RESISTANCE_16))}, [section(RESISTANCE_16, MARTYR_SECTION)]),
    ("sections", {"kind": "special"}, [section(RESISTANCE_16, MARTYR_SECTION)]),
    ("sections", {"kind": "sidebar"}, [section(AWARDS_2021, PANORAMA)]),
    ("sections", {"kind": ["competition", "sidebar"]}, [section(AWARDS_2021, COMPETITION),
                                                        section(AWARDS_2021, PANORAMA)]),
    # selections
    ("selections", {"festival": CINEMA_VERITE}, [selection(AMERLI, CINEMA_VERITE_2020)]),
    ("selections", {"festival": id_of(festival(AWARDS_BODY))}, [selection(CODIRECTED, AWARDS_2021),
                                                                selection(NO_ARCHIVE, AWARDS_2019)]),
    ("selections", {"edition": AWARDS_2019}, [selection(NO_ARCHIVE, AWARDS_2019)]),
    ("selections", {"edition": id_of(edition(CINEMA_VERITE_2020))}, [selection(AMERLI, CINEMA_VERITE_2020)]),
    ("selections", {"section": id_of(section(AWARDS_2021, COMPETITION))}, [selection(CODIRECTED, AWARDS_2021)]),
    ("selections", {"section": id_of(section(AWARDS_2021, PANORAMA))}, []),
    ("selections", {"work": AMERLI}, [selection(AMERLI, CINEMA_VERITE_2020)]),
    ("selections", {"work": id_of(work(NO_ARCHIVE))}, [selection(NO_ARCHIVE, AWARDS_2019)]),
    ("selections", {"status": "in_competition"}, [selection(AMERLI, CINEMA_VERITE_2020),
                                                  selection(CODIRECTED, AWARDS_2021)]),
    ("selections", {"status": ["out_of_competition", "special_screening"]}, [selection(NO_ARCHIVE, AWARDS_2019)]),
    ("selections", {"year_min": "2021"}, [selection(CODIRECTED, AWARDS_2021)]),
    ("selections", {"year_max": "2019"}, [selection(NO_ARCHIVE, AWARDS_2019)]),
    ("selections", {"year_min": "2020", "year_max": "2020"}, [selection(AMERLI, CINEMA_VERITE_2020)]),
    # awards
    ("awards", {"festival": FAJR}, [award(SOLEIMANI_AWARD)]),
    ("awards", {"festival": id_of(festival(AWARDS_BODY))}, [award(GOLDEN_PRIZE)]),
    ("awards", {"festival": CINEMA_VERITE}, []),
    ("awards", {"q": "soleimani"}, [award(SOLEIMANI_AWARD)]),
    ("awards", {"text": "JIHAD"}, [award(SOLEIMANI_AWARD)]),
    ("awards", {"q": "prix d'or"}, [award(GOLDEN_PRIZE)]),
    # nominations
    ("nominations", {"festival": FAJR}, [nomination(SOLEIMANI_AWARD, FAJR_38, ABADAN),
                                         nomination(SOLEIMANI_AWARD, FAJR_38, CODIRECTED)]),
    ("nominations", {"festival": id_of(festival(AWARDS_BODY))}, [nomination(GOLDEN_PRIZE, AWARDS_2021, CODIRECTED),
                                                                 nomination(GOLDEN_PRIZE, AWARDS_2019, NO_ARCHIVE)]),
    ("nominations", {"edition": AWARDS_2019}, [nomination(GOLDEN_PRIZE, AWARDS_2019, NO_ARCHIVE)]),
    ("nominations", {"edition": id_of(edition(FAJR_38))}, [nomination(SOLEIMANI_AWARD, FAJR_38, ABADAN),
                                                           nomination(SOLEIMANI_AWARD, FAJR_38, CODIRECTED)]),
    ("nominations", {"award": GOLDEN_PRIZE}, [nomination(GOLDEN_PRIZE, AWARDS_2021, CODIRECTED),
                                              nomination(GOLDEN_PRIZE, AWARDS_2019, NO_ARCHIVE)]),
    ("nominations", {"award": id_of(award(SOLEIMANI_AWARD))}, [nomination(SOLEIMANI_AWARD, FAJR_38, ABADAN),
                                                               nomination(SOLEIMANI_AWARD, FAJR_38, CODIRECTED)]),
    ("nominations", {"year_min": "2021"}, [nomination(GOLDEN_PRIZE, AWARDS_2021, CODIRECTED)]),
    ("nominations", {"year_max": "2019"}, [nomination(GOLDEN_PRIZE, AWARDS_2019, NO_ARCHIVE)]),
    ("nominations", {"year_min": "2020", "year_max": "2020"}, [nomination(SOLEIMANI_AWARD, FAJR_38, ABADAN),
                                                               nomination(SOLEIMANI_AWARD, FAJR_38, CODIRECTED)]),
    ("nominations", {"outcome": "won"}, [nomination(SOLEIMANI_AWARD, FAJR_38, ABADAN),
                                         nomination(GOLDEN_PRIZE, AWARDS_2021, CODIRECTED)]),
    ("nominations", {"outcome": ["nominated", "special_mention"]}, [nomination(GOLDEN_PRIZE, AWARDS_2019, NO_ARCHIVE),
                                                                    nomination(SOLEIMANI_AWARD, FAJR_38, CODIRECTED)]),
    ("nominations", {"work": CODIRECTED}, [nomination(GOLDEN_PRIZE, AWARDS_2021, CODIRECTED),
                                           nomination(SOLEIMANI_AWARD, FAJR_38, CODIRECTED)]),
    ("nominations", {"work": id_of(work(ABADAN))}, [nomination(SOLEIMANI_AWARD, FAJR_38, ABADAN)]),
    ("nominations", {"person": NOMINEE}, [nomination(GOLDEN_PRIZE, AWARDS_2021, CODIRECTED)]),
    ("nominations", {"person": id_of(person("hamed-hadian"))}, [nomination(SOLEIMANI_AWARD, FAJR_38, CODIRECTED)]),
    ("nominations", {"person": "mehrdad-khoshbakht"}, []),
    ("nominations", {"organisation": "islamic-revolution-documentary-house"},
     [nomination(GOLDEN_PRIZE, AWARDS_2021, CODIRECTED)]),
    ("nominations", {"organisation": id_of(organisation("islamic-revolution-documentary-house"))},
     [nomination(GOLDEN_PRIZE, AWARDS_2021, CODIRECTED)]),
    # subjects
    ("subjects", {"kind": "place"}, [subject("abadan"), subject("amerli"), subject("saladin-governorate"),
                                     subject("tooz-district")]),
    ("subjects", {"kind": ["person", "organisation"]}, [subject("abu-mahdi-al-muhandis"),
                                                        subject("qassem-soleimani"), subject("quds-force")]),
    ("subjects", {"part_of": "war-against-isis-in-iraq"}, [
        subject("battle-of-al-dhuluiya"), subject("battle-of-baiji"), subject("battle-of-jurf-al-sakhar"),
        subject("battle-of-tikrit"), subject("siege-of-amerli")]),
    ("subjects", {"part_of": id_of(subject("saladin-governorate"))}, [subject("tooz-district")]),
    ("subjects", {"part_of": "tooz-district"}, [subject("amerli")]),
    ("subjects", {"work": SIEGE}, [subject("qassem-soleimani"), subject("siege-of-amerli"), subject("amerli")]),
    ("subjects", {"work": id_of(work(NO_ARCHIVE))}, [subject("qassem-soleimani")]),
    ("subjects", {"q": "amerli"}, [subject("amerli"), subject("siege-of-amerli")]),
    ("subjects", {"text": "turkmen"}, [subject("amerli")]),
    ("subjects", {"q": "tuz khurmatu"}, [subject("tooz-district")]),
    # sources
    ("sources", {"publisher": "tehran-times"}, [source(TEHRAN_TIMES_2021), source(TEHRAN_TIMES_2020)]),
    ("sources", {"publisher": id_of(organisation("the-cradle"))}, [source(CRADLE_INTERVIEW)]),
    ("sources", {"published_min": "2021-01-06"}, [source(TEHRAN_TIMES_2021), source(HERO_IN_THE_SHADOW),
                                                  source(CRADLE_INTERVIEW)]),
    ("sources", {"published_max": "2021-01-06"}, [source(TEHRAN_TIMES_2020), source(HERO_IN_THE_SHADOW),
                                                  source(BOOK)]),
    ("sources", {"published_min": "2021-01-01", "published_max": "2021-12-31"}, [source(TEHRAN_TIMES_2021),
                                                                                 source(HERO_IN_THE_SHADOW)]),
    ("sources", {"kind": "interview"}, [source(CRADLE_INTERVIEW)]),
    ("sources", {"kind": ["interview", "book"]}, [source(CRADLE_INTERVIEW), source(BOOK)]),
    ("sources", {"kind": "news_article"}, [source(TEHRAN_TIMES_2021), source(TEHRAN_TIMES_2020),
                                           source(HERO_IN_THE_SHADOW), source(IFILM_MICHAEL)]),
    ("sources", {"q": "amerli siege"}, [source(TEHRAN_TIMES_2021), source(TEHRAN_TIMES_2020)]),
    ("sources", {"q": "soleimani"}, [source(TEHRAN_TIMES_2021), source(HERO_IN_THE_SHADOW), source(IFILM_MICHAEL)]),
]


def case_id(resource, params):
    shown = "&".join(
        f"{name}={'<id>' if isinstance(value, IdOf) else '+'.join(value) if isinstance(value, list) else value}"
        for name, value in params.items()
    )
    return f"{resource}?{shown}"


def by_parameter(cases):
    """The cases grouped by list and by their first parameter: one test per filter, so that the
    seed is loaded once for all the ways that filter is tried."""
    groups = {}
    for resource, params, expected in cases:
        groups.setdefault((resource, next(iter(params))), []).append((params, expected))
    return [pytest.param(resource, group, id=f"{resource}-{parameter}")
            for (resource, parameter), group in groups.items()]


@pytest.mark.parametrize(("resource", "cases"), by_parameter(FILTER_CASES))
def test_each_filter_narrows_the_list_to_exactly_the_expected_records(api, extras, resource, cases):
    wrong = {}
    for params, expected in cases:
        found, wanted = sorted(listed(api, resource, params)), ids(*expected)
        if found != wanted:
            wrong[case_id(resource, params)] = {"found": found, "expected": wanted, "expected records": expected}
    assert wrong == {}


FILTERS = {
    "works": {"kind", "year", "year_min", "year_max", "country", "language", "director", "producer", "person",
              "organisation", "festival", "edition", "award", "won", "nominated", "subject", "runtime_min",
              "runtime_max", "has_archival_footage", "q", "text"},
    "seasons": {"work", "year", "q"},
    "people": {"role", "work", "festival", "award", "won", "country", "q", "text"},
    "organisations": {"kind", "parent", "country", "q", "text"},
    "festivals": {"kind", "country", "q", "text"},
    "editions": {"festival", "year", "year_min", "year_max", "edition_format", "q"},
    "sections": {"festival", "edition", "kind"},
    "selections": {"festival", "edition", "section", "work", "status", "year_min", "year_max"},
    "awards": {"festival", "q", "text"},
    "nominations": {"festival", "edition", "award", "year_min", "year_max", "outcome", "work", "person",
                    "organisation"},
    "subjects": {"kind", "part_of", "work", "q", "text"},
    "sources": {"publisher", "published_min", "published_max", "kind", "q"},
}


def view_of(resource):
    return resolve(f"/api/v1/{resource}/").func.cls


def test_every_filter_of_every_list_has_a_case():
    declared = {resource: set(view_of(resource).filterset_class.base_filters) for resource in RESOURCES}
    tested = {resource: set() for resource in RESOURCES}
    for resource, params, _ in FILTER_CASES:
        tested[resource] |= set(params)
    assert declared == FILTERS
    assert tested == FILTERS


def test_a_record_filter_finds_the_same_records_by_slug_as_by_id(api, extras):
    for resource, parameter, ref in [
        ("works", "director", person("hamed-hadian")),
        ("works", "producer", person("mehdi-motahhar")),
        ("works", "person", person("sirous-moqaddam")),
        ("works", "festival", festival(FAJR)),
        ("works", "award", award(SOLEIMANI_AWARD)),
        ("people", "work", work("imam-ali")),
        ("nominations", "person", person(NOMINEE)),
    ]:
        by_slug = listed(api, resource, {parameter: ref.lookup["slug"]})
        assert by_slug, (resource, parameter)
        assert listed(api, resource, {parameter: ref}) == by_slug, (resource, parameter)


# 2. The acceptance cases ----------------------------------------------------------------


def test_the_documentaries_of_hamed_hadian_are_listed_each_with_its_sources(api, seed):
    response = api.get("/api/v1/works/", {"director": "hamed-hadian", "kind": "documentary"})

    assert response.status_code == 200
    results = response.json()["results"]
    assert sorted(row["id"] for row in results) == ids(work(SIEGE), work(AMERLI))
    assert {row["title"]: sorted(source["title"] for source in row["sources"]) for row in results} == {
        "360° Siege": ["Doc on how Gen. Soleimani broke ISIS’ Amerli siege produced"],
        "Liberation of Amerli": [
            "Doc on how Gen. Soleimani broke ISIS’ Amerli siege produced",
            "Doc reveals Quds Force role in breaking ISIS siege of Amerli",
        ],
    }
    assert {source["publisher"] for row in results for source in row["sources"]} == {"Tehran Times"}


@pytest.mark.parametrize(("resource", "query", "expected"), [
    ("works", "360 siege", [work(SIEGE)]),
    ("works", "360° SIEGE", [work(SIEGE)]),
    ("works", "amerli", [work(AMERLI)]),
    ("works", "  Liberation,   of... AMERLI!  ", [work(AMERLI)]),
    ("festivals", "cinema verite", [festival(CINEMA_VERITE)]),
    ("festivals", "CINÉMA-VÉRITÉ", [festival(CINEMA_VERITE)]),
    ("subjects", "hajj qassem", [subject("qassem-soleimani")]),
    ("people", "HAMED hadian", [person("hamed-hadian")]),
    ("people", "hadian, hamed", [person("hamed-hadian")]),
    ("people", "علی السیستانی", [person("ali-al-sistani")]),
    ("organisations", "childrens department", [organisation("art-bureau-childrens-department")]),
    ("organisations", "Children’s Department", [organisation("art-bureau-childrens-department")]),
], ids=lambda value: value if isinstance(value, str) else None)
def test_q_ignores_case_accents_and_punctuation(api, seed, resource, query, expected):
    assert sorted(listed(api, resource, {"q": query})) == ids(*expected)


def test_q_finds_a_work_by_a_spelling_of_one_of_its_title_variants(api, seed):
    night = make.work(slug="the-long-night", title="The Long Night")
    models.TitleVariant.objects.create(work=night, title="Shab-e Boland", kind=TitleKind.ROMANISED)
    models.TitleVariant.objects.create(work=night, title="شب بلند", kind=TitleKind.ORIGINAL)
    make.work(slug="shab", title="Shab")

    assert listed(api, "works", {"q": "shab e boland"}) == [night.pk]
    assert listed(api, "works", {"q": "SHAB-E BOLAND"}) == [night.pk]
    assert listed(api, "works", {"q": "شب بلند"}) == [night.pk]


@pytest.mark.parametrize("resource", SEARCHABLE)
def test_q_of_nothing_but_punctuation_finds_nothing_rather_than_everything(api, seed, resource):
    assert listed(api, resource, {"q": "!!!"}) == []
    assert listed(api, resource, {"q": "-- ’ ..."}) == []


# 3. Semantics worth pinning ---------------------------------------------------------------------


def test_award_with_won_true_lists_the_winners_of_that_award_not_of_any_award(api, extras):
    # Desert Crossing won the Golden Prize but was only nominated for the Soleimani award.
    assert listed(api, "works", {"award": SOLEIMANI_AWARD, "won": "true"}) == [work(ABADAN).pk]
    assert listed(api, "works", {"award": GOLDEN_PRIZE, "won": "true"}) == [work(CODIRECTED).pk]
    assert listed(api, "works", {"award": SOLEIMANI_AWARD, "won": "false"}) == [work(CODIRECTED).pk]


def test_festival_on_works_lists_works_selected_there_and_works_nominated_there(api, extras):
    # Liberation of Amerli was only selected at Cinéma Vérité; Abadan 11, 60 only nominated at Fajr;
    # Without Witness was selected and nominated at another festival, so it belongs to neither.
    assert listed(api, "works", {"festival": CINEMA_VERITE}) == [work(AMERLI).pk]
    assert sorted(listed(api, "works", {"festival": FAJR})) == ids(work(ABADAN), work(CODIRECTED))
    assert sorted(listed(api, "works", {"edition": AWARDS_2021})) == ids(work(CODIRECTED))


def test_festival_on_works_excludes_a_work_nominated_only_at_another_festival(api, seed):
    elsewhere = make.edition(year=2021)
    nominated_elsewhere = make.work()
    models.Nomination.objects.create(award=make.award(festival=elsewhere.festival), edition=elsewhere,
                                     work=nominated_elsewhere)

    assert listed(api, "works", {"festival": FAJR}) == [work(ABADAN).pk]
    assert listed(api, "works", {"festival": elsewhere.festival.slug}) == [nominated_elsewhere.pk]


def test_repeated_kind_lists_works_of_any_of_the_kinds(api, seed):
    documentaries = listed(api, "works", {"kind": "documentary"})
    shorts = listed(api, "works", {"kind": "short_documentary"})
    both = listed(api, "works", {"kind": ["documentary", "short_documentary"]})

    assert sorted(both) == sorted(documentaries + shorts) == ids(work(SIEGE), work(AMERLI), work(GREEN_ZONE))


def test_won_false_excludes_winners_but_keeps_other_nominees_and_works_never_nominated(api, extras):
    not_won = listed(api, "works", {"won": "false"})

    assert work(ABADAN).pk not in not_won and work(CODIRECTED).pk not in not_won
    assert work(NO_ARCHIVE).pk in not_won  # a special mention is not a win
    assert work(SIEGE).pk in not_won  # never nominated
    assert sorted(not_won + listed(api, "works", {"won": "true"})) == sorted(listed(api, "works"))


def test_won_false_within_a_festival_lists_its_nominees_that_did_not_win_there(api, extras):
    # Desert Crossing won elsewhere, but not at Fajr.
    assert listed(api, "works", {"festival": FAJR, "won": "false"}) == [work(CODIRECTED).pk]
    assert listed(api, "works", {"festival": FAJR, "won": "true"}) == [work(ABADAN).pk]


def test_director_filter_counts_co_directors_but_not_producers(api, extras):
    directed = listed(api, "works", {"director": "hamed-hadian"})

    assert work(CODIRECTED).pk in directed
    assert work(PRODUCED).pk not in directed
    assert work(PRODUCED).pk in listed(api, "works", {"producer": "hamed-hadian"})


def test_has_archival_footage_false_counts_none_and_unknown_shares_alike(api, extras):
    without = listed(api, "works", {"has_archival_footage": "false"})

    assert work(NO_ARCHIVE).pk in without  # 0 %
    assert work(AMERLI).pk in without  # not known
    assert work(SIEGE).pk not in without  # 20 %


def test_festival_on_people_lists_everyone_credited_on_a_work_nominated_there(api, seed):
    # The help text of `festival` on people: "Named in a nomination there, or credited on a work
    # selected or nominated there." A composer of a nominated work is credited on it.
    body = make.edition(year=2021)
    film = make.work()
    director, composer = make.person(), make.person()
    models.Credit.objects.create(work=film, person=director, role=CreditRole.DIRECTOR)
    models.Credit.objects.create(work=film, person=composer, role=CreditRole.COMPOSER)
    models.Nomination.objects.create(award=make.award(festival=body.festival), edition=body, work=film)

    assert sorted(listed(api, "people", {"festival": body.festival.slug})) == sorted([director.pk, composer.pk])


def test_festival_on_people_lists_everyone_credited_on_a_work_selected_there(api, seed):
    body = make.edition(year=2021)
    film = make.work()
    director, composer = make.person(), make.person()
    models.Credit.objects.create(work=film, person=director, role=CreditRole.DIRECTOR)
    models.Credit.objects.create(work=film, person=composer, role=CreditRole.COMPOSER)
    models.Selection.objects.create(work=film, edition=body)

    assert sorted(listed(api, "people", {"festival": body.festival.slug})) == sorted([director.pk, composer.pk])


def test_won_false_on_people_within_a_festival_keeps_those_credited_there_who_won_nothing_there(api, seed):
    # Hadian directed and Motahhar produced Liberation of Amerli, selected at Cinéma Vérité, where
    # nothing was won: asking for those who did not win there must not drop them.
    credited_there = listed(api, "people", {"festival": CINEMA_VERITE})

    assert sorted(credited_there) == ids(person("hamed-hadian"), person("mehdi-motahhar"))
    assert sorted(listed(api, "people", {"festival": CINEMA_VERITE, "won": "false"})) == sorted(credited_there)


def test_won_false_on_works_within_a_festival_keeps_the_works_selected_there_that_won_nothing(api, seed):
    assert listed(api, "works", {"festival": CINEMA_VERITE, "won": "false"}) == [work(AMERLI).pk]


def test_award_on_people_lists_nominees_and_everyone_credited_on_nominated_works_only(api, seed):
    body = make.edition(year=2021)
    prize = make.award(festival=body.festival)
    film, other_film = make.work(), make.work()
    director, composer, named, elsewhere = make.person(), make.person(), make.person(), make.person()
    models.Credit.objects.create(work=film, person=director, role=CreditRole.DIRECTOR)
    models.Credit.objects.create(work=film, person=composer, role=CreditRole.COMPOSER)
    models.Credit.objects.create(work=other_film, person=elsewhere, role=CreditRole.DIRECTOR)
    models.Nomination.objects.create(award=prize, edition=body, work=film).people.set([named])
    models.Nomination.objects.create(award=make.award(festival=body.festival), edition=body, work=other_film)

    assert sorted(listed(api, "people", {"award": prize.slug})) == sorted([director.pk, composer.pk, named.pk])


def test_a_repeated_role_on_people_means_any_of_the_roles(api, seed):
    expected = sorted(models.Person.objects.filter(credits__role__in=["director", "cast"]).distinct()
                      .values_list("pk", flat=True))
    assert sorted(listed(api, "people", {"role": ["director", "cast"]})) == expected
    assert len(expected) > len(listed(api, "people", {"role": "cast"}))


# 4. Invalid values answer 400 naming the parameter ----------------------------------------------

INVALID_CASES = [
    ("works", "year", "abc"),
    ("works", "year", "2020.5"),
    ("works", "year_min", "soon"),
    ("works", "year_max", "1e3"),
    ("works", "kind", "opera"),
    ("works", "won", "maybe"),
    ("works", "nominated", "perhaps"),
    ("works", "has_archival_footage", "2"),
    ("works", "director", "nobody-at-all"),
    ("works", "director", "999999"),
    ("works", "producer", "nobody-at-all"),
    ("works", "person", "999999"),
    ("works", "organisation", "no-such-company"),
    ("works", "country", "ZZ"),
    ("works", "language", "xx"),
    ("works", "festival", "unknown-fest"),
    ("works", "edition", "unknown-edition"),
    ("works", "award", "unknown-award"),
    ("works", "subject", "unknown-subject"),
    ("works", "runtime_min", "-x"),
    ("works", "runtime_max", "long"),
    ("seasons", "work", "no-such-series"),
    ("seasons", "year", "last"),
    ("people", "role", "grip"),
    ("people", "work", "999999"),
    ("people", "festival", "unknown-fest"),
    ("people", "award", "unknown-award"),
    ("people", "won", "maybe"),
    ("people", "country", "ZZ"),
    ("organisations", "kind", "bank"),
    ("organisations", "parent", "nobody"),
    ("organisations", "country", "XX"),
    ("festivals", "kind", "circus"),
    ("festivals", "country", "ZZ"),
    ("editions", "festival", "unknown-fest"),
    ("editions", "year", "abc"),
    ("editions", "year_min", "soon"),
    ("editions", "year_max", "later"),
    ("editions", "edition_format", "teleport"),
    ("sections", "festival", "unknown-fest"),
    ("sections", "edition", "unknown-edition"),
    ("sections", "kind", "lobby"),
    ("selections", "festival", "unknown-fest"),
    ("selections", "edition", "999999"),
    ("selections", "section", "abc"),
    ("selections", "section", "999999"),
    ("selections", "work", "nothing"),
    ("selections", "status", "won"),
    ("selections", "year_min", "x"),
    ("selections", "year_max", "y"),
    ("awards", "festival", "unknown-fest"),
    ("nominations", "festival", "unknown-fest"),
    ("nominations", "edition", "unknown-edition"),
    ("nominations", "award", "999999"),
    ("nominations", "year_min", "soon"),
    ("nominations", "year_max", "later"),
    ("nominations", "outcome", "lost"),
    ("nominations", "work", "nothing"),
    ("nominations", "person", "nobody"),
    ("nominations", "organisation", "nobody"),
    ("subjects", "kind", "idea"),
    ("subjects", "part_of", "nowhere"),
    ("subjects", "work", "nothing"),
    ("sources", "publisher", "nobody"),
    ("sources", "published_min", "yesterday"),
    ("sources", "published_max", "2021-02-30"),
    ("sources", "kind", "tweet"),
]


def assert_refused(response, parameter):
    assert response.status_code == 400, (response.status_code, response.content)
    body = response.json()
    assert body["status"] == 400
    assert body["code"] == "invalid"
    assert isinstance(body["detail"], str) and body["detail"]
    assert list(body["errors"]) == [parameter]
    messages = body["errors"][parameter]
    assert isinstance(messages, list) and messages and all(isinstance(m, str) and m for m in messages)


@pytest.mark.parametrize(("resource", "parameter", "value"), INVALID_CASES,
                         ids=[f"{r}?{p}={v}" for r, p, v in INVALID_CASES])
def test_an_invalid_value_answers_400_naming_its_parameter(api, resource, parameter, value):
    # Validation answers before any record is read, so the seed is not needed: an unknown slug
    # or id is unknown in an empty catalogue too.
    api.raise_request_exception = False  # a server error must show as a 500, not as a test error

    assert_refused(api.get(f"/api/v1/{resource}/", {parameter: value}), parameter)


def test_every_filter_has_an_invalid_value_case():
    tested = {resource: set() for resource in RESOURCES}
    for resource, parameter, _ in INVALID_CASES:
        tested[resource].add(parameter)
    # q and text take any words: no value of theirs is invalid
    assert {resource: FILTERS[resource] - {"q", "text"} for resource in RESOURCES} == tested


@pytest.mark.parametrize(("resource", "parameter"), [
    ("works", "director"),
    ("works", "festival"),
    ("selections", "section"),
    ("works", "page"),
    ("works", "page_size"),
])
def test_a_digit_that_is_not_a_whole_number_answers_400_not_500(api, resource, parameter):
    # "²" is a digit to str.isdigit() but not to int().
    api.raise_request_exception = False

    assert_refused(api.get(f"/api/v1/{resource}/", {parameter: "²"}), parameter)


ODD_VALUES = ["²", "１", "٣", "-1", "0", "99999999999999999999", "2020-13-45", "%", "%s", "'", "\\", "\x00", "a" * 300,
              "true,false", "null"]


@pytest.mark.parametrize("resource", RESOURCES)
def test_no_odd_value_of_any_parameter_is_a_server_error(api, seed, resource):
    api.raise_request_exception = False
    parameters = [*sorted(FILTERS[resource]), "ordering", "page", "page_size", "pagination", "cursor"]

    answers = {(parameter, value): api.get(f"/api/v1/{resource}/", {parameter: value}).status_code
               for parameter in parameters for value in ODD_VALUES}

    assert {key: status for key, status in answers.items() if status not in {200, 400, 404}} == {}
    # Past the last page and a malformed cursor are the only "not found" answers.
    assert {key for key, status in answers.items() if status == 404} <= {
        *(("page", value) for value in ODD_VALUES), *(("cursor", value) for value in ODD_VALUES)}


@pytest.mark.parametrize("resource", RESOURCES)
def test_an_unknown_parameter_answers_400_naming_it(api, resource):
    response = api.get(f"/api/v1/{resource}/", {"directr": "hamed-hadian"})

    assert_refused(response, "directr")
    assert "Unknown parameter" in response.json()["errors"]["directr"][0]


@pytest.mark.parametrize("resource", RESOURCES)
def test_the_unknown_parameter_message_names_every_filter_beside_a_valid_one(api, resource):
    filterset = resolve(f"/api/v1/{resource}/").func.cls.filterset_class
    named = sorted(filterset.base_filters)[0]
    response = api.get(f"/api/v1/{resource}/", {named: "", "directr": "x"})

    assert response.json()["errors"]["directr"] == [
        f"Unknown parameter. This list takes: {', '.join(sorted(filterset.base_filters))}."]


def test_the_browsable_api_offers_every_filter_when_the_request_names_one(api):
    filterset = resolve("/api/v1/works/").func.cls.filterset_class

    page = api.get("/api/v1/works/", {"kind": "documentary"}, HTTP_ACCEPT="text/html").content.decode()

    offered = {name for name in filterset.base_filters if f'name="{name}"' in page}
    assert offered == set(filterset.base_filters)


def test_a_misspelt_filter_is_named_beside_a_valid_one(api, seed):
    response = api.get("/api/v1/works/", {"director": "hamed-hadian", "directr": "hamed-hadian"})

    assert_refused(response, "directr")


@pytest.mark.parametrize("resource", RESOURCES)
def test_the_global_parameters_are_not_refused(api, resource):
    paged = api.get(f"/api/v1/{resource}/", {"page": "1", "page_size": "5", "ordering": "-id",
                                             "format": "json"})
    cursor = api.get(f"/api/v1/{resource}/", {"pagination": "cursor", "page_size": "5"})

    assert paged.status_code == 200, paged.json()
    assert cursor.status_code == 200, cursor.json()


def test_an_empty_filter_value_is_no_filter(api, seed):
    assert listed(api, "works", {"director": "", "year": "", "won": ""}) == listed(api, "works")


# 5. Ordering ------------------------------------------------------------------------------------

ORDERINGS = {
    "works": (models.Work, {"title": "title", "year": "year", "runtime": "runtime_minutes",
                            "first_shown": "first_shown_on", "created": "created_at", "updated": "updated_at",
                            "id": "pk"}),
    "seasons": (models.Season, {"number": "number", "year": "year", "id": "pk"}),
    "people": (models.Person, {"name": "name", "birth_year": "birth_year", "death_year": "death_year",
                               "created": "created_at", "updated": "updated_at", "id": "pk"}),
    "organisations": (models.Organisation, {"name": "name", "kind": "kind", "founded_year": "founded_year",
                                            "id": "pk"}),
    "festivals": (models.Festival, {"name": "name", "founded_year": "founded_year", "id": "pk"}),
    "editions": (models.FestivalEdition, {"year": "year", "number": "number", "start_date": "start_date",
                                          "festival": "festival__name", "id": "pk"}),
    "sections": (models.Section, {"name": "name", "order": "order", "year": "edition__year", "id": "pk"}),
    "selections": (models.Selection, {"year": "edition__year", "status": "status", "id": "pk"}),
    "awards": (models.Award, {"name": "name", "id": "pk"}),
    "nominations": (models.Nomination, {"year": "edition__year", "outcome": "outcome", "award": "award__name",
                                        "id": "pk"}),
    "subjects": (models.Subject, {"name": "name", "start_date": "start_date", "end_date": "end_date", "id": "pk"}),
    "sources": (models.Source, {"published": "published_on", "title": "title", "id": "pk"}),
}


def test_every_ordering_name_of_every_list_is_tested():
    assert {resource: set(view_of(resource).ordering_fields) for resource in RESOURCES} == {
        resource: set(fields) for resource, (_, fields) in ORDERINGS.items()
    }


def expected_order(model, lookup, descending=False):
    """The ids sorted by `lookup`, ties broken by id, and the records without a value last, in
    either direction. The database sorts the known values, so its collation of text applies."""
    known = model.objects.filter(**{f"{lookup}__isnull": False})
    unknown = model.objects.filter(**{f"{lookup}__isnull": True})
    return [
        *known.order_by(f"-{lookup}" if descending else lookup, "pk").values_list("pk", flat=True),
        *unknown.order_by("pk").values_list("pk", flat=True),
    ]


@pytest.mark.parametrize("resource", RESOURCES)
def test_each_ordering_name_sorts_ascending_and_descending_with_ties_broken_by_id(api, extras, resource):
    model, fields = ORDERINGS[resource]
    for name, lookup in fields.items():
        ascending, descending = expected_order(model, lookup), expected_order(model, lookup, descending=True)
        assert ascending != descending, f"the data cannot tell {name} ascending from descending"

        assert listed(api, resource, {"ordering": name}) == ascending, name
        assert listed(api, resource, {"ordering": f"-{name}"}) == descending, f"-{name}"

    assert_refused(api.get(f"/api/v1/{resource}/", {"ordering": "colour"}), "ordering")
    assert_refused(api.get(f"/api/v1/{resource}/", {"ordering": "id,-colour"}), "ordering")


def test_records_without_the_value_come_last_in_either_direction(api, extras):
    unknown_years = sorted(models.Work.objects.filter(year__isnull=True).values_list("pk", flat=True))

    assert len(unknown_years) > 1
    for ordering in ["year", "-year"]:
        assert listed(api, "works", {"ordering": ordering})[-len(unknown_years):] == unknown_years, ordering


def test_several_ordering_names_sort_by_each_in_turn(api, extras):
    expected = list(models.Work.objects.order_by(F("year").desc(nulls_last=True), "title", "pk")
                    .values_list("pk", flat=True))

    assert listed(api, "works", {"ordering": "-year,title"}) == expected


@pytest.mark.parametrize(("resource", "params", "model", "lookups"), [
    ("works", {"kind": ["documentary", "short_documentary", "feature_film"], "ordering": "-year,title"},
     models.Work.objects.filter(kind__in=["documentary", "short_documentary", "feature_film"]), ["-year", "title"]),
    ("editions", {"edition_format": ["hybrid", "in_person", "online"], "ordering": "festival,-year"},
     models.FestivalEdition.objects.exclude(format=""), ["festival__name", "-year"]),
    ("sections", {"kind": ["special", "competition", "sidebar"], "ordering": "-year,name"},
     models.Section.objects.all(), ["-edition__year", "name"]),
    ("nominations", {"outcome": ["won", "nominated", "special_mention"], "ordering": "award,-year"},
     models.Nomination.objects.all(), ["award__name", "-edition__year"]),
    ("selections", {"festival": AWARDS_BODY, "ordering": "-year"},
     models.Selection.objects.filter(edition__festival__slug=AWARDS_BODY), ["-edition__year"]),
], ids=["works", "editions", "sections", "nominations", "selections"])
def test_a_filter_and_an_ordering_by_a_related_field_combine(api, extras, resource, params, model, lookups):
    expected = list(model.order_by(*lookups, "pk").values_list("pk", flat=True))

    assert len(expected) > 1
    assert listed(api, resource, params) == expected


def test_ordering_by_a_field_not_whitelisted_is_refused_even_if_the_model_has_it(api, seed):
    assert_refused(api.get("/api/v1/works/", {"ordering": "synopsis"}), "ordering")
    assert_refused(api.get("/api/v1/works/", {"ordering": "runtime_minutes"}), "ordering")


@pytest.mark.parametrize("resource", RESOURCES)
def test_the_default_order_is_stable(api, extras, resource):
    model, _ = ORDERINGS[resource]
    first = listed(api, resource)

    assert first == listed(api, resource)
    assert first == list(model.objects.values_list("pk", flat=True))


def test_ties_are_broken_by_id_in_the_default_and_in_a_chosen_order(api, seed):
    twins = [make.work(title="Untitled", year=2020, runtime_minutes=60).pk for _ in range(3)]

    def twins_in(order):
        return [pk for pk in order if pk in twins]

    assert twins_in(listed(api, "works")) == sorted(twins)
    assert twins_in(listed(api, "works", {"ordering": "runtime"})) == sorted(twins)
    assert twins_in(listed(api, "works", {"ordering": "-runtime"})) == sorted(twins)
    assert twins_in(listed(api, "works", {"ordering": "-title,-year"})) == sorted(twins)
