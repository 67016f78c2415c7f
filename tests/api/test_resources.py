"""The read API of each resource: a list of brief records, a detail by id or slug, the whole body
of one seed record, and a fixed number of queries per request whatever the page or record holds."""
import itertools
from types import SimpleNamespace

import pytest
from django.contrib.contenttypes.models import ContentType
from rest_framework import serializers

from catalogue import models
from catalogue.choices import CreditRole, EventKind, OrganisationKind, SubjectKind, TitleKind

from .. import factories as make

API = "http://testserver/api/v1"


def url(resource, record):
    """A record's address as the API writes it."""
    return f"{API}/{resource}/{record.pk}/"


def rendered(moment):
    """A timestamp as DRF renders it (ISO 8601, UTC as Z)."""
    return serializers.DateTimeField().to_representation(moment)


def source_brief(source):
    return {
        "id": source.pk,
        "url": url("sources", source),
        "slug": source.slug,
        "title": source.title,
        "publisher": source.publisher.name if source.publisher_id else None,
        "published_on": source.published_on.isoformat() if source.published_on else None,
        "published_precision": source.published_precision,
    }


def citation_rows(record):
    return models.Citation.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    ).select_related("source__publisher")


def citations_of(record):
    """The `citations` of a record as the API nests them, built from its Citation rows in the
    catalogue's order (by field, then id): the quotes are too long to write out in the tests."""
    return [
        {"source": source_brief(row.source), "field": row.field, "claim": row.claim, "quote": row.quote,
         "locator": row.locator}
        for row in citation_rows(record).order_by("field", "id")
    ]


def citation(record, source, field, claim, locator):
    """One citation of a record, written out but for its quote, which is read from its row."""
    row = citation_rows(record).get(source=source, field=field, claim=claim, locator=locator)
    return {"source": source_brief(source), "field": field, "claim": claim, "quote": row.quote, "locator": locator}


# The resource a cited record is reached through; a part of a work is reached through the work.
RESOURCE_OF_MODEL = {
    "work": "works", "season": "seasons", "person": "people", "organisation": "organisations",
    "festival": "festivals", "festivaledition": "editions", "section": "sections", "selection": "selections",
    "award": "awards", "nomination": "nominations", "subject": "subjects",
}


def cited_record_url(record):
    name = record._meta.model_name
    return url(RESOURCE_OF_MODEL[name], record) if name in RESOURCE_OF_MODEL else url("works", record.work)


def cited_for_entries(source):
    """The `cited_for` of a source as the API lists them, one per Citation row in the catalogue's
    order (kind of record, record, field, id): a seed source has dozens, too many to write out."""
    rows = source.citations.select_related("content_type").order_by("content_type", "object_id", "field", "id")
    return [
        {
            "record": {
                "type": row.content_type.model,
                "id": row.object_id,
                "label": str(row.content_object),
                "url": cited_record_url(row.content_object),
            },
            "field": row.field,
            "claim": row.claim,
            "quote": row.quote,
            "locator": row.locator,
        }
        for row in rows
    ]


@pytest.fixture
def seed_records(seed):
    """The seed records the expected bodies name, looked up by what identifies them."""
    work = models.Work.objects.get
    source = models.Source.objects.get
    return SimpleNamespace(
        siege_360=work(slug="360-siege"),
        liberation=work(slug="liberation-of-amerli"),
        green_zone=work(slug="green-zone-2020"),
        abadan=work(slug="abadan-11-60"),
        capital=work(slug="capital"),
        capital_5=models.Season.objects.get(work__slug="capital", number=5),
        s000=source(seed_file__startswith="000_"),
        s001=source(seed_file__startswith="001_"),
        s002=source(seed_file__startswith="002_"),
        s003=source(seed_file__startswith="003_"),
        s004=source(seed_file__startswith="004_"),
        hadian=models.Person.objects.get(slug="hamed-hadian"),
        motahhar=models.Person.objects.get(slug="mehdi-motahhar"),
        moqaddam=models.Person.objects.get(slug="sirous-moqaddam"),
        tehran_times=models.Organisation.objects.get(slug="tehran-times"),
        documentary_house=models.Organisation.objects.get(slug="islamic-revolution-documentary-house"),
        art_bureau=models.Organisation.objects.get(slug="art-bureau"),
        childrens_department=models.Organisation.objects.get(slug="art-bureau-childrens-department"),
        cinema_verite=models.Festival.objects.get(slug="cinema-verite"),
        fajr=models.Festival.objects.get(slug="fajr-film-festival"),
        resistance=models.Festival.objects.get(slug="resistance-international-film-festival"),
        cinema_verite_2020=models.FestivalEdition.objects.get(slug="cinema-verite-2020"),
        fajr_38=models.FestivalEdition.objects.get(slug="fajr-film-festival-38"),
        resistance_16=models.FestivalEdition.objects.get(slug="resistance-international-film-festival-16"),
        section=models.Section.objects.get(name="Prominent Resistance Martyr Section"),
        selection=models.Selection.objects.get(work__slug="liberation-of-amerli", edition__slug="cinema-verite-2020"),
        award=models.Award.objects.get(slug="fajr-award-named-after-qassem-soleimani"),
        nomination=models.Nomination.objects.get(award__slug="fajr-award-named-after-qassem-soleimani",
                                                 work__slug="abadan-11-60"),
        war_against_isis=models.Subject.objects.get(slug="war-against-isis-in-iraq"),
        amerli=models.Subject.objects.get(slug="amerli"),
        siege=models.Subject.objects.get(slug="siege-of-amerli"),
        quds_force=models.Subject.objects.get(slug="quds-force"),
    )


# Lists and details ------------------------------------------------------------------------------

# resource, model, the fields of its brief records in lists
LISTS = [
    ("works", models.Work, ["id", "url", "slug", "title", "kind", "year", "first_shown_on", "first_shown_precision",
                            "runtime_minutes", "archival_footage_percent", "sources"]),
    ("seasons", models.Season, ["id", "url", "work", "number", "year", "title", "episode_count"]),
    ("people", models.Person, ["id", "url", "slug", "name", "native_name", "birth_year", "death_year", "country"]),
    ("organisations", models.Organisation, ["id", "url", "slug", "name", "native_name", "kind", "parent",
                                            "country"]),
    ("festivals", models.Festival, ["id", "url", "slug", "name", "kind", "country", "city", "founded_year"]),
    ("editions", models.FestivalEdition, ["id", "url", "slug", "label", "festival", "number", "year",
                                          "years_honoured", "name", "start_date", "end_date", "dates_precision",
                                          "format", "city", "venue"]),
    ("sections", models.Section, ["id", "url", "name", "kind", "order", "edition"]),
    ("selections", models.Selection, ["id", "url", "work", "edition", "section", "status", "premiere"]),
    ("awards", models.Award, ["id", "url", "slug", "name", "festival", "presented_by"]),
    ("nominations", models.Nomination, ["id", "url", "award", "edition", "work", "other_works", "people",
                                        "organisations", "outcome", "detail"]),
    ("subjects", models.Subject, ["id", "url", "slug", "name", "kind", "start_date", "start_precision", "end_date",
                                  "end_precision", "part_of"]),
    ("sources", models.Source, ["id", "url", "slug", "title", "kind", "publisher", "author", "published_on",
                                "published_precision", "address"]),
]


@pytest.mark.parametrize(("resource", "model", "fields"), LISTS, ids=[case[0] for case in LISTS])
def test_the_list_answers_a_first_page_of_brief_records_with_the_total(api, seed, resource, model, fields):
    response = api.get(f"/api/v1/{resource}/")

    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["count", "next", "previous", "results"]
    total = model.objects.count()
    assert body["count"] == total
    assert body["previous"] is None
    assert body["next"] == (f"{API}/{resource}/?page=2" if total > 20 else None)
    assert len(body["results"]) == min(total, 20)
    assert [list(record) for record in body["results"]] == [fields] * len(body["results"])


