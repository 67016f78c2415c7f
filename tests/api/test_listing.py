"""Compiled list pages (catalogue/api/listing.py): a works list filtered by the works' own columns
is read by statements compiled once per shape of request, and answers exactly what the general
path (django-filter, the paginator, the ORM) answers; any request they could not answer the same
way goes the general way."""
import json

import pytest
from django.db import connection
from django.http import QueryDict

from catalogue import models
from catalogue.api import listing, reading, views
from catalogue.choices import CreditRole, NominationOutcome, WorkKind

from .. import factories as make
from .test_resources import nominate

WORKS = "/api/v1/works/"
NOMINATIONS = "/api/v1/nominations/"


@pytest.fixture(autouse=True)
def fresh_shapes():
    listing.shapes.clear()
    yield
    listing.shapes.clear()


@pytest.fixture
def works(seed):
    """Works of several kinds, years, runtimes and shares of archival footage, some without."""
    kinds = [WorkKind.DOCUMENTARY, WorkKind.FEATURE_FILM, WorkKind.SHORT_FILM]
    for n in range(30):
        make.work(title=f"Listed {n % 7}", kind=kinds[n % 3], year=None if n % 10 == 9 else 2000 + n % 4,
                  runtime_minutes=None if n % 6 == 5 else 20 + 5 * n, archival_footage_percent=[None, 0, 40][n % 3])


@pytest.fixture
def named(works):
    """A director of several works, and a festival of two editions with nominations of both
    outcomes, which name works, people and organisations."""
    director = make.person(slug="listed-director")
    for work in models.Work.objects.filter(title__startswith="Listed")[:5]:
        models.Credit.objects.create(work=work, person=director, role=CreditRole.DIRECTOR)
    festival = make.festival(slug="listed-festival")
    award = make.award(festival=festival, slug="listed-award")
    for year in (2019, 2020):
        edition = make.edition(festival=festival, year=year, slug=f"listed-festival-{year}")
        for n in range(5):
            nominate(1, edition=edition, award=award,
                     outcome=NominationOutcome.WON if n % 2 else NominationOutcome.NOMINATED)
    return {"director": director, "festival": festival, "award": award}


@pytest.fixture
def compiled(monkeypatch):
    """What listing.page() gave for each request: the page's rows, or None (the general way)."""
    given = []
    page = listing.page

    def recorded(view, request):
        found = page(view, request)
        given.append(found)
        return found

    monkeypatch.setattr(listing, "page", recorded)
    return given


def answer(api, params, path=WORKS):
    response = api.get(path, params)
    return (response.status_code, response.content.decode(),
            {name: response.get(name) for name in ("ETag", "Last-Modified", "Content-Type", "Vary")})


def general_answer(api, params, monkeypatch, path=WORKS):
    with monkeypatch.context() as patched:
        patched.setattr(listing, "enabled", False)
        return answer(api, params, path)


COMPILED = [
    pytest.param({}, id="unfiltered"),
    pytest.param({"kind": "documentary"}, id="kind"),
    pytest.param({"kind": ["documentary", "short_film"]}, id="kinds"),
    pytest.param({"year": "2001"}, id="year"),
    pytest.param({"kind": "documentary", "year": "2000", "page_size": "2", "page": "2"}, id="kind-year-page"),
    pytest.param({"kind": "documentary", "year": "2000", "page_size": "2", "page": "1"}, id="first-page"),
    pytest.param({"page_size": "7", "page": "6"}, id="last-page"),
    pytest.param({"page_size": "1000"}, id="page-size-over-the-most"),
    pytest.param({"year_min": "2001", "year_max": "2002"}, id="years"),
    pytest.param({"year": "-5"}, id="negative-year"),
    pytest.param({"runtime_min": "60", "runtime_max": "120"}, id="runtimes"),
    pytest.param({"has_archival_footage": "true"}, id="archival"),
    pytest.param({"has_archival_footage": "false", "kind": "documentary"}, id="no-archival"),
    pytest.param({"ordering": "-year"}, id="ordering"),
    pytest.param({"ordering": "runtime,-title", "page_size": "4", "page": "3"}, id="orderings"),
    pytest.param({"year": "1850"}, id="nothing-found"),
    pytest.param({"kind": ["short_film", "documentary"], "page": ""}, id="kinds-in-another-order-empty-page"),
    pytest.param({"page": "007", "page_size": "3"}, id="page-with-zeros"),
    pytest.param({"ordering": ""}, id="empty-ordering"),
    pytest.param({"ordering": " -runtime , title"}, id="ordering-with-spaces"),
    pytest.param({"pagination": "page", "kind": "documentary"}, id="page-mode-named"),
    pytest.param({"pagination": "cursor"}, id="first-cursor-page"),
    pytest.param({"pagination": "cursor", "kind": "documentary", "page_size": "3", "page": ""}, id="cursor-filtered"),
    pytest.param({"pagination": "cursor", "year": "1850"}, id="cursor-nothing-found"),
]


