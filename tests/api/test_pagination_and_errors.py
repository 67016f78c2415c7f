"""How lists are paged (numbered pages with a total, or cursors), the one JSON shape of every error,
and the pages around the API: the browsable API, the OpenAPI schema and its Swagger UI."""
import base64
import re

import pytest
from django.contrib.staticfiles import finders

from catalogue import models
from catalogue.choices import WorkKind

API = "http://testserver/api/v1"


def make_works(count):
    """`count` works in one query, titled so that their order by title is their order by id."""
    return models.Work.objects.bulk_create(
        models.Work(title=f"Work {i:03}", slug=f"work-{i:03}", kind=WorkKind.DOCUMENTARY, year=2020)
        for i in range(1, count + 1)
    )


def ids(response):
    return [record["id"] for record in response.json()["results"]]


def error(status, code, detail, errors=None):
    return {"status": status, "code": code, "detail": detail, "errors": errors or {}}


# Page numbers -----------------------------------------------------------------------------------


def test_a_page_holds_20_records_by_default_with_the_total_count(api):
    works = make_works(45)

    response = api.get("/api/v1/works/")

    assert response.status_code == 200
    assert response.json()["count"] == 45
    assert response.json()["next"] == f"{API}/works/?page=2"
    assert response.json()["previous"] is None
    assert ids(response) == [work.pk for work in works[:20]]


def test_the_last_page_holds_the_rest_and_links_back(api):
    works = make_works(45)

    response = api.get("/api/v1/works/", {"page": 3})

    assert response.status_code == 200
    assert response.json()["count"] == 45
    assert response.json()["next"] is None
    assert response.json()["previous"] == f"{API}/works/?page=2"
    assert ids(response) == [work.pk for work in works[40:]]


@pytest.mark.parametrize(("page_size", "results"), [("1", 1), ("50", 50), ("100", 100), ("500", 100)])
def test_page_size_chooses_up_to_100_records_a_page(api, page_size, results):
    works = make_works(120)

    response = api.get("/api/v1/works/", {"page_size": page_size})

    assert response.status_code == 200
    assert response.json()["count"] == 120
    assert ids(response) == [work.pk for work in works[:results]]
    assert response.json()["next"] == f"{API}/works/?page=2&page_size={page_size}"


def test_the_next_page_of_a_chosen_size_continues_where_the_first_ended(api):
    works = make_works(120)

    response = api.get("/api/v1/works/", {"page": 2, "page_size": 100})

    assert ids(response) == [work.pk for work in works[100:]]
    assert response.json()["next"] is None
    assert response.json()["previous"] == f"{API}/works/?page_size=100"


@pytest.mark.parametrize(("parameter", "value", "message"), [
    ("page", "abc", "A whole number from 1 is required."),
    ("page", "0", "A whole number from 1 is required."),
    ("page", "-1", "A whole number from 1 is required."),
    ("page", "1.5", "A whole number from 1 is required."),
    ("page", "²", "A whole number from 1 is required."),  # a digit to str.isdigit, not to int()
    ("page_size", "0", "A whole number from 1 to 100 is required."),
    ("page_size", "abc", "A whole number from 1 to 100 is required."),
    ("page_size", "-5", "A whole number from 1 to 100 is required."),
    ("page_size", "²", "A whole number from 1 to 100 is required."),
])
def test_a_page_or_page_size_that_is_not_a_positive_whole_number_answers_400_naming_it(api, parameter, value,
                                                                                        message):
    make_works(3)

    response = api.get("/api/v1/works/", {parameter: value})

    assert response.status_code == 400
    assert response.json() == error(400, "invalid", "Invalid input.", {parameter: [message]})


def test_a_page_past_the_last_answers_404_in_the_error_shape(api):
    make_works(45)

    response = api.get("/api/v1/works/", {"page": 4})

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == error(404, "not_found", "Invalid page.")


# Cursors ----------------------------------------------------------------------------------------


def test_a_cursor_page_links_next_and_previous_without_a_count(api):
    works = make_works(45)

    response = api.get("/api/v1/works/", {"pagination": "cursor", "page_size": 10})

    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["next", "previous", "results"]
    assert body["previous"] is None
    assert body["next"].startswith(f"{API}/works/?cursor=")
    assert ids(response) == [work.pk for work in works[:10]]


def test_following_next_links_walks_every_work_once_in_id_order(api):
    # Titled against their ids, so that an order by title would show.
    works = models.Work.objects.bulk_create(
        models.Work(title=f"Work {100 - i:03}", slug=f"work-{i:03}", kind=WorkKind.DOCUMENTARY) for i in range(45)
    )
    seen, pages = [], 0
    response = api.get("/api/v1/works/", {"pagination": "cursor", "page_size": 10})

    while True:
        assert response.status_code == 200
        assert "count" not in response.json()
        assert len(ids(response)) <= 10
        seen += ids(response)
        pages += 1
        if response.json()["next"] is None:
            break
        response = api.get(response.json()["next"])

    assert pages == 5
    assert seen == sorted(work.pk for work in works)