# resource, the seed record's slug (None for resources without slugs), how to find the record
SEED_RECORDS = [
    ("works", "liberation-of-amerli", lambda r: r.liberation),
    ("seasons", None, lambda r: r.capital_5),
    ("people", "hamed-hadian", lambda r: r.hadian),
    ("organisations", "art-bureau-childrens-department", lambda r: r.childrens_department),
    ("festivals", "cinema-verite", lambda r: r.cinema_verite),
    ("editions", "cinema-verite-2020", lambda r: r.cinema_verite_2020),
    ("sections", None, lambda r: r.section),
    ("selections", None, lambda r: r.selection),
    ("awards", "fajr-award-named-after-qassem-soleimani", lambda r: r.award),
    ("nominations", None, lambda r: r.nomination),
    ("subjects", "siege-of-amerli", lambda r: r.siege),
    ("sources", "tehran-times-2020-doc-reveals-quds-force-role-in-breaking-isis-siege-of-amerli", lambda r: r.s001),
]


@pytest.mark.parametrize(("resource", "slug", "find"), SEED_RECORDS, ids=[case[0] for case in SEED_RECORDS])
def test_the_detail_answers_by_id(api, seed_records, resource, slug, find):
    record = find(seed_records)

    response = api.get(f"/api/v1/{resource}/{record.pk}/")

    assert response.status_code == 200
    assert response.json()["id"] == record.pk
    assert response.json()["url"] == url(resource, record)


SLUGGED = [case for case in SEED_RECORDS if case[1]]


@pytest.mark.parametrize(("resource", "slug", "find"), SLUGGED, ids=[case[0] for case in SLUGGED])
def test_the_detail_answers_by_slug_with_the_same_body_as_by_id(api, seed_records, resource, slug, find):
    record = find(seed_records)

    response = api.get(f"/api/v1/{resource}/{slug}/")

    assert response.status_code == 200
    assert response.json() == api.get(f"/api/v1/{resource}/{record.pk}/").json()


@pytest.mark.parametrize(("path", "detail"), [
    ("works/999999", "No work has the id or slug '999999'."),
    ("works/no-such-work", "No work has the id or slug 'no-such-work'."),
    ("seasons/999999", "No season has the id '999999'."),
    ("seasons/capital-5", "No season has the id 'capital-5'."),
    ("people/999999", "No person has the id or slug '999999'."),
    ("people/no-such-person", "No person has the id or slug 'no-such-person'."),
    ("organisations/999999", "No organisation has the id or slug '999999'."),
    ("organisations/no-such-organisation", "No organisation has the id or slug 'no-such-organisation'."),
    ("festivals/999999", "No festival has the id or slug '999999'."),
    ("festivals/no-such-festival", "No festival has the id or slug 'no-such-festival'."),
    ("editions/999999", "No festival edition has the id or slug '999999'."),
    ("editions/no-such-edition", "No festival edition has the id or slug 'no-such-edition'."),
    ("sections/999999", "No section has the id '999999'."),
    ("sections/main", "No section has the id 'main'."),
    ("selections/999999", "No selection has the id '999999'."),
    ("awards/999999", "No award has the id or slug '999999'."),
    ("awards/no-such-award", "No award has the id or slug 'no-such-award'."),
    ("nominations/999999", "No nomination has the id '999999'."),
    ("subjects/999999", "No subject has the id or slug '999999'."),
    ("subjects/no-such-subject", "No subject has the id or slug 'no-such-subject'."),
    ("sources/999999", "No source has the id or slug '999999'."),
    ("sources/no-such-source", "No source has the id or slug 'no-such-source'."),
])
def test_an_unknown_id_or_slug_answers_404_in_the_error_shape(api, seed, path, detail):
    response = api.get(f"/api/v1/{path}/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": 404, "code": "not_found", "detail": detail, "errors": {}}


# The whole body of one seed record --------------------------------------------------------------


def test_a_work_shows_its_titles_credits_subjects_selections_and_citations(api, seed_records):
    r = seed_records
    director, producer, company = models.Credit.objects.filter(work=r.liberation).order_by("order")
    quds_force_link, siege_link, amerli_link = (
        models.WorkSubject.objects.get(work=r.liberation, subject=subject)
        for subject in (r.quds_force, r.siege, r.amerli)
    )

    response = api.get(f"/api/v1/works/{r.liberation.slug}/")

    assert response.status_code == 200
    assert response.json() == {
        "id": r.liberation.pk,
        "url": url("works", r.liberation),
        "slug": "liberation-of-amerli",
        "title": "Liberation of Amerli",
        "kind": "documentary",
        "year": 2020,
        "first_shown_on": None,
        "first_shown_precision": "day",
        "runtime_minutes": None,
        "archival_footage_percent": None,
        "sources": [
            {
                "id": r.s001.pk,
                "url": url("sources", r.s001),
                "slug": "tehran-times-2020-doc-reveals-quds-force-role-in-breaking-isis-siege-of-amerli",
                "title": "Doc reveals Quds Force role in breaking ISIS siege of Amerli",
                "publisher": "Tehran Times",
                "published_on": "2020-11-16",
                "published_precision": "day",
            },
            {
                "id": r.s000.pk,
                "url": url("sources", r.s000),
                "slug": "tehran-times-2021-doc-on-how-gen-soleimani-broke-isis-amerli-siege-produced",
                "title": "Doc on how Gen. Soleimani broke ISIS’ Amerli siege produced",
                "publisher": "Tehran Times",
                "published_on": "2021-11-30",
                "published_precision": "day",
            },
        ],
        "synopsis": "Documentary about the siege of Amerli, Iraq, in 2014 and the part Iran's Quds Force played in "
                    "lifting it. Its director later said that it leaves out Qassem Soleimani's role.",
        "countries": ["IR"],
        "languages": [],
        "titles": [
            {"title": "Liberation of Amerli", "kind": "english", "language": "en", "script": "Latn", "note": ""},
        ],
        "seasons": [],
        "credits": [
            {
                "id": director.pk,
                "role": "director",
                "person": {"id": r.hadian.pk, "url": url("people", r.hadian), "slug": "hamed-hadian",
                           "name": "Hamed Hadian"},
                "organisation": None,
                "season": None,
                "character": "",
                "credited_as": "",
                "order": 1,
                "note": "",
                "citations": citations_of(director),
            },
            {
                "id": producer.pk,
                "role": "producer",
                "person": {"id": r.motahhar.pk, "url": url("people", r.motahhar), "slug": "mehdi-motahhar",
                           "name": "Mehdi Motahhar"},
                "organisation": None,
                "season": None,
                "character": "",
                "credited_as": "",
                "order": 2,
                "note": "",
                "citations": citations_of(producer),
            },
            {
                "id": company.pk,
                "role": "production_company",
                "person": None,
                "organisation": {
                    "id": r.documentary_house.pk,
                    "url": url("organisations", r.documentary_house),
                    "slug": "islamic-revolution-documentary-house",
                    "name": "Islamic Revolution Documentary House",
                    "kind": "production_company",
                },
                "season": None,
                "character": "",
                "credited_as": "",
                "order": 3,
                "note": "",
                "citations": citations_of(company),
            },
        ],
        # Most central first: main, featured, mentioned, setting (SubjectRole.rank).
        "subjects": [
            {
                "subject": {"id": r.siege.pk, "url": url("subjects", r.siege), "slug": "siege-of-amerli",
                            "name": "Siege of Amerli", "kind": "event"},
                "role": "main",
                "note": "",
                "citations": citations_of(siege_link),
            },
            {
                "subject": {"id": r.quds_force.pk, "url": url("subjects", r.quds_force), "slug": "quds-force",
                            "name": "Quds Force", "kind": "organisation"},
                "role": "featured",
                "note": "",
                "citations": citations_of(quds_force_link),
            },
            {
                "subject": {"id": r.amerli.pk, "url": url("subjects", r.amerli), "slug": "amerli", "name": "Amerli",
                            "kind": "place"},
                "role": "setting",
                "note": "",
                "citations": citations_of(amerli_link),
            },
        ],
        "selections": [
            {
                "id": r.selection.pk,
                "url": url("selections", r.selection),
                "edition": {
                    "id": r.cinema_verite_2020.pk,
                    "url": url("editions", r.cinema_verite_2020),
                    "slug": "cinema-verite-2020",
                    "label": "Cinéma Vérité 2020",
                    "number": None,
                    "year": 2020,
                    "festival": {"id": r.cinema_verite.pk, "url": url("festivals", r.cinema_verite),
                                 "slug": "cinema-verite", "name": "Cinéma Vérité", "kind": "film_festival"},
                },
                "section": None,
                "status": "in_competition",
                "premiere": "",
                "note": "Announced in November 2020 as competing; the sources give no section or result.",
                "citations": citations_of(r.selection),
            },
        ],
        "nominations": [],
        "events": [],
        "external_ids": [],
        "citations": citations_of(r.liberation),
        "created_at": rendered(r.liberation.created_at),
        "updated_at": rendered(r.liberation.updated_at),
    }
    assert [entry["field"] for entry in response.json()["citations"]] == ["kind", "synopsis", "year"]