@pytest.mark.parametrize("params", COMPILED)
def test_a_list_by_the_works_own_columns_is_compiled_and_answers_as_the_general_path(
        api, works, compiled, monkeypatch, params):
    expected = general_answer(api, params, monkeypatch)
    assert compiled == [None]  # listing was off

    first, again = answer(api, params), answer(api, params)

    assert compiled[1] is not None and compiled[2] is not None
    assert first == expected == again
    assert expected[0] == 200


GENERAL = [
    pytest.param({"kind": "opera"}, 400, id="unknown-kind"),
    pytest.param({"year": "2001.0"}, 200, id="decimal-year"),
    pytest.param({"year": " 2001"}, 200, id="spaced-year"),
    pytest.param({"year": "abc"}, 400, id="year-not-a-number"),
    pytest.param({"kind": "documentary", "year": ""}, 200, id="empty-value"),
    pytest.param({"year": "1234567"}, 200, id="year-of-seven-digits"),
    pytest.param({"year": ["2001", "2002"]}, 200, id="year-twice"),
    pytest.param({"runtime_min": "-1"}, 200, id="runtime-out-of-range"),
    pytest.param({"has_archival_footage": "1"}, 200, id="boolean-alias"),
    pytest.param({"has_archival_footage": "maybe"}, 400, id="not-a-boolean"),
    pytest.param({"page": "0"}, 400, id="page-zero"),
    pytest.param({"page": "last"}, 400, id="page-by-name"),
    pytest.param({"page_size": "0"}, 400, id="page-size-zero"),
    pytest.param({"page": ["1", "2"]}, 200, id="page-twice"),
    pytest.param({"ordering": "budget"}, 400, id="unknown-ordering"),
    pytest.param({"colour": "red"}, 400, id="unknown-parameter"),
    pytest.param({"q": "listed"}, 200, id="search"),
    pytest.param({"pagination": "cursor", "ordering": "title"}, 400, id="cursor-with-ordering"),
    pytest.param({"pagination": "cursor", "page": "2"}, 400, id="cursor-with-page"),
    pytest.param({"cursor": "not-a-cursor"}, 400, id="cursor-not-given-by-the-api"),
    pytest.param({"cursor": "bm90LWEtY3Vyc29y"}, 200, id="cursor-of-nothing"),
    pytest.param({"cursor": "bz0z"}, 200, id="cursor-with-an-offset-alone"),
    pytest.param({"pagination": ["cursor", "page"]}, 200, id="pagination-twice"),
    pytest.param({"pagination": "pages", "kind": "opera"}, 400, id="bad-mode-and-kind"),
    pytest.param({"format": "csv"}, 200, id="csv"),
    pytest.param({"format": "json"}, 200, id="format-named"),
    pytest.param({"year": "２００１"}, 200, id="fullwidth-digits"),
    pytest.param({"kind": ["documentary", "documentary"]}, 200, id="kind-twice"),
    pytest.param({"ordering": "title,"}, 400, id="ordering-empty-term"),
]


