"""Conditional requests on the read API: ETag and Last-Modified on every list and detail, 304 Not
Modified to If-None-Match and If-Modified-Since (RFC 9110, section 13), and the ETags that writes
answer and If-Match compares."""
import re
from datetime import timedelta

import pytest
from django.utils.http import http_date, parse_http_date

from catalogue import models
from catalogue.choices import CreditRole

from .. import factories as make
from .conftest import token_client
from .test_writes import RECORD, RESOURCES

API = "/api/v1"
HTTP_DATE = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                       r"\d{4} \d\d:\d\d:\d\d GMT$")


def assert_not_modified(response, etag):
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def modified(record):
    return http_date(record.updated_at.timestamp())


# Every resource -----------------------------------------------------------------------------------


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_list_and_detail_answers_304_to_its_own_etag(api, resource):
    record = RECORD[resource]()
    record.refresh_from_db()
    for path in (f"{API}/{resource}/", f"{API}/{resource}/{record.pk}/"):
        first = api.get(path)
        assert first.status_code == 200, path
        assert first["Cache-Control"] == "no-cache"
        assert first["Last-Modified"] == modified(record), path
        assert_not_modified(api.get(path, HTTP_IF_NONE_MATCH=first["ETag"]), first["ETag"])
        assert_not_modified(api.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]), first["ETag"])


@pytest.mark.parametrize("path", ["/search/?q=siege", "/lookup/?imdb=tt1832382", "/works/siege/history/", "/"])
def test_search_lookup_history_and_the_root_answer_304_too(api, path):
    work = make.work(title="Siege", slug="siege")
    models.ExternalId.objects.create(content_object=work, scheme="imdb", value="tt1832382")
    first = api.get(API + path)
    assert first.status_code == 200
    if path != "/":
        assert parse_http_date(first["Last-Modified"]) >= int(work.created_at.timestamp())
    assert_not_modified(api.get(API + path, HTTP_IF_NONE_MATCH=first["ETag"]), first["ETag"])


# The ETag -----------------------------------------------------------------------------------------