def test_a_season_shows_its_series_and_the_credits_for_it(api, seed_records):
    r = seed_records
    credit = models.Credit.objects.get(season=r.capital_5)

    response = api.get(f"/api/v1/seasons/{r.capital_5.pk}/")

    assert response.status_code == 200
    assert response.json() == {
        "id": r.capital_5.pk,
        "url": url("seasons", r.capital_5),
        "work": {"id": r.capital.pk, "url": url("works", r.capital), "slug": "capital", "title": "Capital",
                 "kind": "tv_series", "year": None},
        "number": 5,
        "year": None,
        "title": "",
        "episode_count": None,
        "credits": [
            {
                "id": credit.pk,
                "role": "director",
                "person": {"id": r.moqaddam.pk, "url": url("people", r.moqaddam), "slug": "sirous-moqaddam",
                           "name": "Sirous Moqaddam"},
                "organisation": None,
                "season": {"id": r.capital_5.pk, "url": url("seasons", r.capital_5), "number": 5, "year": None},
                "character": "",
                "credited_as": "",
                "order": 1,
                "note": "The source implies rather than states that he directed the fifth season.",
                "citations": citations_of(credit),
            },
        ],
        "citations": citations_of(r.capital_5),
        "created_at": rendered(r.capital_5.created_at),
        "updated_at": rendered(r.capital_5.updated_at),
    }


def test_a_person_shows_names_filmography_by_role_nominations_and_citations(api, seed_records):
    r = seed_records

    response = api.get("/api/v1/people/hamed-hadian/")

    assert response.status_code == 200
    assert response.json() == {
        "id": r.hadian.pk,
        "url": url("people", r.hadian),
        "slug": "hamed-hadian",
        "name": "Hamed Hadian",
        "native_name": "حامد هادیان",
        "birth_year": None,
        "death_year": None,
        "country": "IR",
        "biography": "Iranian documentary filmmaker; director of “Liberation of Amerli” (2020) and “360° Siege” "
                     "(2021), both about the siege of Amerli, Iraq, in 2014.",
        "names": [{"name": "حامد هادیان", "kind": "native", "language": "fa", "script": "Arab", "note": ""}],
        "filmography": [
            {
                "role": "director",
                "credits": [  # by year
                    {
                        "work": {"id": r.liberation.pk, "url": url("works", r.liberation),
                                 "slug": "liberation-of-amerli", "title": "Liberation of Amerli",
                                 "kind": "documentary", "year": 2020},
                        "season": None,
                        "character": "",
                        "credited_as": "",
                        "note": "",
                    },
                    {
                        "work": {"id": r.siege_360.pk, "url": url("works", r.siege_360), "slug": "360-siege",
                                 "title": "360° Siege", "kind": "documentary", "year": 2021},
                        "season": None,
                        "character": "",
                        "credited_as": "",
                        "note": "",
                    },
                ],
            },
        ],
        "nominations": [],
        "subject": None,
        "external_ids": [],
        "citations": citations_of(r.hadian),
        "created_at": rendered(r.hadian.created_at),
        "updated_at": rendered(r.hadian.updated_at),
    }
    assert [(entry["source"]["id"], entry["field"]) for entry in response.json()["citations"]] == [
        (r.s001.pk, ""), (r.s000.pk, "country"),
    ]


def test_an_organisation_shows_its_parent_names_credits_and_citations(api, seed_records):
    r = seed_records

    response = api.get("/api/v1/organisations/art-bureau-childrens-department/")

    assert response.status_code == 200
    assert response.json() == {
        "id": r.childrens_department.pk,
        "url": url("organisations", r.childrens_department),
        "slug": "art-bureau-childrens-department",
        "name": "Children's Department",
        "native_name": "",
        "kind": "department",
        "parent": {"id": r.art_bureau.pk, "url": url("organisations", r.art_bureau), "slug": "art-bureau",
                   "name": "Art Bureau", "kind": "department"},
        "country": "IR",
        "city": "",
        "founded_year": None,
        "website": None,  # unknown
        "description": "The children's department of the Art Bureau of the Islamic Ideology Dissemination "
                       "Organization.",
        "names": [
            {
                "name": "Children’s Department of the Art Bureau of the Islamic Ideology Dissemination Organization",
                "kind": "alternative",
                "language": "en",
                "script": "Latn",
                "note": "Full form, as in source 001.",
            },
        ],
        "children": [],
        "credits": [
            {
                "work": {"id": r.green_zone.pk, "url": url("works", r.green_zone), "slug": "green-zone-2020",
                         "title": "Green Zone", "kind": "short_documentary", "year": 2020},
                "season": None,
                "role": "production_company",
                "credited_as": "",
                "note": "",
            },
        ],
        "nominations": [],
        "published_sources": [],
        "external_ids": [],
        "citations": citations_of(r.childrens_department),
        "created_at": rendered(r.childrens_department.created_at),
        "updated_at": rendered(r.childrens_department.updated_at),
    }
    assert [entry["field"] for entry in response.json()["citations"]] == ["names", "parent"]


def test_a_festival_shows_its_names_editions_awards_and_citations(api, seed_records):
    r = seed_records

    response = api.get("/api/v1/festivals/cinema-verite/")

    assert response.status_code == 200
    assert response.json() == {
        "id": r.cinema_verite.pk,
        "url": url("festivals", r.cinema_verite),
        "slug": "cinema-verite",
        "name": "Cinéma Vérité",
        "kind": "film_festival",
        "country": "IR",
        "city": "Tehran",
        "founded_year": None,
        "organiser": None,
        "website": None,  # unknown
        "description": "Iran's international documentary film festival, held in Tehran.",
        "names": [
            {"name": "Cinema Verite", "kind": "alternative", "language": "en", "script": "Latn",
             "note": "Without diacritics."},
            {"name": "Iran International Documentary Film Festival", "kind": "alternative", "language": "en",
             "script": "Latn", "note": "The festival's descriptive name."},
            {"name": "سینما حقیقت", "kind": "native", "language": "fa", "script": "Arab", "note": ""},
        ],
        "editions": [
            {
                "id": r.cinema_verite_2020.pk,
                "url": url("editions", r.cinema_verite_2020),
                "slug": "cinema-verite-2020",
                "label": "Cinéma Vérité 2020",
                "number": None,
                "year": 2020,
                "years_honoured": "",
                "name": "",
                "start_date": "2020-12-08",
                "end_date": "2020-12-15",
                "dates_precision": "day",
                "format": "online",
                "city": "Tehran",
            },
        ],
        "awards": [],
        "external_ids": [],
        "citations": citations_of(r.cinema_verite),
        "created_at": rendered(r.cinema_verite.created_at),
        "updated_at": rendered(r.cinema_verite.updated_at),
    }