NAMED = [
    pytest.param(WORKS, {"director": "listed-director"}, id="works-by-director"),
    pytest.param(WORKS, {"director": "{director}", "kind": "short_film"}, id="works-by-director-id-and-kind"),
    pytest.param(WORKS, {"festival": "listed-festival", "won": "true"}, id="works-won-at-a-festival"),
    pytest.param(WORKS, {"award": "{award}", "page_size": "3", "page": "2"}, id="works-nominated-for-an-award"),
    pytest.param(NOMINATIONS, {"festival": "listed-festival", "outcome": "won"}, id="nominations-festival-outcome"),
    pytest.param(NOMINATIONS, {"festival": "{festival}", "outcome": "nominated", "page_size": "2", "page": "3"},
                 id="nominations-festival-id-page"),
    pytest.param(NOMINATIONS, {"edition": "listed-festival-2019"}, id="nominations-edition"),
    pytest.param(NOMINATIONS, {"award": "listed-award", "ordering": "-year"}, id="nominations-award-ordering"),
    pytest.param(NOMINATIONS, {"outcome": ["won", "nominated"]}, id="nominations-outcomes"),
    pytest.param(NOMINATIONS, {}, id="nominations"),
    pytest.param(WORKS, {"director": "listed-director", "person": "{director}", "producer": "listed-director"},
                 id="three-filters-naming-people"),
]


def ids_of(params, named):
    """`{festival}` in a value is the id of that record."""
    return {name: [value.format(**{key: record.pk for key, record in named.items()}) for value in values]
            if isinstance(values, list) else values.format(**{key: record.pk for key, record in named.items()})
            for name, values in params.items()}


@pytest.mark.parametrize(("path", "params"), NAMED)
def test_a_list_by_records_named_is_compiled_and_answers_as_the_general_path(
        api, named, compiled, monkeypatch, path, params):
    params = ids_of(params, named)
    expected = general_answer(api, params, monkeypatch, path)

    assert answer(api, params, path) == expected == answer(api, params, path)
    assert compiled[1] is not None and compiled[2] is not None
    assert expected[0] == 200
    assert json.loads(expected[1])["results"] or params.get("producer")


@pytest.mark.parametrize(("path", "params", "status"), [
    pytest.param(NOMINATIONS, {"festival": "no-such-festival"}, 400, id="unknown-festival"),
    pytest.param(NOMINATIONS, {"festival": "999999"}, 400, id="unknown-festival-id"),
    pytest.param(NOMINATIONS, {"festival": " listed-festival"}, 200, id="spaced-slug"),
    pytest.param(NOMINATIONS, {"festival": ["listed-festival", "no-such-festival"]}, 400, id="festival-twice"),
    pytest.param(NOMINATIONS, {"festival": ""}, 200, id="empty-festival"),
    pytest.param(NOMINATIONS, {"year_min": "2020"}, 200, id="through-a-relation"),
    pytest.param(WORKS, {"country": "ir"}, 200, id="country-code"),
])
def test_what_names_no_record_plainly_goes_the_general_way(api, named, compiled, monkeypatch, path, params, status):
    expected = general_answer(api, params, monkeypatch, path)

    assert answer(api, params, path) == expected
    assert compiled[-1] is None
    assert expected[0] == status


@pytest.mark.parametrize(("params", "queries"), [
    pytest.param({"festival": "no-such-festival"}, 1, id="slug"),  # by slug
    pytest.param({"festival": "999999"}, 2, id="id"),  # by id, then by slug
    pytest.param({"festival": "listed-festival", "page": "9"}, 2, id="past-the-last-page"),  # the festival, the count
])
def test_a_refusal_costs_the_queries_of_the_general_path_alone(
        api, named, compiled, monkeypatch, django_assert_num_queries, params, queries):
    with monkeypatch.context() as patched, django_assert_num_queries(queries):
        patched.setattr(listing, "enabled", False)
        expected = answer(api, params, NOMINATIONS)
    for _ in range(2):  # the first compiles the shape
        with django_assert_num_queries(queries):
            assert answer(api, params, NOMINATIONS) == expected
    assert expected[0] in {400, 404}


