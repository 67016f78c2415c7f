"""Search pages read the short way (catalogue.search.exact_page, catalogue/api/listing.py
search_page): when the records whose own name is the query itself fill the page, `?q=` is
answered without ranking every match, and answers what the general path answers, in no more
queries; but when more records than the page's end are named so, the matches are not counted
(`count` is null, and the page has a next). Any other search goes the general way, which reuses
the first query."""
import json

import pytest
from django.db import connection

from catalogue import models, search
from catalogue.api import listing
from catalogue.choices import NameKind

from .. import factories as make
from .test_listing import answer, general_answer

PEOPLE = "/api/v1/people/"
NAME = "Hossein Karimi"


@pytest.fixture
def namesakes(db):
    """Nine records whose own name is "Hossein Karimi" written several ways (so that the names
    differ in length), one of them also by its native-script name, and a record of each other
    rank: a longer name, a variant, a loose spelling, the words in another order."""
    spellings = ["Hossein Karimi", "HOSSEIN  KARIMI", "Hossein-Karimi", "Hosséin Karimi", "Hossein Kari'mi",
                 "hossein karimi", "Hossein Karimi", "Hossein  Karimi", "Hossein Karimi"]
    people = [make.person(name=name) for name in spellings]
    make.person(name="Someone Else", native_name=NAME)  # its native-script name is the query
    twice = make.person(name=NAME, native_name=NAME)  # two exact entries: the first is its best
    make.person(name="Hossein Karimi Zadeh")
    make.person(name="Karimi Hossein")
    make.person(name="Hosein Karimy")
    known_as = make.person(name="Another Person")
    models.PersonName.objects.create(person=known_as, name=NAME, kind=NameKind.ROMANISATION)
    return [*people, twice]


def uncounted(answered):
    """An answer without its count and its ETag (a digest of the body), and the count."""
    status, body, headers = answered
    data = json.loads(body)
    return (status, {**data, "count": None}, {k: v for k, v in headers.items() if k != "ETag"}), data["count"]


def assert_uncounted(got, expected):
    """`got` is the general path's answer `expected`, but for its count, which is null."""
    (got, count), (expected, total) = uncounted(got), uncounted(expected)
    assert got == expected
    assert count is None and total > 0


@pytest.fixture
def short_way(monkeypatch):
    """What search.exact_page() gave for each request it was asked: a page, or None."""
    given = []
    exact_page = search.exact_page

    def recorded(*args):
        found = exact_page(*args)
        given.append(found is not None)
        return found

    monkeypatch.setattr(search, "exact_page", recorded)
    return given


# The records named exactly "Hossein Karimi": nine, the one by its native-script name and the one
# named so twice.
NAMED = 11


@pytest.mark.parametrize(("params", "short", "counted"), [
    pytest.param({"q": NAME, "page_size": "3"}, True, False, id="first-page"),
    pytest.param({"q": NAME, "page_size": "3", "page": "2"}, True, False, id="second-page"),
    pytest.param({"q": NAME, "page_size": "5", "page": "2"}, True, False, id="one-exact-name-after-the-page"),
    pytest.param({"q": NAME, "page_size": str(NAMED)}, True, True, id="the-exact-names-end-with-the-page"),
    pytest.param({"q": NAME, "page_size": "4", "page": "3"}, False, True, id="past-the-exact-names"),
    pytest.param({"q": NAME}, False, True, id="a-page-of-twenty"),
    pytest.param({"q": "  hossein   KARIMI ", "page_size": "2", "page": "4"}, True, False, id="written-otherwise"),
    pytest.param({"q": "Hosein Karimy", "page_size": "1"}, True, True, id="a-loose-spelling-as-written"),
    pytest.param({"q": "Karimi", "page_size": "1"}, False, True, id="no-exact-name"),
    pytest.param({"q": "Hossein Karimii", "page_size": "1"}, False, True, id="nothing-found-but-fuzzily"),
])
def test_a_search_answers_as_the_general_path(api, namesakes, short_way, monkeypatch, params, short, counted):
    expected = general_answer(api, params, monkeypatch, PEOPLE)
    assert short_way == []  # the general path does not ask

    got = answer(api, params, PEOPLE)
    if counted:
        assert got == expected
    else:
        assert_uncounted(got, expected)
    assert short_way == [short]
    assert expected[0] == 200 and json.loads(expected[1])["results"]