def test_an_edition_shows_its_festival_sections_selections_nominations_and_citations(api, seed_records):
    r = seed_records

    response = api.get("/api/v1/editions/cinema-verite-2020/")

    assert response.status_code == 200
    assert response.json() == {
        "id": r.cinema_verite_2020.pk,
        "url": url("editions", r.cinema_verite_2020),
        "slug": "cinema-verite-2020",
        "label": "Cinéma Vérité 2020",
        "festival": {"id": r.cinema_verite.pk, "url": url("festivals", r.cinema_verite), "slug": "cinema-verite",
                     "name": "Cinéma Vérité", "kind": "film_festival"},
        "number": None,
        "year": 2020,
        "years_honoured": "",
        "name": "",
        "start_date": "2020-12-08",
        "end_date": "2020-12-15",
        "dates_precision": "day",
        "format": "online",
        "city": "Tehran",
        "venue": "",
        "description": "The December 2020 edition, held online. The sources do not give its number.",
        "sections": [],
        "selections": [
            {
                "id": r.selection.pk,
                "url": url("selections", r.selection),
                "work": {"id": r.liberation.pk, "url": url("works", r.liberation), "slug": "liberation-of-amerli",
                         "title": "Liberation of Amerli", "kind": "documentary", "year": 2020},
                "section": None,
                "status": "in_competition",
                "premiere": "",
                "note": "Announced in November 2020 as competing; the sources give no section or result.",
            },
        ],
        "nominations": [],
        "citations": citations_of(r.cinema_verite_2020),
        "created_at": rendered(r.cinema_verite_2020.created_at),
        "updated_at": rendered(r.cinema_verite_2020.updated_at),
    }
    assert [entry["field"] for entry in response.json()["citations"]] == ["format", "start_date"]


def test_a_section_shows_its_edition_selections_and_citations(api, seed_records):
    r = seed_records

    response = api.get(f"/api/v1/sections/{r.section.pk}/")

    assert response.status_code == 200
    assert response.json() == {
        "id": r.section.pk,
        "url": url("sections", r.section),
        "name": "Prominent Resistance Martyr Section",
        "kind": "special",
        "order": 0,
        "edition": {
            "id": r.resistance_16.pk,
            "url": url("editions", r.resistance_16),
            "slug": "resistance-international-film-festival-16",
            "label": "Resistance International Film Festival, 16th edition",
            "number": 16,
            "year": 2020,
            "festival": {"id": r.resistance.pk, "url": url("festivals", r.resistance),
                         "slug": "resistance-international-film-festival",
                         "name": "Resistance International Film Festival", "kind": "film_festival"},
        },
        "description": "Special section announced for films on the role of Qassem Soleimani in the region.",
        "selections": [],
        "citations": citations_of(r.section),
        "created_at": rendered(r.section.created_at),
        "updated_at": rendered(r.section.updated_at),
    }


def test_a_selection_shows_its_work_edition_status_and_citations(api, seed_records):
    r = seed_records

    response = api.get(f"/api/v1/selections/{r.selection.pk}/")

    assert response.status_code == 200
    assert response.json() == {
        "id": r.selection.pk,
        "url": url("selections", r.selection),
        "work": {"id": r.liberation.pk, "url": url("works", r.liberation), "slug": "liberation-of-amerli",
                 "title": "Liberation of Amerli", "kind": "documentary", "year": 2020},
        "edition": {
            "id": r.cinema_verite_2020.pk,
            "url": url("editions", r.cinema_verite_2020),
            "slug": "cinema-verite-2020",
            "label": "Cinéma Vérité 2020",
            "number": None,
            "year": 2020,
            "festival": {"id": r.cinema_verite.pk, "url": url("festivals", r.cinema_verite),
                         "slug": "cinema-verite", "name": "Cinéma Vérité", "kind": "film_festival"},
        },
        "section": None,
        "status": "in_competition",
        "premiere": "",
        "note": "Announced in November 2020 as competing; the sources give no section or result.",
        "citations": citations_of(r.selection),
        "created_at": rendered(r.selection.created_at),
        "updated_at": rendered(r.selection.updated_at),
    }


def test_an_award_shows_its_festival_and_its_nominations_with_their_editions(api, seed_records):
    r = seed_records

    response = api.get("/api/v1/awards/fajr-award-named-after-qassem-soleimani/")

    assert response.status_code == 200
    assert response.json() == {
        "id": r.award.pk,
        "url": url("awards", r.award),
        "slug": "fajr-award-named-after-qassem-soleimani",
        "name": "Award named after Qassem Soleimani",
        "festival": {"id": r.fajr.pk, "url": url("festivals", r.fajr), "slug": "fajr-film-festival",
                     "name": "Fajr Film Festival", "kind": "film_festival"},
        "presented_by": None,
        "description": "Award of the Fajr Film Festival, first announced for its 38th edition (2020), that honours "
                       "films on resistance and jihad.",
        "names": [],
        "nominations": [
            {
                "id": r.nomination.pk,
                "url": url("nominations", r.nomination),
                "edition": {
                    "id": r.fajr_38.pk,
                    "url": url("editions", r.fajr_38),
                    "slug": "fajr-film-festival-38",
                    "label": "Fajr Film Festival, 38th edition",
                    "number": 38,
                    "year": 2020,
                    "festival": {"id": r.fajr.pk, "url": url("festivals", r.fajr), "slug": "fajr-film-festival",
                                 "name": "Fajr Film Festival", "kind": "film_festival"},
                },
                "work": {"id": r.abadan.pk, "url": url("works", r.abadan), "slug": "abadan-11-60",
                         "title": "Abadan 11, 60", "kind": "feature_film", "year": 2020},
                "other_works": [],
                "people": [],
                "organisations": [],
                "outcome": "won",
                "detail": "",
            },
        ],
        "citations": citations_of(r.award),
        "created_at": rendered(r.award.created_at),
        "updated_at": rendered(r.award.updated_at),
    }


def test_a_nomination_shows_its_award_edition_work_outcome_and_citations(api, seed_records):
    r = seed_records

    response = api.get(f"/api/v1/nominations/{r.nomination.pk}/")

    assert response.status_code == 200
    assert response.json() == {
        "id": r.nomination.pk,
        "url": url("nominations", r.nomination),
        "award": {"id": r.award.pk, "url": url("awards", r.award), "slug": "fajr-award-named-after-qassem-soleimani",
                  "name": "Award named after Qassem Soleimani"},
        "edition": {
            "id": r.fajr_38.pk,
            "url": url("editions", r.fajr_38),
            "slug": "fajr-film-festival-38",
            "label": "Fajr Film Festival, 38th edition",
            "number": 38,
            "year": 2020,
            "festival": {"id": r.fajr.pk, "url": url("festivals", r.fajr), "slug": "fajr-film-festival",
                         "name": "Fajr Film Festival", "kind": "film_festival"},
        },
        "work": {"id": r.abadan.pk, "url": url("works", r.abadan), "slug": "abadan-11-60", "title": "Abadan 11, 60",
                 "kind": "feature_film", "year": 2020},
        "other_works": [],
        "people": [],
        "organisations": [],
        "outcome": "won",
        "detail": "",
        "note": "The source names the award only as “an award named after Soleimani”.",
        "citations": citations_of(r.nomination),
        "created_at": rendered(r.nomination.created_at),
        "updated_at": rendered(r.nomination.updated_at),
    }
    assert [entry["field"] for entry in response.json()["citations"]] == ["", "outcome"]