def test_a_compiled_list_by_a_record_costs_its_lookup_as_the_general_path_does(
        api, named, compiled, django_assert_num_queries, monkeypatch):
    # 1 the festival by slug, 2 count, 3 page of nominations, 4 what they name besides their work
    params = {"festival": "listed-festival", "outcome": "won"}
    with monkeypatch.context() as patched, django_assert_num_queries(4):
        patched.setattr(listing, "enabled", False)
        api.get(NOMINATIONS, params)
    for _ in range(2):
        with django_assert_num_queries(4):
            assert api.get(NOMINATIONS, params).status_code == 200
    assert None not in compiled[-2:]


@pytest.mark.parametrize(("params", "status"), GENERAL)
def test_what_the_statements_could_not_answer_the_same_goes_the_general_way(
        api, works, compiled, monkeypatch, params, status):
    expected = general_answer(api, params, monkeypatch)

    assert answer(api, params) == expected
    assert compiled[-1] is None
    assert expected[0] == status
    # Nothing is compiled for a request that cannot be: neither a failed build nor a dead entry
    # that would push out the shapes in use.
    assert listing.shapes == {}


@pytest.mark.parametrize("params", [{"page_size": "4"}, {"kind": "documentary", "page_size": "2"}],
                         ids=["unfiltered", "filtered"])
def test_cursor_pages_walked_both_ways_are_compiled_and_answer_as_the_general_path(
        api, works, compiled, monkeypatch, params):
    """Forwards by `next` to the end, then back by `previous` to the start: each page as the
    general path answers it."""
    def walk(link, key):
        answers = []
        while link:
            path, _, query = link.partition("?")
            answers.append((general_answer(api, QueryDict(query), monkeypatch), answer(api, QueryDict(query))))
            link = json.loads(answers[-1][1][1])[key]
        return answers

    first = {**params, "pagination": "cursor"}
    expected = general_answer(api, first, monkeypatch)
    assert answer(api, first) == expected
    forwards = walk(json.loads(expected[1])["next"], "next")
    backwards = walk(json.loads(forwards[-1][1][1])["previous"], "previous")

    assert len(forwards) >= 3 and len(backwards) == len(forwards)
    for general, fast in forwards + backwards:
        assert fast == general and general[0] == 200
    assert None not in compiled[1::2]
    assert {shape[-1] for _, _, shape in listing.shapes} == {"cursor", "cursor-after", "cursor-before"}


def test_a_page_past_the_last_is_refused_as_the_general_path_refuses_it_counting_once(
        api, works, compiled, monkeypatch, django_assert_num_queries):
    params = {"kind": "documentary", "page": "99"}
    expected = general_answer(api, params, monkeypatch)
    for _ in range(2):
        with django_assert_num_queries(1):  # the count
            assert answer(api, params) == expected
    assert expected[0] == 404 and "Invalid page." in expected[1]


def test_a_head_request_is_answered_as_its_get(api, works, compiled):
    got, head = api.get(WORKS, {"kind": "documentary"}), api.head(WORKS, {"kind": "documentary"})

    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == got["ETag"] and head["Last-Modified"] == got["Last-Modified"]
    assert None not in compiled


def test_a_list_asked_for_with_a_format_suffix_is_compiled_with_its_addresses(api, works, compiled, monkeypatch):
    params, path = {"kind": "documentary", "page_size": "2", "page": "2"}, "/api/v1/works.json"
    expected = general_answer(api, params, monkeypatch, path)

    assert answer(api, params, path) == expected
    assert compiled[-1] is not None
    assert '.json"' in expected[1] and "/api/v1/works.json?" in expected[1]


def test_a_number_out_of_its_columns_range_goes_the_general_way(api, works, compiled, monkeypatch):
    # Django leaves a comparison with a number out of the column's range out of the SQL (no
    # work has such a year): a smallint on PostgreSQL, while SQLite's integers have 64 bits.
    params = {"year": "99999", "kind": "documentary"}
    expected = general_answer(api, params, monkeypatch)

    assert answer(api, params) == expected
    assert expected[0] == 200
    in_range = connection.ops.integer_field_range("SmallIntegerField")[1] >= 99999
    assert (compiled[-1] is not None) == in_range