def test_uncounted_pages_link_to_the_next_and_the_pages_past_the_exact_names_are_counted(api, namesakes, short_way):
    body = api.get(PEOPLE, {"q": NAME, "page_size": "5"}).json()
    pages = [body]
    while body["next"]:
        body = api.get(body["next"]).json()
        pages.append(body)
    assert [page["count"] for page in pages] == [None, None, 15]  # the third holds the 11th exact name
    assert short_way == [True, True, False]
    found = [r["id"] for page in pages for r in page["results"]]
    assert len(found) == len(set(found)) == 15
    assert [r["match_kind"] for r in pages[0]["results"] + pages[1]["results"]] == ["exact"] * 10
    assert api.get(pages[1]["previous"]).json() == pages[0]


def test_the_exact_names_come_first_shortest_first_then_by_id(api, namesakes, short_way):
    body = api.get(PEOPLE, {"q": NAME, "page_size": "10"}).json()
    assert short_way == [True]
    results = body["results"]
    assert {r["match_kind"] for r in results} == {"exact"}
    assert [(len(r["matched"]), r["id"]) for r in results] == sorted((len(r["matched"]), r["id"]) for r in results)
    assert body["count"] is None  # more records are named so than the page holds: not counted
    assert body["next"] is not None and body["previous"] is None
    body = api.get(PEOPLE, {"q": NAME, "page_size": str(NAMED)}).json()
    assert body["count"] == 15  # the exact names end with the page: every match is counted
    assert {r["match_kind"] for r in body["results"]} == {"exact"}
    assert short_way == [True, True]


def test_a_record_named_exactly_twice_is_listed_once_by_its_first_name(api, namesakes, short_way):
    twice = namesakes[-1]
    results = api.get(PEOPLE, {"q": NAME, "page_size": "10"}).json()["results"]
    assert [r["matched"] for r in results if r["id"] == twice.pk] == [NAME]
    assert short_way == [True]


@pytest.mark.parametrize(("params", "queries"), [
    pytest.param({"q": NAME, "page_size": "3"}, 2, id="short-way-uncounted"),  # the first query, the page
    pytest.param({"q": NAME, "page_size": "3", "page": "2"}, 3, id="short-way-uncounted-second-page"),  # and the places before
    pytest.param({"q": NAME, "page_size": str(NAMED)}, 3, id="short-way-counted"),  # the first query, the count, the page
    pytest.param({"q": NAME}, 3, id="general-way"),
    pytest.param({"q": "Karimi"}, 3, id="no-exact-name"),
])
def test_a_search_costs_three_queries_at_most_either_way(
        api, namesakes, django_assert_num_queries, monkeypatch, params, queries):
    with django_assert_num_queries(queries):
        api.get(PEOPLE, params)
    monkeypatch.setattr(listing, "enabled", False)
    with django_assert_num_queries(3):  # the first query, the count, the page
        api.get(PEOPLE, params)


@pytest.mark.parametrize("params", [
    pytest.param({"q": NAME, "page_size": "3"}, id="on-the-page"),
    pytest.param({"q": NAME, "page_size": "3", "page": "2"}, id="before-the-page"),
])
def test_an_index_entry_of_a_record_that_is_gone_sends_the_search_the_general_way(
        api, namesakes, short_way, monkeypatch, params):
    # The shortest name of all: it would be listed first, but the general path lists no record for it.
    models.SearchEntry.objects.create(record_type="person", record_id=10**9, kind="name", text="H.K.",
                                      key="hossein karimi", loose=" hosein karimi ", skeleton=" hsn krm ")
    expected = general_answer(api, params, monkeypatch, PEOPLE)
    assert answer(api, params, PEOPLE) == expected
    assert short_way == [False]
    assert all(r["id"] != 10**9 for r in json.loads(expected[1])["results"])


def test_an_uncounted_page_is_followed_by_a_record_that_is_there(api, db, short_way, monkeypatch):
    """Two people named "Zoltan Qwerty" and an index entry of a third that is gone: a page of two
    would link a next page that the general path says is not there; the general path answers."""
    make.person(name="Zoltan Qwerty")
    make.person(name="Zoltan Qwerty")
    models.SearchEntry.objects.create(record_type="person", record_id=10**9, kind="name", text="Zoltan Qwerty",
                                      key="zoltan qwerty", loose=" zultan kwirti ", skeleton=" zltn kwrt ")
    params = {"q": "Zoltan Qwerty", "page_size": "2"}
    expected = general_answer(api, params, monkeypatch, PEOPLE)
    assert answer(api, params, PEOPLE) == expected
    assert short_way == [False]
    body = json.loads(expected[1])
    assert (body["count"], body["next"], len(body["results"])) == (2, None, 2)