def test_a_subject_keeps_each_sources_claim_where_the_sources_disagree(api, seed_records):
    r = seed_records
    siege = r.siege

    response = api.get("/api/v1/subjects/siege-of-amerli/")

    assert response.status_code == 200
    assert response.json() == {
        "id": siege.pk,
        "url": url("subjects", siege),
        "slug": "siege-of-amerli",
        "name": "Siege of Amerli",
        "kind": "event",
        "start_date": "2014-06-01",
        "start_precision": "month",
        "end_date": "2014-08-31",
        "end_precision": "day",
        "part_of": {"id": r.war_against_isis.pk, "url": url("subjects", r.war_against_isis),
                    "slug": "war-against-isis-in-iraq", "name": "War against ISIS in Iraq (2013–2017)",
                    "kind": "event"},
        "description": "Siege of the town of Amerli by ISIS in the summer of 2014, lifted on 31 August 2014 by Iraqi "
                       "government forces, the Popular Mobilization Units and Kurdish Peshmerga, with Iran's Quds "
                       "Force and U.S. airstrikes in support. The sources differ on when it began, how long it lasted "
                       "and who played which part.",
        "country": "IQ",
        "person": None,
        "organisation": None,
        "names": [
            {"name": "Amerli siege", "kind": "alternative", "language": "en", "script": "Latn",
             "note": "As in the headline of source 000."},
        ],
        "parts": [],
        "works": [  # by title
            {
                "work": {"id": r.siege_360.pk, "url": url("works", r.siege_360), "slug": "360-siege",
                         "title": "360° Siege", "kind": "documentary", "year": 2021},
                "role": "main",
                "note": "",
            },
            {
                "work": {"id": r.liberation.pk, "url": url("works", r.liberation), "slug": "liberation-of-amerli",
                         "title": "Liberation of Amerli", "kind": "documentary", "year": 2020},
                "role": "main",
                "note": "",
            },
        ],
        "citations": [  # by field, then in the order they were recorded
            citation(siege, r.s000, "duration", "89 days", "line 5"),
            citation(siege, r.s001, "duration", "89 days", "line 5"),
            citation(siege, r.s004, "duration", "80 days", "line 49"),
            citation(siege, r.s002, "duration", "more than 75 days", "line 16"),
            citation(siege, r.s000, "end_date", "", "line 25"),
            citation(siege, r.s001, "end_date", "", "line 11"),
            citation(siege, r.s002, "end_date", "end of August 2014", "line 14"),
            citation(siege, r.s004, "end_date", "", "line 49"),
            citation(siege, r.s000, "names", "", "line 1"),
            citation(siege, r.s000, "start_date", "June 2014", "line 23"),
            citation(siege, r.s001, "start_date", "June 2014", "line 9"),
            citation(siege, r.s002, "start_date", "June 2014", "line 14"),
            citation(siege, r.s004, "start_date", "July 2014", "line 49"),
        ],
        "created_at": rendered(siege.created_at),
        "updated_at": rendered(siege.updated_at),
    }


def test_a_source_shows_its_publisher_and_every_record_it_is_cited_for(api, seed_records):
    r = seed_records

    response = api.get(f"/api/v1/sources/{r.s001.slug}/")

    assert response.status_code == 200
    assert response.json() == {
        "id": r.s001.pk,
        "url": url("sources", r.s001),
        "slug": "tehran-times-2020-doc-reveals-quds-force-role-in-breaking-isis-siege-of-amerli",
        "title": "Doc reveals Quds Force role in breaking ISIS siege of Amerli",
        "kind": "news_article",
        "publisher": {"id": r.tehran_times.pk, "url": url("organisations", r.tehran_times), "slug": "tehran-times",
                      "name": "Tehran Times", "kind": "news_outlet"},
        "author": "",
        "published_on": "2020-11-16",
        "published_precision": "day",
        "address": "https://www.tehrantimes.com/news/454731/Doc-reveals-Quds-Force-role-in-breaking-ISIS-siege-of-Amerli",
        "language": "en",
        "seed_file": "001_8905126d8b9729da.txt",
        "accessed_on": None,
        "note": "",
        "cited_for": cited_for_entries(r.s001),
        "created_at": rendered(r.s001.created_at),
        "updated_at": rendered(r.s001.updated_at),
    }
    assert len(response.json()["cited_for"]) == r.s001.citations.count() == 56


def test_a_source_names_each_record_it_is_cited_for_and_links_a_part_of_a_work_to_the_work(api, seed_records):
    r = seed_records
    credit = models.Credit.objects.get(work=r.liberation, person=r.hadian)
    title = models.TitleVariant.objects.get(work=r.liberation, kind=TitleKind.ENGLISH)

    cited_for = api.get(f"/api/v1/sources/{r.s001.pk}/").json()["cited_for"]

    records = [entry["record"] for entry in cited_for]
    assert {"type": "festival", "id": r.cinema_verite.pk, "label": "Cinéma Vérité",
            "url": url("festivals", r.cinema_verite)} in records
    assert {"type": "festivaledition", "id": r.fajr_38.pk, "label": "Fajr Film Festival, 38th edition",
            "url": url("editions", r.fajr_38)} in records
    assert {"type": "credit", "id": credit.pk, "label": "Hamed Hadian, director, Liberation of Amerli (2020)",
            "url": url("works", r.liberation)} in records
    assert {"type": "titlevariant", "id": title.pk, "label": "Liberation of Amerli (english title)",
            "url": url("works", r.liberation)} in records
    assert {"type": "nomination", "id": r.nomination.pk,
            "label": "Award named after Qassem Soleimani, Fajr Film Festival, 38th edition for Abadan 11, 60 (2020): won",
            "url": url("nominations", r.nomination)} in records


# One brief record in each list ------------------------------------------------------------------


def list_entry(api, resource, record):
    """The brief record of `record` in the list of its resource (every seed list fits on a page of 100)."""
    response = api.get(f"/api/v1/{resource}/", {"page_size": 100})
    assert response.status_code == 200
    [entry] = [entry for entry in response.json()["results"] if entry["id"] == record.pk]
    return entry


def test_a_work_in_the_list_carries_the_sources_cited_for_it(api, seed_records):
    r = seed_records

    assert list_entry(api, "works", r.liberation) == {
        "id": r.liberation.pk,
        "url": url("works", r.liberation),
        "slug": "liberation-of-amerli",
        "title": "Liberation of Amerli",
        "kind": "documentary",
        "year": 2020,
        "first_shown_on": None,
        "first_shown_precision": "day",
        "runtime_minutes": None,
        "archival_footage_percent": None,
        "sources": [  # each once, in the order of the work's citations
            {
                "id": r.s001.pk,
                "url": url("sources", r.s001),
                "slug": "tehran-times-2020-doc-reveals-quds-force-role-in-breaking-isis-siege-of-amerli",
                "title": "Doc reveals Quds Force role in breaking ISIS siege of Amerli",
                "publisher": "Tehran Times",
                "published_on": "2020-11-16",
                "published_precision": "day",
            },
            {
                "id": r.s000.pk,
                "url": url("sources", r.s000),
                "slug": "tehran-times-2021-doc-on-how-gen-soleimani-broke-isis-amerli-siege-produced",
                "title": "Doc on how Gen. Soleimani broke ISIS’ Amerli siege produced",
                "publisher": "Tehran Times",
                "published_on": "2021-11-30",
                "published_precision": "day",
            },
        ],
    }