def test_the_browsable_api_goes_the_general_way(api, works, compiled):
    response = api.get(WORKS, {"kind": "documentary"}, HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert b"<html" in response.content
    assert compiled == [None]


def test_a_shape_is_compiled_once_and_each_request_reads_its_own_numbers(api, works, compiled):
    bodies = {year: api.get(WORKS, {"kind": "documentary", "year": year}).json() for year in (2000, 2001, 2003)}

    assert len(listing.shapes) == 1
    for year, body in bodies.items():
        expected = models.Work.objects.filter(kind="documentary", year=year)
        assert body["count"] == expected.count() > 0
        assert [work["id"] for work in body["results"]] == [work.pk for work in expected]
    assert all(page is not None for page in compiled)


@pytest.mark.parametrize("params", [{"kind": "documentary", "year": "2001"}, {"year": "1850"}],
                         ids=["found", "none-found"])
def test_a_compiled_list_costs_what_the_general_path_costs(api, works, compiled, django_assert_num_queries,
                                                           monkeypatch, params):
    # 1 count, 2 page of works, 3 their citations; a list with nothing in it: the count alone
    queries = 3 if models.Work.objects.filter(year=params["year"]).exists() else 1
    with monkeypatch.context() as patched, django_assert_num_queries(queries):
        patched.setattr(listing, "enabled", False)
        api.get(WORKS, params)
    for _ in range(2):  # the first request compiles its shape, without a query of its own
        with django_assert_num_queries(queries):
            assert api.get(WORKS, params).status_code == 200
    assert compiled[-2:] != [None, None]


def test_a_constant_equal_to_a_stand_in_sends_the_shape_the_general_way(api, works, compiled, monkeypatch):
    # The stand-in of the first integer filter is the top of its column's range: a query that
    # compares the column with that very number cannot tell the two apart, so its shape is not
    # compiled.
    top = connection.ops.integer_field_range("PositiveSmallIntegerField")[1]
    ordered = views.WorkViewSet.order
    monkeypatch.setattr(views.WorkViewSet, "order", lambda view, queryset, raw: ordered(view, queryset, raw).exclude(
        runtime_minutes=top))
    params = {"year": "2001", "runtime_min": "30"}
    expected = general_answer(api, params, monkeypatch)

    assert answer(api, params) == expected
    assert list(listing.shapes.values()) == [None]
    assert compiled[-1] is None


def test_the_shapes_kept_are_the_last_ones_used(api, works, monkeypatch):
    monkeypatch.setattr(listing, "SHAPES", 2)
    for params in ({"kind": "documentary"}, {"year": "2001"}, {"kind": "documentary"}, {"ordering": "-year"}):
        assert api.get(WORKS, params).status_code == 200

    assert [shape for _, _, shape in listing.shapes] == [
        ((("kind", ("documentary",)),), (), "", "page"), ((), (), "-year", "page")]


@pytest.mark.parametrize(("model", "key", "value"), [
    pytest.param(models.Festival, "slug", "listed-festival", id="festival-by-slug"),
    pytest.param(models.Festival, "pk", "{festival}", id="festival-by-id"),
    pytest.param(models.FestivalEdition, "slug", "listed-festival-2020", id="edition-ordered-through-its-festival"),
    pytest.param(models.Person, "slug", "listed-director", id="person"),
    pytest.param(models.Award, "pk", "{award}", id="award-by-id"),
    pytest.param(models.Country, "code", "IR", id="country-by-code"),
    pytest.param(models.Language, "code", "fa", id="language-by-code"),
    pytest.param(models.Festival, "slug", "no-such-festival", id="none"),
    pytest.param(models.Work, "pk", "999999999", id="no-such-id"),
])
def test_a_record_looked_up_by_its_statement_is_the_one_the_orm_finds(named, model, key, value):
    value = value.format(**{name: record.pk for name, record in named.items()})
    value = int(value) if key == "pk" else value
    expected = model.objects.filter(**{key: value}).first()

    found = reading.record_where(model, key, value)

    assert type(found) is type(expected)
    if expected is not None:
        fields = [field.attname for field in model._meta.concrete_fields]
        assert [getattr(found, name) for name in fields] == [getattr(expected, name) for name in fields]
        assert found._state.db == expected._state.db and not found._state.adding
