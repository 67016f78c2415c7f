"""Lists answer CSV (`?format=csv` or `Accept: text/csv`): the page JSON would answer, one row per
record under a header row, nested records flattened and lists joined; errors stay JSON, and a
detail, which has no CSV, answers 406."""
import csv
import io

import pytest

from catalogue import models
from catalogue.api.urls import router
from catalogue.choices import NominationOutcome

from .. import factories as make
from .test_resources import BUILDERS, LIST_QUERIES

API = "http://testserver/api/v1"
CSV_TYPE = "text/csv; charset=utf-8"
# Every list the router serves: lookup answers one record, not a list, and import only takes a POST.
LISTS = [prefix for prefix, _, _ in router.registry if prefix not in ("lookup", "import")]


def rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def assert_json_error(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    return body


# The whole of one list ---------------------------------------------------------------------------

SEED_PEOPLE_CSV = (
    "id,url,slug,name,native_name,birth_year,death_year,country\r\n"
    f"11,{API}/people/11/,abu-mahdi-al-muhandis,Abu Mahdi al-Muhandis,أبو مهدي المهندس,1954,2020,IQ\r\n"
    f"19,{API}/people/19/,abu-muntazer,Abu Muntazer,,,,\r\n"
    f"13,{API}/people/13/,ali-al-sistani,Ali al-Sistani,علي السيستاني,1930,,\r\n"
    f"17,{API}/people/17/,bashar-al-assad,Bashar al-Assad,بشار الأسد,1965,,SY\r\n"
    f"3,{API}/people/3/,behnam-bahadori,Behnam Bahadori,بهنام بهادری,,,IR\r\n"
    f"7,{API}/people/7/,daryoush-arjmand,Daryoush Arjmand,داریوش ارجمند,,,IR\r\n"
    f"6,{API}/people/6/,davoud-mirbaqeri,Davoud Mirbaqeri,داوود میرباقری,,,IR\r\n"
    f"14,{API}/people/14/,haider-al-abadi,Haider al-Abadi,حيدر العبادي,1952,,IQ\r\n"
    f"1,{API}/people/1/,hamed-hadian,Hamed Hadian,حامد هادیان,,,IR\r\n"
    f"12,{API}/people/12/,hassan-nasrallah,Hassan Nasrallah,حسن نصر الله,1960,2024,LB\r\n"
    f"18,{API}/people/18/,ismail-qaani,Ismail Qaani,اسماعیل قاآنی,1957,,IR\r\n"
    f"8,{API}/people/8/,komeil-karimi,Komeil Karimi,کمیل کریمی,,,IR\r\n"
    f"2,{API}/people/2/,mehdi-motahhar,Mehdi Motahhar,مهدی مطهر,,,IR\r\n"
    f"4,{API}/people/4/,mehrdad-khoshbakht,Mehrdad Khoshbakht,مهرداد خوشبخت,,,IR\r\n"
    f"9,{API}/people/9/,mohammad-hossein-movahedinejad,Mohammad-Hossein Movahedinejad,محمدحسین موحدی\u200cنژاد,,,IR\r\n"
    f"15,{API}/people/15/,nuri-al-maliki,Nuri al-Maliki,نوري المالكي,1950,,IQ\r\n"
    f"10,{API}/people/10/,qassem-soleimani,Qassem Soleimani,قاسم سلیمانی,1957,2020,IR\r\n"
    f"16,{API}/people/16/,saddam-hussein,Saddam Hussein,صدام حسين,1937,2006,IQ\r\n"
    f"5,{API}/people/5/,sirous-moqaddam,Sirous Moqaddam,سیروس مقدم,,,IR\r\n"
)


def test_the_people_of_the_seed_as_csv_are_the_first_page_one_row_each_under_a_header(api, seed):
    response = api.get("/api/v1/people/", {"format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"] == CSV_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="people.csv"'
    assert response["X-Total-Count"] == "19"
    assert not response.has_header("Link")  # one page holds them all
    assert response.content.decode("utf-8") == SEED_PEOPLE_CSV


def test_persian_and_arabic_names_survive_as_utf_8(api, seed):
    response = api.get("/api/v1/people/", {"format": "csv", "q": "قاسم سلیمانی"})

    assert response.status_code == 200
    assert rows(response) == [
        ["id", "url", "slug", "name", "native_name", "birth_year", "death_year", "country", "matched", "match_kind"],
        ["10", f"{API}/people/10/", "qassem-soleimani", "Qassem Soleimani", "قاسم سلیمانی", "1957", "2020", "IR",
         "قاسم سلیمانی", "exact"],
    ]
    assert "قاسم سلیمانی".encode() in response.content


def test_accept_text_csv_answers_the_same_csv_as_the_format_parameter(api, seed):
    by_header = api.get("/api/v1/people/", HTTP_ACCEPT="text/csv")

    assert by_header.status_code == 200
    assert by_header["Content-Type"] == CSV_TYPE
    assert by_header.content.decode("utf-8") == SEED_PEOPLE_CSV


def test_format_json_answers_json_as_by_default(api, seed):
    response = api.get("/api/v1/people/", {"format": "json"}, HTTP_ACCEPT="text/csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["count"] == 19


# Filters, ordering and pagination ---------------------------------------------------------------

def test_a_filter_narrows_the_csv_as_it_narrows_json(api, seed):
    response = api.get("/api/v1/works/", {"format": "csv", "director": "hamed-hadian", "kind": "documentary"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="works.csv"'
    siege = models.Work.objects.get(slug="360-siege")
    liberation = models.Work.objects.get(slug="liberation-of-amerli")
    # Liberation of Amerli cites two sources: a list of records is one cell, their titles joined.
    assert rows(response) == [
        ["id", "url", "slug", "title", "kind", "year", "first_shown_on", "first_shown_precision", "runtime_minutes",
         "archival_footage_percent", "sources"],
        [str(siege.pk), f"{API}/works/{siege.pk}/", "360-siege", "360° Siege", "documentary", "2021", "", "day", "",
         "20", "Doc on how Gen. Soleimani broke ISIS’ Amerli siege produced"],
        [str(liberation.pk), f"{API}/works/{liberation.pk}/", "liberation-of-amerli", "Liberation of Amerli",
         "documentary", "2020", "", "day", "", "",
         "Doc reveals Quds Force role in breaking ISIS siege of Amerli; "
         "Doc on how Gen. Soleimani broke ISIS’ Amerli siege produced"],
    ]


def test_the_renamed_edition_format_filter_narrows_the_csv(api, seed):
    response = api.get("/api/v1/editions/", {"format": "csv", "edition_format": "online"})

    assert response.status_code == 200
    table = rows(response)
    assert table[0] == ["id", "url", "slug", "label", "festival.id", "festival.url", "festival.slug", "festival.name",
                        "festival.kind", "number", "year", "years_honoured", "name", "start_date", "end_date",
                        "dates_precision", "format", "city", "venue"]
    assert [(row[2], row[16]) for row in table[1:]] == [("cinema-verite-2020", "online")]


def test_nested_records_are_flattened_and_lists_of_records_joined_by_name(api, db):
    edition = make.edition(festival=make.festival(name="Cinéma Vérité", slug="cv"), year=2021, number=15,
                           slug="cv-2021")
    award = make.award(festival=edition.festival, name="Best Director", slug="best-director")
    nomination = models.Nomination.objects.create(award=award, edition=edition, outcome=NominationOutcome.WON,
                                                  work=make.work(title="Amerli", slug="amerli", year=2020))
    nomination.people.set([make.person(name="Hamed Hadian"), make.person(name="مهدی مطهر")])

    response = api.get("/api/v1/nominations/", {"format": "csv"})

    table = rows(response)
    assert table[0] == [
        "id", "url", "award.id", "award.url", "award.slug", "award.name", "edition.id", "edition.url", "edition.slug",
        "edition.label", "edition.number", "edition.year", "edition.festival.id", "edition.festival.url",
        "edition.festival.slug", "edition.festival.name", "edition.festival.kind", "work.id", "work.url",
        "work.slug", "work.title", "work.kind", "work.year", "other_works", "people", "organisations", "outcome",
        "detail",
    ]
    assert table[1:] == [[
        str(nomination.pk), f"{API}/nominations/{nomination.pk}/", str(award.pk), f"{API}/awards/{award.pk}/",
        "best-director", "Best Director", str(edition.pk), f"{API}/editions/{edition.pk}/", "cv-2021",
        str(edition), "15", "2021", str(edition.festival.pk), f"{API}/festivals/{edition.festival.pk}/", "cv",
        "Cinéma Vérité", "film_festival", str(nomination.work.pk), f"{API}/works/{nomination.work.pk}/", "amerli",
        "Amerli", "documentary", "2020", "", "Hamed Hadian; مهدی مطهر", "", "won", "",
    ]]


def test_a_nested_record_that_is_null_leaves_its_columns_empty(api, db):
    award = make.award(name="Jury Prize", slug="jury-prize")

    table = rows(api.get("/api/v1/awards/", {"format": "csv"}))

    assert table[0][-6:] == ["festival.kind", "presented_by.id", "presented_by.url", "presented_by.slug",
                             "presented_by.name", "presented_by.kind"]
    assert table[1][:4] == [str(award.pk), f"{API}/awards/{award.pk}/", "jury-prize", "Jury Prize"]
    assert table[1][-5:] == ["", "", "", "", ""]


def test_a_page_of_csv_is_the_page_json_answers_and_links_the_next_and_previous_pages(api, seed):
    as_json = api.get("/api/v1/people/", {"page": 2, "page_size": 5, "ordering": "-birth_year"}).json()

    response = api.get("/api/v1/people/", {"format": "csv", "page": 2, "page_size": 5, "ordering": "-birth_year"})

    assert [int(row[0]) for row in rows(response)[1:]] == [person["id"] for person in as_json["results"]]
    assert response["X-Total-Count"] == "19"
    assert response["Link"] == (
        f'<{API}/people/?format=csv&ordering=-birth_year&page=3&page_size=5>; rel="next", '
        f'<{API}/people/?format=csv&ordering=-birth_year&page_size=5>; rel="prev"'
    )


def test_a_cursor_page_of_csv_links_the_next_page_and_has_no_total(api, seed):
    response = api.get("/api/v1/people/", {"format": "csv", "pagination": "cursor", "page_size": 5})

    assert [int(row[0]) for row in rows(response)[1:]] == [1, 2, 3, 4, 5]
    assert not response.has_header("X-Total-Count")
    assert response["Link"] == f'<{API}/people/?cursor=cD01&format=csv&page_size=5&pagination=cursor>; rel="next"'


def test_page_size_is_capped_at_100_as_for_json(api, db):
    models.Person.objects.bulk_create(models.Person(name=f"Person {n:03}", slug=f"person-{n:03}") for n in range(101))

    response = api.get("/api/v1/people/", {"format": "csv", "page_size": 500})

    assert len(rows(response)) == 1 + 100
    assert response["Link"] == f'<{API}/people/?format=csv&page=2&page_size=500>; rel="next"'


def test_an_empty_list_is_the_header_row_alone(api, db):
    response = api.get("/api/v1/festivals/", {"format": "csv"})

    assert response.status_code == 200
    assert response.content.decode() == "id,url,slug,name,kind,country,city,founded_year\r\n"


def test_a_cell_a_spreadsheet_would_read_as_a_formula_is_written_as_text(api, db):
    make.person(name="=HYPERLINK(\"http://example.com\")", slug="formula", native_name="@SUM(1)")

    table = rows(api.get("/api/v1/people/", {"format": "csv"}))

    assert table[1][3:5] == ["'=HYPERLINK(\"http://example.com\")", "'@SUM(1)"]


def test_a_cached_answer_is_rendered_as_the_client_asks(api, seed, settings):
    settings.API_CACHE_SECONDS = 60
    as_json = api.get("/api/v1/people/")

    as_csv = api.get("/api/v1/people/", HTTP_ACCEPT="text/csv")

    assert (as_json["X-Cache"], as_csv["X-Cache"]) == ("miss", "hit")
    assert as_csv["Content-Type"] == CSV_TYPE
    assert as_csv.content.decode("utf-8") == SEED_PEOPLE_CSV


# Errors and details ------------------------------------------------------------------------------

@pytest.mark.parametrize("params", [
    {"year": "abc"},
    {"director": "nobody"},
    {"format": "csv", "ordering": "colour"},
], ids=["bad value", "unknown record", "bad ordering"])
def test_an_invalid_request_for_csv_answers_a_json_error(api, seed, params):
    body = assert_json_error(api.get("/api/v1/works/", {"format": "csv", **params}), 400, "invalid")

    assert list(body["errors"]) == [next(name for name in params if name != "format")]


def test_a_page_past_the_last_answers_a_json_404(api, seed):
    assert_json_error(api.get("/api/v1/people/", {"format": "csv", "page": 9}), 404, "not_found")


def test_a_detail_asked_for_csv_answers_406_saying_csv_is_for_lists(api, seed):
    body = assert_json_error(api.get("/api/v1/works/360-siege/", {"format": "csv"}), 406, "not_acceptable")

    assert body["detail"] == ("This address does not answer the format 'csv'; it answers json, api. "
                              "CSV is offered by lists only.")
    assert_json_error(api.get("/api/v1/works/360-siege/", HTTP_ACCEPT="text/csv"), 406, "not_acceptable")


def test_a_method_a_list_does_not_take_answers_405_in_json_when_csv_is_asked_for(api, db):
    assert_json_error(api.generic("TRACE", "/api/v1/works/?format=csv"), 405, "method_not_allowed")


def test_an_unknown_format_answers_406_naming_the_formats_offered(api, seed):
    body = assert_json_error(api.get("/api/v1/works/", {"format": "xml"}), 406, "not_acceptable")

    assert body["detail"] == "This address does not answer the format 'xml'; it answers json, api, csv."


def test_the_addresses_in_a_csv_list_name_each_detail_as_it_answers(api, seed):
    address = rows(api.get("/api/v1/works/", {"format": "csv", "page_size": 1}))[1][1]

    assert address == f"{API}/works/1/"
    assert api.get(address).status_code == 200


# Every list ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("resource", LISTS)
def test_every_list_answers_csv_with_a_row_per_record_of_its_json_page(api, seed, resource):
    # The two parts the seed has none of.
    models.AwardName.objects.create(award=models.Award.objects.get(), name="Soleimani Award")
    models.ExternalId.objects.create(content_object=models.Work.objects.get(slug="360-siege"), scheme="imdb",
                                     value="tt1832382")
    params = {"q": "amerli"} if resource == "search" else {}
    as_json = api.get(f"/api/v1/{resource}/", params).json()

    response = api.get(f"/api/v1/{resource}/", {**params, "format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"] == CSV_TYPE
    assert response["Content-Disposition"] == f'attachment; filename="{resource}.csv"'
    table = rows(response)
    assert table[0][:2] == (["type", "id"] if resource == "search" else ["id", "url"])
    assert as_json["results"]
    assert [row[table[0].index("id")] for row in table[1:]] == [str(record["id"]) for record in as_json["results"]]


@pytest.mark.parametrize(("resource", "queries"), LIST_QUERIES)
def test_a_csv_list_costs_the_queries_its_json_list_costs(api, django_assert_num_queries, resource, queries):
    for _ in range(3):
        BUILDERS[resource](2)

    # The same queries as test_resources.LIST_QUERIES names for the JSON list, whatever the page size.
    for page_size in (1, 100):
        with django_assert_num_queries(queries):
            response = api.get(f"/api/v1/{resource}/", {"format": "csv", "page_size": page_size})
        assert response.status_code == 200
        assert len(rows(response)) == 1 + min(page_size, int(response["X-Total-Count"]))