def test_a_season_in_the_list_names_its_series(api, seed_records):
    r = seed_records

    assert list_entry(api, "seasons", r.capital_5) == {
        "id": r.capital_5.pk,
        "url": url("seasons", r.capital_5),
        "work": {"id": r.capital.pk, "url": url("works", r.capital), "slug": "capital", "title": "Capital",
                 "kind": "tv_series", "year": None},
        "number": 5,
        "year": None,
        "title": "",
        "episode_count": None,
    }


def test_a_person_in_the_list_is_brief(api, seed_records):
    r = seed_records

    assert list_entry(api, "people", r.hadian) == {
        "id": r.hadian.pk,
        "url": url("people", r.hadian),
        "slug": "hamed-hadian",
        "name": "Hamed Hadian",
        "native_name": "حامد هادیان",
        "birth_year": None,
        "death_year": None,
        "country": "IR",
    }


def test_an_organisation_in_the_list_names_its_parent(api, seed_records):
    r = seed_records

    assert list_entry(api, "organisations", r.childrens_department) == {
        "id": r.childrens_department.pk,
        "url": url("organisations", r.childrens_department),
        "slug": "art-bureau-childrens-department",
        "name": "Children's Department",
        "native_name": "",
        "kind": "department",
        "parent": {"id": r.art_bureau.pk, "url": url("organisations", r.art_bureau), "slug": "art-bureau",
                   "name": "Art Bureau", "kind": "department"},
        "country": "IR",
    }


def test_a_festival_in_the_list_is_brief(api, seed_records):
    r = seed_records

    assert list_entry(api, "festivals", r.cinema_verite) == {
        "id": r.cinema_verite.pk,
        "url": url("festivals", r.cinema_verite),
        "slug": "cinema-verite",
        "name": "Cinéma Vérité",
        "kind": "film_festival",
        "country": "IR",
        "city": "Tehran",
        "founded_year": None,
    }


def test_an_edition_in_the_list_names_its_festival(api, seed_records):
    r = seed_records

    assert list_entry(api, "editions", r.cinema_verite_2020) == {
        "id": r.cinema_verite_2020.pk,
        "url": url("editions", r.cinema_verite_2020),
        "slug": "cinema-verite-2020",
        "label": "Cinéma Vérité 2020",
        "festival": {"id": r.cinema_verite.pk, "url": url("festivals", r.cinema_verite), "slug": "cinema-verite",
                     "name": "Cinéma Vérité", "kind": "film_festival"},
        "number": None,
        "year": 2020,
        "years_honoured": "",
        "name": "",
        "start_date": "2020-12-08",
        "end_date": "2020-12-15",
        "dates_precision": "day",
        "format": "online",
        "city": "Tehran",
        "venue": "",
    }


def test_a_section_in_the_list_names_its_edition(api, seed_records):
    r = seed_records

    assert list_entry(api, "sections", r.section) == {
        "id": r.section.pk,
        "url": url("sections", r.section),
        "name": "Prominent Resistance Martyr Section",
        "kind": "special",
        "order": 0,
        "edition": {
            "id": r.resistance_16.pk,
            "url": url("editions", r.resistance_16),
            "slug": "resistance-international-film-festival-16",
            "label": "Resistance International Film Festival, 16th edition",
            "number": 16,
            "year": 2020,
            "festival": {"id": r.resistance.pk, "url": url("festivals", r.resistance),
                         "slug": "resistance-international-film-festival",
                         "name": "Resistance International Film Festival", "kind": "film_festival"},
        },
    }


def test_a_selection_in_the_list_names_its_work_and_edition(api, seed_records):
    r = seed_records

    assert list_entry(api, "selections", r.selection) == {
        "id": r.selection.pk,
        "url": url("selections", r.selection),
        "work": {"id": r.liberation.pk, "url": url("works", r.liberation), "slug": "liberation-of-amerli",
                 "title": "Liberation of Amerli", "kind": "documentary", "year": 2020},
        "edition": {
            "id": r.cinema_verite_2020.pk,
            "url": url("editions", r.cinema_verite_2020),
            "slug": "cinema-verite-2020",
            "label": "Cinéma Vérité 2020",
            "number": None,
            "year": 2020,
            "festival": {"id": r.cinema_verite.pk, "url": url("festivals", r.cinema_verite),
                         "slug": "cinema-verite", "name": "Cinéma Vérité", "kind": "film_festival"},
        },
        "section": None,
        "status": "in_competition",
        "premiere": "",
    }


def test_an_award_in_the_list_names_its_festival(api, seed_records):
    r = seed_records

    assert list_entry(api, "awards", r.award) == {
        "id": r.award.pk,
        "url": url("awards", r.award),
        "slug": "fajr-award-named-after-qassem-soleimani",
        "name": "Award named after Qassem Soleimani",
        "festival": {"id": r.fajr.pk, "url": url("festivals", r.fajr), "slug": "fajr-film-festival",
                     "name": "Fajr Film Festival", "kind": "film_festival"},
        "presented_by": None,
    }


def test_a_nomination_in_the_list_names_its_award_edition_and_work(api, seed_records):
    r = seed_records

    assert list_entry(api, "nominations", r.nomination) == {
        "id": r.nomination.pk,
        "url": url("nominations", r.nomination),
        "award": {"id": r.award.pk, "url": url("awards", r.award), "slug": "fajr-award-named-after-qassem-soleimani",
                  "name": "Award named after Qassem Soleimani"},
        "edition": {
            "id": r.fajr_38.pk,
            "url": url("editions", r.fajr_38),
            "slug": "fajr-film-festival-38",
            "label": "Fajr Film Festival, 38th edition",
            "number": 38,
            "year": 2020,
            "festival": {"id": r.fajr.pk, "url": url("festivals", r.fajr), "slug": "fajr-film-festival",
                         "name": "Fajr Film Festival", "kind": "film_festival"},
        },
        "work": {"id": r.abadan.pk, "url": url("works", r.abadan), "slug": "abadan-11-60", "title": "Abadan 11, 60",
                 "kind": "feature_film", "year": 2020},
        "other_works": [],
        "people": [],
        "organisations": [],
        "outcome": "won",
        "detail": "",
    }


def test_a_subject_in_the_list_names_what_it_is_part_of(api, seed_records):
    r = seed_records

    assert list_entry(api, "subjects", r.siege) == {
        "id": r.siege.pk,
        "url": url("subjects", r.siege),
        "slug": "siege-of-amerli",
        "name": "Siege of Amerli",
        "kind": "event",
        "start_date": "2014-06-01",
        "start_precision": "month",
        "end_date": "2014-08-31",
        "end_precision": "day",
        "part_of": {"id": r.war_against_isis.pk, "url": url("subjects", r.war_against_isis),
                    "slug": "war-against-isis-in-iraq", "name": "War against ISIS in Iraq (2013–2017)",
                    "kind": "event"},
    }


def test_a_source_in_the_list_names_its_publisher_and_address(api, seed_records):
    r = seed_records

    assert list_entry(api, "sources", r.s001) == {
        "id": r.s001.pk,
        "url": url("sources", r.s001),
        "slug": "tehran-times-2020-doc-reveals-quds-force-role-in-breaking-isis-siege-of-amerli",
        "title": "Doc reveals Quds Force role in breaking ISIS siege of Amerli",
        "kind": "news_article",
        "publisher": {"id": r.tehran_times.pk, "url": url("organisations", r.tehran_times), "slug": "tehran-times",
                      "name": "Tehran Times", "kind": "news_outlet"},
        "author": "",
        "published_on": "2020-11-16",
        "published_precision": "day",
        "address": "https://www.tehrantimes.com/news/454731/Doc-reveals-Quds-Force-role-in-breaking-ISIS-siege-of-Amerli",
    }