def test_the_previous_link_of_a_cursor_page_leads_back_to_the_page_before(api):
    make_works(45)
    first = api.get("/api/v1/works/", {"pagination": "cursor", "page_size": 10})
    second = api.get(first.json()["next"])

    back = api.get(second.json()["previous"])

    assert ids(back) == ids(first)


def test_an_unknown_pagination_answers_400_naming_it(api):
    response = api.get("/api/v1/works/", {"pagination": "sideways"})

    assert response.status_code == 400
    assert response.json() == error(400, "invalid", "Invalid input.", {"pagination": ["Choose page or cursor."]})


def test_cursor_pages_refuse_an_ordering_naming_it(api):
    response = api.get("/api/v1/works/", {"pagination": "cursor", "ordering": "title"})

    assert response.status_code == 400
    assert response.json() == error(400, "invalid", "Invalid input.", {
        "ordering": ["Cursor pages are ordered by id; leave out ordering."],
    })


@pytest.mark.parametrize("page", ["2", "[1, 'null']"])
def test_cursor_pages_refuse_a_page_number_naming_it(api, page):
    response = api.get("/api/v1/works/", {"pagination": "cursor", "page": page})

    assert response.status_code == 400
    assert response.json() == error(400, "invalid", "Invalid input.", {
        "page": ["Cursor pages have no numbers; follow next and previous."],
    })


def test_an_empty_page_number_is_no_page_number_in_cursor_mode_too(api, db):
    assert api.get("/api/v1/works/", {"pagination": "cursor", "page": ""}).status_code == 200


@pytest.mark.parametrize("cursor", [
    pytest.param("not-a-cursor", id="not-base64"),
    pytest.param(base64.b64encode(b"p=abc").decode(), id="position-not-a-number"),
    pytest.param(base64.b64encode(b"p=-5").decode(), id="negative-position"),
    pytest.param(base64.b64encode(b"p=99999999999999999999").decode(), id="position-past-any-id"),
    pytest.param(base64.b64encode("p=١٢".encode()).decode(), id="arabic-digits"),
])
def test_a_cursor_that_was_not_given_by_the_api_answers_400_naming_it(api, cursor):
    response = api.get("/api/v1/works/", {"cursor": cursor})

    assert response.status_code == 400
    assert response.json() == error(400, "invalid", "Invalid input.", {
        "cursor": ["Invalid cursor: use the next or previous link."],
    })


# One shape for every error ----------------------------------------------------------------------


def test_a_bad_filter_value_answers_400_naming_the_filter(api):
    response = api.get("/api/v1/works/", {"year": "abc"})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == error(400, "invalid", "Invalid input.", {"year": ["Enter a whole number."]})


def test_a_filter_naming_an_unknown_record_answers_400_naming_the_filter(api):
    response = api.get("/api/v1/works/", {"director": "nobody-at-all"})

    assert response.status_code == 400
    assert response.json() == error(400, "invalid", "Invalid input.", {
        "director": ["No person has the slug or id 'nobody-at-all'."],
    })


def test_an_unknown_parameter_answers_400_naming_it_and_the_parameters_the_list_takes(api):
    response = api.get("/api/v1/sections/", {"colour": "red"})

    assert response.status_code == 400
    assert response.json() == error(400, "invalid", "Invalid input.", {
        "colour": ["Unknown parameter. This list takes: edition, festival, kind."],
    })