@pytest.mark.parametrize("params", [
    pytest.param({"q": NAME, "page_size": "3", "ordering": "name"}, id="ordering"),
    pytest.param({"q": NAME, "page_size": "3", "role": "director"}, id="another-filter"),
    pytest.param({"q": [NAME, NAME], "page_size": "3"}, id="q-twice"),
    pytest.param({"q": NAME, "page_size": "3", "pagination": "cursor"}, id="cursor-pages"),
    pytest.param({"q": NAME, "page_size": "3", "format": "csv"}, id="csv"),
    pytest.param({"q": "   ", "page_size": "3"}, id="blank"),
    pytest.param({"q": NAME, "page_size": "0"}, id="page-size-zero"),
    pytest.param({"q": NAME, "page": "9"}, id="page-past-the-last"),
    pytest.param({"q": NAME, "page_size": "100", "page": str(2**63)}, id="page-past-any-number"),
])
def test_other_searches_go_the_general_way(api, namesakes, short_way, monkeypatch, params):
    expected = general_answer(api, params, monkeypatch, PEOPLE)
    assert answer(api, params, PEOPLE) == expected
    assert short_way in ([], [False])


def test_a_null_character_is_refused_as_before(api, namesakes, short_way):
    response = api.get(PEOPLE, {"q": "Hossein\x00Karimi"})
    assert response.status_code == 400 and "q" in response.json()["errors"]
    assert short_way == []


def named_records(resource):
    """Three records of `resource` named "Siege of Kabul", another by a longer name, and the
    path of their list."""
    builders = {
        "works": lambda name: make.work(title=name),
        "organisations": lambda name: make.organisation(name=name),
        "festivals": lambda name: make.festival(name=name),
        "awards": lambda name: make.award(name=name),
        "subjects": lambda name: make.subject(name=name),
        "sources": lambda name: make.source(title=name),
    }
    for name in ("Siege of Kabul", "Siege of Kabul", "The Siege of Kabul", "Siege of  Kabul", "Siege of Kabul II"):
        builders[resource](name)
    return f"/api/v1/{resource}/"


@pytest.mark.parametrize("resource", ["works", "organisations", "festivals", "awards", "subjects", "sources"])
def test_every_searchable_list_reads_its_exact_names_the_short_way(api, seed, short_way, monkeypatch, resource):
    path = named_records(resource)
    for params, short in (({"q": "siege of kabul", "page_size": "2"}, True),
                          ({"q": "siege of kabul", "page_size": "3"}, True),
                          ({"q": "siege of kabul", "page_size": "2", "page": "2"}, False)):
        expected = general_answer(api, params, monkeypatch, path)
        if params["page_size"] == "2" and short:  # three records named so: not counted
            assert_uncounted(answer(api, params, path), expected)
        else:
            assert answer(api, params, path) == expected
        assert short_way.pop() is short
        assert expected[0] == 200 and json.loads(expected[1])["results"]


def test_seasons_and_editions_found_through_another_record_go_the_general_way(api, seed, short_way, monkeypatch):
    params = {"q": "Cinema Verite", "page_size": "1"}
    expected = general_answer(api, params, monkeypatch, "/api/v1/editions/")
    assert answer(api, params, "/api/v1/editions/") == expected
    assert short_way == [False]


def test_past_the_listed_matches_the_exact_names_are_not_taken_from_the_first_query(
        api, namesakes, short_way, monkeypatch):
    """On SQLite the first query reads at most MAX_LISTED rows: past them, the exact names it
    read may not be all of them, and the general path answers."""
    monkeypatch.setattr(search, "MAX_LISTED", 5)
    params = {"q": NAME, "page_size": "3"}
    expected = general_answer(api, params, monkeypatch, PEOPLE)
    if connection.vendor == "sqlite":
        assert answer(api, params, PEOPLE) == expected
    else:
        assert_uncounted(answer(api, params, PEOPLE), expected)
    assert short_way == [connection.vendor != "sqlite"]