# Order of lists ---------------------------------------------------------------------------------
# Records that lack the value a list is ordered by come last, on SQLite as on PostgreSQL (which
# by themselves put NULLs first and last, respectively, in ascending order).


def test_the_sources_list_shows_the_newest_first_and_undated_sources_last(api, seed_records):
    r = seed_records

    response = api.get("/api/v1/sources/")

    assert response.status_code == 200
    assert [source["id"] for source in response.json()["results"]] == [
        r.s004.pk,  # 4 January 2023
        r.s000.pk,  # 30 November 2021
        r.s002.pk,  # 6 January 2021
        r.s001.pk,  # 16 November 2020
        r.s003.pk,  # undated
    ]


@pytest.mark.parametrize(("ordering", "years"), [
    ("year", [2020, 2020, 2020, 2021] + [None] * 10),
    ("-year", [2021, 2020, 2020, 2020] + [None] * 10),
])
def test_ordering_by_a_value_some_records_lack_puts_those_records_last_in_either_direction(api, seed, ordering,
                                                                                          years):
    response = api.get("/api/v1/works/", {"ordering": ordering})

    assert response.status_code == 200
    assert [work["year"] for work in response.json()["results"]] == years


# Query counts -----------------------------------------------------------------------------------
# Builders of records with `n` rows in every relation their detail nests (and `n` citations on
# each nested row that shows its own), so that a request touches every prefetch.


def cite(record, n):
    """Cites `n` new sources, each with a publisher, for the record."""
    content_type = ContentType.objects.get_for_model(record)
    for _ in range(n):
        source = make.source(publisher=make.organisation())
        models.Citation.objects.create(source=source, content_type=content_type, object_id=record.pk, quote="...")


_ids = itertools.count(1000001)


def identify(record, n):
    """Gives the record up to `n` external identifiers (IMDb, then Wikidata, then TMDB where it has one)."""
    number = next(_ids)
    imdb, tmdb = {"work": ("tt", "movie"), "person": ("nm", "person"), "organisation": ("co", "company"),
                  "festival": ("ev", None)}[record._meta.model_name]
    values = [("imdb", f"{imdb}{number:07d}"), ("wikidata", f"Q{number}")] + ([("tmdb", f"{tmdb}/{number}")] if tmdb
                                                                            else [])
    for scheme, value in values[:n]:
        models.ExternalId.objects.create(content_object=record, scheme=scheme, value=value)


def nominate(n, *, edition=None, **fields):
    """A nomination at a new edition (unless given) for a work and `n` other works, naming `n` people and
    `n` organisations, cited `n` times."""
    edition = edition or make.edition()
    fields.setdefault("award", make.award(festival=edition.festival))
    fields.setdefault("work", make.work())
    nomination = models.Nomination.objects.create(edition=edition, **fields)
    nomination.other_works.add(*(make.work() for _ in range(n)))
    nomination.people.add(*(make.person() for _ in range(n)))
    nomination.organisations.add(*(make.organisation() for _ in range(n)))
    cite(nomination, n)
    return nomination


def work_with(n):
    work = make.series(year=2020)
    work.countries.set(models.Country.objects.order_by("code")[:n])
    work.languages.set(models.Language.objects.order_by("code")[:n])
    for i in range(1, n + 1):
        models.TitleVariant.objects.create(work=work, title=f"Title {i}", kind=TitleKind.ALTERNATIVE)
        season = models.Season.objects.create(work=work, number=i)
        cite(models.Credit.objects.create(work=work, season=season, person=make.person(), role=CreditRole.DIRECTOR,
                                          order=i), n)
        cite(models.Credit.objects.create(work=work, organisation=make.organisation(),
                                          role=CreditRole.PRODUCTION_COMPANY, order=n + i), n)
        cite(models.WorkSubject.objects.create(work=work, subject=make.subject()), n)
        edition = make.edition()
        section = models.Section.objects.create(edition=edition, name="Competition")
        cite(models.Selection.objects.create(work=work, edition=edition, section=section), n)
        nominate(n, edition=edition, work=work)
        nominate(n, edition=edition).other_works.add(work)
        models.ReleaseEvent.objects.create(work=work, kind=EventKind.FESTIVAL_SCREENING, edition=edition,
                                           organisation=make.organisation())
    cite(work, n)
    identify(work, n)
    return work


def season_with(n):
    series = make.series()
    season = models.Season.objects.create(work=series, number=1)
    for i in range(n):
        cite(models.Credit.objects.create(work=series, season=season, person=make.person(), role=CreditRole.DIRECTOR,
                                          order=i), n)
    cite(season, n)
    return season


def person_with(n):
    person = make.person(country_id="IR")
    for i in range(n):
        models.PersonName.objects.create(person=person, name=f"Variant {i}")
        series = make.series()
        season = models.Season.objects.create(work=series, number=1)
        models.Credit.objects.create(work=series, season=season, person=person, role=CreditRole.DIRECTOR)
        nominate(1).people.add(person)
    cite(person, n)
    identify(person, n)
    return person


def organisation_with(n):
    organisation = make.organisation(parent=make.organisation(), country_id="IR")
    for i in range(n):
        models.OrganisationName.objects.create(organisation=organisation, name=f"Variant {i}")
        make.organisation(parent=organisation)
        models.Credit.objects.create(work=make.work(), organisation=organisation,
                                     role=CreditRole.PRODUCTION_COMPANY)
        nominate(1).organisations.add(organisation)
        make.source(publisher=organisation)
    cite(organisation, n)
    identify(organisation, n)
    return organisation


def festival_with(n):
    festival = make.festival(organiser=make.organisation(kind=OrganisationKind.FESTIVAL_ORGANISER))
    for i in range(1, n + 1):
        models.FestivalName.objects.create(festival=festival, name=f"Variant {i}")
        make.edition(festival=festival, number=i, year=2000 + i)
        make.award(festival=festival)
    cite(festival, n)
    identify(festival, n)
    return festival


def edition_with(n):
    edition = make.edition()
    for i in range(n):
        section = models.Section.objects.create(edition=edition, name=f"Section {i}")
        models.Selection.objects.create(work=make.work(), edition=edition, section=section)
        nominate(n, edition=edition)
    cite(edition, n)
    return edition


def section_with(n):
    section = models.Section.objects.create(edition=make.edition(), name="Competition")
    for _ in range(n):
        models.Selection.objects.create(work=make.work(), edition=section.edition, section=section)
    cite(section, n)
    return section


def selection_with(n):
    section = models.Section.objects.create(edition=make.edition(), name="Competition")
    selection = models.Selection.objects.create(work=make.work(), edition=section.edition, section=section)
    cite(selection, n)
    return selection


def award_with(n):
    award = make.award(presented_by=make.organisation())
    for i in range(n):
        models.AwardName.objects.create(award=award, name=f"Variant {i}")
        nominate(n, edition=make.edition(festival=award.festival), award=award)
    cite(award, n)
    return award


def nomination_with(n):
    return nominate(n)


def subject_with(n):
    subject = make.subject(kind=SubjectKind.PERSON, person=make.person(), part_of=make.subject())
    for i in range(n):
        models.SubjectName.objects.create(subject=subject, name=f"Variant {i}")
        models.PersonName.objects.create(person=subject.person, name=f"Variant {i}")
        make.subject(part_of=subject)
        models.WorkSubject.objects.create(work=make.work(), subject=subject)
    cite(subject, n)
    return subject


