"""JSON answers are written by orjson (catalogue/api/renderers.py) and are byte for byte what DRF's
own JSONRenderer writes: the tests in tests/api compare bodies, and clients may compare bytes."""
import datetime
import decimal
import uuid

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import ErrorDetail
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from catalogue.api.renderers import ORJSONRenderer

from .. import factories as make

API = "/api/v1"
TEHRAN = datetime.timezone(datetime.timedelta(hours=3, minutes=30))

AWKWARD = {
    "utc datetime": datetime.datetime(2014, 8, 31, 12, 30, 5, 120000, tzinfo=datetime.UTC),
    "datetime elsewhere": datetime.datetime(2014, 8, 31, 12, 30, tzinfo=TEHRAN),
    "naive datetime": datetime.datetime(2014, 8, 31, 12, 30),
    "date": datetime.date(2014, 8, 31),
    "time": datetime.time(12, 30, 5),
    "duration": datetime.timedelta(minutes=90),
    "decimal": decimal.Decimal("83.50"),
    "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "lazy translation": gettext_lazy("Invalid input."),
    "error detail": ErrorDetail("A valid integer is required.", code="invalid"),
    "serializer data": ReturnDict({"id": 1, "titles": ReturnList([{"title": "Siege"}], serializer=None)},
                                  serializer=None),
    "persian and arabic script": "قاسم سلیمانی · 360° Siege",
    "line and paragraph separators": "one\u2028two\u2029three",
    "integer keys, as a list field's errors": {0: ["Not a valid code."], 3: ["Not a valid code."]},
    "an integer past 64 bits": 2 ** 70,
    "tuples and sets": {"pair": (1, 2), "set": {3}},
    "nothing": None,
    "floats": [1.5, 0.1, -2.0],
}


@pytest.mark.parametrize("value", AWKWARD.values(), ids=AWKWARD.keys())
def test_orjson_writes_the_bytes_drfs_renderer_writes(value):
    data = {"value": value, "list": [value]}
    assert ORJSONRenderer().render(data) == JSONRenderer().render(data)


def test_non_ascii_stays_utf_8_and_the_separators_are_escaped_for_javascript():
    body = ORJSONRenderer().render({"name": "قاسم\u2028"})
    assert body == '{"name":"قاسم\\u2028"}'.encode()


@pytest.mark.parametrize("media_type", ["application/json; indent=4", "text/html"])
def test_indented_output_is_drfs_own(media_type):
    data = {"title": "Siege", "year": 2016}
    context = {"indent": 4} if media_type == "text/html" else {}
    assert ORJSONRenderer().render(data, media_type, context) == JSONRenderer().render(data, media_type, context)
    assert b'\n    "title": "Siege"' in ORJSONRenderer().render(data, media_type, context)


def test_a_type_neither_knows_fails_rather_than_becoming_null():
    with pytest.raises(TypeError):
        ORJSONRenderer().render({"value": object()})


def test_nothing_renders_as_an_empty_body():
    assert ORJSONRenderer().render(None) == b""


PATHS = ["/works/", "/works/?pagination=cursor", "/works/siege/", "/works/siege/history/", "/search/?q=siege",
         "/people/?q=قاسم", "/works/?year=not-a-year", "/works/nothing-here/", "/"]


@pytest.mark.parametrize("path", PATHS)
def test_the_api_answers_json_through_orjson_with_drfs_bytes(api, path):
    work = make.work(title="360° Siege", slug="siege", synopsis="Amerli, 2014\u2028…")
    make.person(name="قاسم سلیمانی")
    work.countries.set(["IR"])
    response = api.get(API + path)
    assert isinstance(response.accepted_renderer, ORJSONRenderer)
    assert response["Content-Type"] == "application/json"
    assert response.content == JSONRenderer().render(response.data)


def test_csv_and_the_browsable_api_still_answer(api):
    make.work(title="360° Siege", slug="siege")
    csv = api.get(f"{API}/works/", HTTP_ACCEPT="text/csv")
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    assert "360° Siege" in csv.content.decode()
    page = api.get(f"{API}/works/siege/", HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert "&quot;title&quot;: &quot;360° Siege&quot;" in page.content.decode()  # indented by DRF, by 4


def test_errors_of_a_csv_request_are_json_written_by_orjson(api, db):
    response = api.get(f"{API}/works/", {"format": "csv", "year": "not-a-year"})
    assert response.status_code == 400
    assert isinstance(response.accepted_renderer, ORJSONRenderer)
    assert response.json()["errors"] == {"year": ["Enter a whole number."]}


def test_the_schema_is_still_served(api, db):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/v1/works/" in response.json()["paths"]