@pytest.mark.parametrize("path", ["works/999999", "works/99999999999999999999999", "works/no-such-work", "works/²"])
def test_an_unknown_record_answers_404_in_the_error_shape(api, path):
    response = api.get(f"/api/v1/{path}/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    value = path.removeprefix("works/")
    assert response.json() == error(404, "not_found", f"No work has the id or slug '{value}'.")


@pytest.mark.parametrize("resource", ["works", "sources"])
def test_a_slug_with_a_nul_character_answers_404_not_a_server_error(api, resource):
    # PostgreSQL refuses a NUL in a text parameter, so the lookup must not reach the database with one.
    response = api.get(f"/api/v1/{resource}/a%00b/")

    assert response.status_code == 404
    name, value = resource.removesuffix("s"), "a\x00b"
    assert response.json() == error(404, "not_found", f"No {name} has the id or slug {value!r}.")


@pytest.mark.parametrize("path", ["seasons/²", "seasons/99999999999999999999999"])
def test_an_id_that_is_not_a_plain_number_answers_404_for_a_resource_without_slugs(api, path):
    response = api.get(f"/api/v1/{path}/")

    assert response.status_code == 404
    value = path.removeprefix("seasons/")
    assert response.json() == error(404, "not_found", f"No season has the id '{value}'.")


@pytest.mark.parametrize("path", ["/api/v1/nothing/", "/api/v1/works/1/credits/", "/api/nothing/"])
def test_an_unknown_path_under_the_api_answers_404_in_the_error_shape(api, path):
    response = api.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == error(404, "not_found", f"Nothing is found at {path}.")


@pytest.mark.parametrize(("method", "path", "allowed"), [
    ("put", "/api/v1/works/", "GET, POST, HEAD, OPTIONS"),
    ("patch", "/api/v1/works/", "GET, POST, HEAD, OPTIONS"),
    ("delete", "/api/v1/works/", "GET, POST, HEAD, OPTIONS"),
    ("post", "/api/v1/works/{id}/", "GET, PUT, PATCH, DELETE, HEAD, OPTIONS"),
    ("post", "/api/v1/works/{slug}/", "GET, PUT, PATCH, DELETE, HEAD, OPTIONS"),
])
def test_a_method_a_route_does_not_take_answers_405_and_changes_nothing(api, curator, method, path, allowed):
    work = make_works(1)[0]
    api.force_login(curator)  # a curator may write, so only the method is wrong

    response = getattr(api, method)(path.format(id=work.pk, slug=work.slug), {"title": "Changed"}, format="json")

    assert response.status_code == 405
    assert response["Allow"] == allowed
    assert response.json() == error(405, "method_not_allowed", f'Method "{method.upper()}" not allowed.')
    work.refresh_from_db()
    assert (models.Work.objects.count(), work.title) == (1, "Work 001")


@pytest.mark.parametrize("path", ["/api/v1/works/", "/api/v1/works/{id}/"])
def test_a_media_type_the_api_cannot_serve_answers_406_in_json(api, path):
    work = make_works(1)[0]

    response = api.get(path.format(id=work.pk), HTTP_ACCEPT="application/xml")  # lists answer CSV (test_csv.py)

    assert response.status_code == 406
    assert response["Content-Type"] == "application/json"
    assert response.json() == error(406, "not_acceptable", "Could not satisfy the request Accept header.")


# Around the API ---------------------------------------------------------------------------------


def test_the_browsable_api_answers_html_to_a_browser(api):
    make_works(3)

    response = api.get("/api/v1/works/", HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert b"Work 001" in response.content


RESOURCES = ["works", "seasons", "people", "organisations", "festivals", "editions", "sections", "selections",
             "awards", "nominations", "subjects", "sources"]


# The parts of records, each a sub-resource that curators write to.
PARTS = ["credits", "title-variants", "work-subjects", "release-events", "person-names", "organisation-names",
         "festival-names", "award-names", "subject-names", "citations", "external-ids"]


def test_the_schema_is_an_openapi_3_document_listing_every_path_of_the_api(api):
    response = api.get("/api/schema/")

    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    every = [*RESOURCES, *PARTS]
    assert sorted(path for path in document["paths"] if path.startswith("/api/v1/")) == sorted(
        [f"/api/v1/{resource}/" for resource in every] + [f"/api/v1/{resource}/{{id}}/" for resource in every]
        + [f"/api/v1/{resource}/{{id}}/history/" for resource in every]
        + [f"/api/v1/{resource}/{{id}}/merge/" for resource in ("people", "organisations", "works")]
        + ["/api/v1/search/", "/api/v1/lookup/", "/api/v1/import/"]
    )
    for path, operations in document["paths"].items():
        if path.endswith("/history/") or path in {"/api/v1/search/", "/api/v1/lookup/"}:
            expected = {"get"}
        elif path.endswith("/merge/") or path == "/api/v1/import/":
            expected = {"post"}
        else:
            expected = {"get", "post"} if path.count("/") == 4 else {"get", "put", "patch", "delete"}
        assert set(operations) == expected, path


def test_the_swagger_ui_loads_its_assets_from_the_server_itself(client, db):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    page = response.content.decode()
    assert '"/api/schema/"' in page
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert {asset.rsplit("/", 1)[-1] for asset in assets} >= {"swagger-ui.css", "swagger-ui-bundle.js"}
    assert not re.search(r"https?://|//cdn|jsdelivr|unpkg", page)
    for asset in assets:
        assert asset.startswith("/static/")
        assert finders.find(asset.removeprefix("/static/")) is not None, asset


def test_a_write_that_is_not_json_answers_415_and_changes_nothing(api, curator):
    api.force_login(curator)
    response = api.post("/api/v1/festivals/", {"name": "Form Fest", "slug": "form-fest"}, format="multipart")
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert not models.Festival.objects.filter(slug="form-fest").exists()