def source_with(n):
    # Cited for works only: the source detail reads the cited records with one query per kind of record.
    source = make.source(publisher=make.organisation())
    content_type = ContentType.objects.get_for_model(models.Work)
    for _ in range(n):
        models.Citation.objects.create(source=source, content_type=content_type, object_id=make.work().pk)
    return source


BUILDERS = {
    "works": work_with, "seasons": season_with, "people": person_with, "organisations": organisation_with,
    "festivals": festival_with, "editions": edition_with, "sections": section_with, "selections": selection_with,
    "awards": award_with, "nominations": nomination_with, "subjects": subject_with, "sources": source_with,
}

LIST_QUERIES = [
    # 1 count, 2 page of works, 3 their citations with sources and publishers
    pytest.param("works", 3, id="works"),
    # 1 count, 2 page of seasons with their works
    pytest.param("seasons", 2, id="seasons"),
    # 1 count, 2 page of people
    pytest.param("people", 2, id="people"),
    # 1 count, 2 page of organisations with their parents
    pytest.param("organisations", 2, id="organisations"),
    # 1 count, 2 page of festivals
    pytest.param("festivals", 2, id="festivals"),
    # 1 count, 2 page of editions with their festivals
    pytest.param("editions", 2, id="editions"),
    # 1 count, 2 page of sections with their editions and festivals
    pytest.param("sections", 2, id="sections"),
    # 1 count, 2 page of selections with their works, sections, editions and festivals
    pytest.param("selections", 2, id="selections"),
    # 1 count, 2 page of awards with their festivals and presenters
    pytest.param("awards", 2, id="awards"),
    # 1 count, 2 page of nominations with their awards, works, editions and festivals, 3 their other works,
    # people and organisations (one UNION)
    pytest.param("nominations", 3, id="nominations"),
    # 1 count, 2 page of subjects with what each is part of
    pytest.param("subjects", 2, id="subjects"),
    # 1 count, 2 page of sources with their publishers
    pytest.param("sources", 2, id="sources"),
]


@pytest.mark.parametrize(("resource", "queries"), LIST_QUERIES)
def test_a_list_costs_a_fixed_number_of_queries_whatever_the_page_size(api, django_assert_num_queries,
                                                                        resource, queries):
    for _ in range(3):
        BUILDERS[resource](2)

    for page_size in (1, 100):
        with django_assert_num_queries(queries):
            response = api.get(f"/api/v1/{resource}/", {"page_size": page_size})
        assert response.status_code == 200
        body = response.json()
        assert body["count"] >= 3
        assert len(body["results"]) == min(page_size, body["count"])


def test_a_filter_that_names_a_record_costs_one_lookup_query(api, django_assert_num_queries):
    director = make.person()
    directed = [work_with(2) for _ in range(3)]
    for work in directed:
        models.Credit.objects.create(work=work, person=director, role=CreditRole.DIRECTOR)
    work_with(2)  # directed by someone else

    # 1 the director by slug, 2 count, 3 page of works, 4 their citations with sources and publishers
    with django_assert_num_queries(4):
        response = api.get("/api/v1/works/", {"director": director.slug, "page_size": 100})

    assert response.status_code == 200
    # In the list's order (title, then id): titles come from a shared counter, "Test work 10" before "Test work 9".
    assert [work["id"] for work in response.json()["results"]] == [
        work.pk for work in sorted(directed, key=lambda work: (work.title, work.pk))]


DETAIL_QUERIES = [
    # 1 work, 2 countries and languages, 3 titles, 4 seasons, 5 credits with people, organisations and seasons,
    # 6 subject links with subjects, 7 selections with editions, festivals and sections, 8 the nominations
    # that honour it, first named or shared, with awards, works, editions and festivals, 9 their other works,
    # people and organisations, 10 events with organisations, editions and festivals, 11 external
    # identifiers, 12 the citations of the work, its credits, subject links, selections and nominations,
    # with sources and publishers
    pytest.param("works", 12, id="works"),
    # 1 season with its work, 2 credits with people, organisations and seasons, 3 their citations,
    # 4 the season's citations
    pytest.param("seasons", 4, id="seasons"),
    # 1 person with the subject they are, 2 names, 3 credits with works and seasons, 4 nominations with
    # awards, works, editions and festivals, 5 their other works, 6 external identifiers, 7 citations
    pytest.param("people", 7, id="people"),
    # 1 organisation with its parent, 2 names, 3 children, 4 credits with works and seasons, 5 nominations
    # with awards, works, editions and festivals, 6 their other works, 7 published sources with publishers,
    # 8 external identifiers, 9 citations
    pytest.param("organisations", 9, id="organisations"),
    # 1 festival with its organiser, 2 names, 3 editions, 4 awards, 5 external identifiers, 6 citations
    pytest.param("festivals", 6, id="festivals"),
    # 1 edition with its festival, 2 sections, 3 selections with works and sections, 4 nominations with
    # awards and works, 5 their other works, 6 their people, 7 their organisations, 8 citations
    pytest.param("editions", 8, id="editions"),
    # 1 section with its edition and festival, 2 selections with works and sections, 3 citations
    pytest.param("sections", 3, id="sections"),
    # 1 selection with its work, section, edition and festival, 2 citations
    pytest.param("selections", 2, id="selections"),
    # 1 award with its festival and presenter, 2 names, 3 nominations with works, editions and festivals,
    # 4 their other works, 5 their people, 6 their organisations, 7 citations
    pytest.param("awards", 7, id="awards"),
    # 1 nomination with its award, work, edition and festival, 2 other works, 3 people, 4 organisations,
    # 5 citations
    pytest.param("nominations", 5, id="nominations"),
    # 1 subject with what it is part of, its person and organisation, 2 names, 3 the person's names,
    # 4 parts, 5 work links with works, 6 citations
    pytest.param("subjects", 6, id="subjects"),
    # 1 source with its publisher, 2 citations with content types, 3 the cited works
    pytest.param("sources", 3, id="sources"),
]


@pytest.mark.parametrize(("resource", "queries"), DETAIL_QUERIES)
def test_a_detail_costs_a_fixed_number_of_queries_whatever_it_holds(api, django_assert_num_queries,
                                                                    resource, queries):
    # Django skips a nested prefetch when its parent set is empty, so both records have at least one
    # row in every relation the detail nests: one of each, and three of each.
    for n in (1, 3):
        record = BUILDERS[resource](n)

        with django_assert_num_queries(queries):
            response = api.get(f"/api/v1/{resource}/{record.pk}/")

        assert response.status_code == 200
        assert len(response.json()["cited_for" if resource == "sources" else "citations"]) == n


@pytest.mark.parametrize(("resource", "build", "queries"), [
    pytest.param("works", make.work, 12, id="works"),
    pytest.param("people", make.person, 7, id="people"),
])
def test_a_work_or_person_detail_costs_the_same_queries_when_it_holds_nothing(api, django_assert_num_queries,
                                                                              resource, build, queries):
    # The queries of DETAIL_QUERIES: each part is read by the record's id, whatever the others hold.
    record = build()

    with django_assert_num_queries(queries):
        response = api.get(f"/api/v1/{resource}/{record.pk}/")

    assert response.status_code == 200
    assert response.json()["citations"] == []


def test_a_source_detail_reads_the_records_it_is_cited_for_with_one_query_per_kind_of_record(
        api, seed_records, django_assert_num_queries):
    kinds = seed_records.s001.citations.values("content_type").distinct().count()
    assert kinds == 13

    # 1 source with its publisher, 2 citations with content types, then the cited records of each kind
    with django_assert_num_queries(2 + kinds):
        response = api.get(f"/api/v1/sources/{seed_records.s001.pk}/")

    assert response.status_code == 200