def test_the_etag_changes_after_a_write_and_the_old_one_gets_the_new_body(api, writer):
    work = make.work(title="Before")
    path = f"{API}/works/{work.pk}/"
    before, listed = api.get(path), api.get(f"{API}/works/")
    assert writer.patch(path, {"title": "After"}, format="json").status_code == 200
    after = api.get(path, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after.json()["title"] == "After"
    assert after["ETag"] != before["ETag"]
    again = api.get(f"{API}/works/", HTTP_IF_NONE_MATCH=listed["ETag"])
    assert again.status_code == 200
    assert again.json()["results"][0]["title"] == "After"


def test_a_detail_changes_its_etag_when_a_part_it_nests_changes(api):
    work = make.work()
    path = f"{API}/works/{work.pk}/"
    before = api.get(path)
    models.Credit.objects.create(work=work, person=make.person(name="Hamed Hadian"), role=CreditRole.DIRECTOR)
    work.refresh_from_db()
    assert modified(work) == before["Last-Modified"]  # the work itself was not saved
    after = api.get(path, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after.json()["credits"][0]["person"]["name"] == "Hamed Hadian"


def test_a_record_leaving_a_list_changes_the_lists_etag(api):
    kept, dropped = make.work(), make.work()
    before = api.get(f"{API}/works/")
    dropped.delete()
    after = api.get(f"{API}/works/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert [item["id"] for item in after.json()["results"]] == [kept.pk]


def test_the_json_and_csv_of_a_list_have_their_own_etags(api):
    make.work()
    json_tag = api.get(f"{API}/works/")["ETag"]
    csv = api.get(f"{API}/works/", HTTP_ACCEPT="text/csv", HTTP_IF_NONE_MATCH=json_tag)
    assert csv.status_code == 200
    assert csv["ETag"] != json_tag
    assert_not_modified(api.get(f"{API}/works/", HTTP_ACCEPT="text/csv", HTTP_IF_NONE_MATCH=csv["ETag"]), csv["ETag"])


IF_NONE_MATCH = {
    "the weak form": lambda tag: f"W/{tag}",
    "a list holding it": lambda tag: f'"0123", {tag}, "4567"',
    "any tag": lambda tag: "*",
}


@pytest.mark.parametrize("offered", IF_NONE_MATCH.values(), ids=IF_NONE_MATCH.keys())
def test_if_none_match_compares_weakly_and_takes_lists_and_any(api, offered):
    path = f"{API}/works/{make.work().pk}/"
    tag = api.get(path)["ETag"]
    assert_not_modified(api.get(path, HTTP_IF_NONE_MATCH=offered(tag)), tag)


@pytest.mark.parametrize("offered", ['"stale"', 'W/"stale", "0123"', "not a tag"])
def test_a_stale_or_malformed_tag_gets_the_whole_answer(api, offered):
    work = make.work(title="Siege")
    response = api.get(f"{API}/works/{work.pk}/", HTTP_IF_NONE_MATCH=offered)
    assert response.status_code == 200
    assert response.json()["title"] == "Siege"


# Last-Modified ------------------------------------------------------------------------------------


def test_last_modified_is_the_records_updated_at_and_the_newest_on_a_list_page(api):
    old, new = make.work(), make.work()
    models.Work.objects.filter(pk=old.pk).update(updated_at=new.updated_at - timedelta(days=400))
    old.refresh_from_db()
    detail = api.get(f"{API}/works/{old.pk}/")["Last-Modified"]
    assert HTTP_DATE.match(detail)
    assert detail == modified(old)
    assert api.get(f"{API}/works/")["Last-Modified"] == modified(new)
    assert api.get(f"{API}/works/", {"page_size": 1, "ordering": "-updated"})["Last-Modified"] == modified(new)
    assert api.get(f"{API}/works/", {"page_size": 1, "ordering": "updated"})["Last-Modified"] == modified(old)


def test_an_empty_list_has_an_etag_and_no_last_modified(api, db):
    response = api.get(f"{API}/works/")
    assert response.json()["results"] == []
    assert "Last-Modified" not in response
    assert_not_modified(api.get(f"{API}/works/", HTTP_IF_NONE_MATCH=response["ETag"]), response["ETag"])
    assert api.get(f"{API}/works/", HTTP_IF_MODIFIED_SINCE=http_date()).status_code == 200


def test_if_modified_since_answers_304_unless_the_record_changed_after_it(api):
    work = make.work()
    path = f"{API}/works/{work.pk}/"
    stamp = int(work.updated_at.timestamp())
    assert api.get(path, HTTP_IF_MODIFIED_SINCE=http_date(stamp)).status_code == 304
    assert api.get(path, HTTP_IF_MODIFIED_SINCE=http_date(stamp + 3600)).status_code == 304
    assert api.get(path, HTTP_IF_MODIFIED_SINCE=http_date(stamp - 1)).status_code == 200
    for unreadable in ("yesterday", "2024-01-01T00:00:00Z", ""):
        assert api.get(path, HTTP_IF_MODIFIED_SINCE=unreadable).status_code == 200


def test_if_none_match_takes_precedence_over_if_modified_since(api):
    path = f"{API}/works/{make.work().pk}/"
    first = api.get(path)
    stale_tag_fresh_date = api.get(path, HTTP_IF_NONE_MATCH='"stale"', HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert stale_tag_fresh_date.status_code == 200
    current_tag_old_date = api.get(path, HTTP_IF_NONE_MATCH=first["ETag"],
                                   HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 1990 00:00:00 GMT")
    assert_not_modified(current_tag_old_date, first["ETag"])


# HEAD, errors and writes --------------------------------------------------------------------------


def test_head_answers_the_same_validators_and_304(api):
    work = make.work()
    for path in (f"{API}/works/", f"{API}/works/{work.pk}/"):
        got, head = api.get(path), api.head(path)
        assert head.status_code == 200
        assert head.content == b""
        assert (head["ETag"], head["Last-Modified"]) == (got["ETag"], got["Last-Modified"])
        assert_not_modified(api.head(path, HTTP_IF_NONE_MATCH=got["ETag"]), got["ETag"])


@pytest.mark.parametrize(("path", "status"), [
    ("/works/no-such-work/", 404), ("/works/?year=not-a-year", 400), ("/works/?colour=red", 400),
    ("/works/siege/?format=csv", 406), ("/works/?page=99", 404),
])
def test_errors_are_never_304_and_carry_no_validators(api, path, status):
    make.work(slug="siege")
    response = api.get(API + path, HTTP_IF_NONE_MATCH="*", HTTP_IF_MODIFIED_SINCE=http_date())
    assert response.status_code == status
    assert response.json()["status"] == status
    assert "ETag" not in response and "Last-Modified" not in response


def test_a_write_answers_the_etag_the_next_read_answers_and_if_match_accepts(api, writer):
    work = make.work()
    path = f"{API}/works/{work.pk}/"
    written = writer.patch(path, {"title": "Changed"}, format="json")
    assert written["ETag"] == api.get(path)["ETag"]
    assert_not_modified(api.get(path, HTTP_IF_NONE_MATCH=written["ETag"]), written["ETag"])
    # If-None-Match on a write is not a read's condition: the write is made.
    assert writer.patch(path, {"title": "Again"}, format="json", HTTP_IF_NONE_MATCH="*").status_code == 200


def test_if_match_compares_the_records_own_version_so_a_change_to_its_parts_refuses_nothing(api, writer):
    work = make.work()
    path = f"{API}/works/{work.pk}/"
    read = api.get(path)["ETag"]
    models.TitleVariant.objects.create(work=work, title="Another", kind="alternative")
    assert api.get(path)["ETag"] != read
    assert writer.patch(path, {"title": "Changed"}, format="json", HTTP_IF_MATCH=read).status_code == 200
    assert writer.patch(path, {"title": "Again"}, format="json", HTTP_IF_MATCH=read).status_code == 412


def test_a_conditional_read_costs_the_queries_of_a_plain_one(api, django_assert_num_queries):
    make.work()
    tag = api.get(f"{API}/works/")["ETag"]
    # 1 count, 2 page of works, 3 their citations with sources and publishers
    with django_assert_num_queries(3):
        plain = api.get(f"{API}/works/")
    with django_assert_num_queries(3):
        conditional = api.get(f"{API}/works/", HTTP_IF_NONE_MATCH=tag)
    assert (plain.status_code, conditional.status_code) == (200, 304)


# The Redis response cache -------------------------------------------------------------------------



@pytest.mark.parametrize("path", ["/works/", "/works/siege/", "/search/?q=siege"])
def test_a_cached_answer_keeps_its_validators_and_answers_304_without_a_query(redis_cache, api, path,
                                                                              django_assert_num_queries):
    make.work(title="Siege", slug="siege")
    miss = api.get(API + path)
    hit = api.get(API + path)
    assert (miss["X-Cache"], hit["X-Cache"]) == ("miss", "hit")
    assert (hit["ETag"], hit["Last-Modified"]) == (miss["ETag"], miss["Last-Modified"])
    with django_assert_num_queries(0):
        assert_not_modified(api.get(API + path, HTTP_IF_NONE_MATCH=miss["ETag"]), miss["ETag"])
        assert api.get(API + path, HTTP_IF_MODIFIED_SINCE=miss["Last-Modified"]).status_code == 304


def test_a_write_moves_a_cached_answers_etag_on(redis_cache, api, writer):
    work = make.work(title="Siege", slug="siege")
    before = api.get(f"{API}/works/siege/")
    assert writer.patch(f"{API}/works/siege/", {"synopsis": "Amerli, 2014."}, format="json").status_code == 200
    after = api.get(f"{API}/works/siege/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert (after.status_code, after["X-Cache"]) == (200, "miss")
    work.refresh_from_db()
    assert after["Last-Modified"] == modified(work)


def test_a_curators_token_reads_conditionally_too(curator):
    client = token_client(curator)
    path = f"{API}/works/{make.work().pk}/"
    tag = client.get(path)["ETag"]
    assert_not_modified(client.get(path, HTTP_IF_NONE_MATCH=tag), tag)
